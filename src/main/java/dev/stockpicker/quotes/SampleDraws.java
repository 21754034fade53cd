package dev.stockpicker.quotes;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Reproducible random draws for the sample source. Everything here is specified bit for bit (FNV-1a, SplitMix64 via
 * {@link SplittableRandom}, {@link StrictMath}) so the same symbol gives the same prices on every JVM and machine.
 */
final class SampleDraws {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    private static final long FNV_PRIME = 0x100000001b3L;

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SampleDraws() {
    }

    /** 64-bit FNV-1a of the UTF-8 bytes: unlike {@link String#hashCode()} it is wide and documented to stay fixed. */
    static long fnv1a(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** A generator for one (stream, day) pair, so any day's draws are computable without those of earlier days. */
    static SplittableRandom forDay(long streamSeed, long epochDay) {
        return new SplittableRandom(mix(streamSeed + epochDay * GOLDEN_GAMMA));
    }

    /** A standard normal by Box-Muller; StrictMath keeps it identical across platforms. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    // Murmur3's 64-bit finalizer: spreads neighbouring days over the whole seed space.
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

}
