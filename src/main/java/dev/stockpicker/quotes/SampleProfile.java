package dev.stockpicker.quotes;

import java.util.SplittableRandom;

/**
 * The made-up character of one symbol, fixed by its name: price level, how strongly it follows the market, how much it
 * wanders on its own and a slow cycle of beating and trailing the market (so moving-average signals point both ways).
 *
 * @param seed stream seed for the symbol's daily draws
 * @param market whether the symbol is the market itself (beta 1, nothing idiosyncratic)
 * @param anchorPrice close on {@link SampleQuoteSource#ANCHOR}, before the cycle term
 * @param beta sensitivity to the market's daily log return
 * @param alpha daily log drift of its own
 * @param sigma daily volatility of its own moves
 * @param cycleAmplitude amplitude of the cycle, in log price
 * @param cycleDays period of the cycle in calendar days
 * @param cyclePhase phase of the cycle in radians
 * @param baseVolume typical shares traded per day
 */
record SampleProfile(long seed, boolean market, double anchorPrice, double beta, double alpha, double sigma,
        double cycleAmplitude, double cycleDays, double cyclePhase, double baseVolume) {

    /** Typical size of a whole day's move, market part included: sets the intraday range. */
    double dayVolatility() {
        return StrictMath.sqrt(beta * SampleMarket.SIGMA * beta * SampleMarket.SIGMA + sigma * sigma);
    }

    static SampleProfile of(String symbol, boolean market) {
        long seed = SampleDraws.fnv1a(symbol);
        SplittableRandom random = new SplittableRandom(seed);
        double anchorPrice = 20.0 * StrictMath.pow(25.0, random.nextDouble()); // 20..500, log-uniform
        double baseVolume = StrictMath.pow(10.0, 5.5 + 2.0 * random.nextDouble()); // ~300 thousand..30 million
        if (market) {
            return new SampleProfile(seed, true, anchorPrice, 1.0, 0.0, 0.0, 0.0, 365.0, 0.0, baseVolume * 10);
        }
        return new SampleProfile(seed, false, anchorPrice, 0.6 + 0.8 * random.nextDouble(),
                (random.nextDouble() - 0.5) * 0.0006, 0.008 + 0.014 * random.nextDouble(),
                0.08 + 0.22 * random.nextDouble(), 250.0 + 850.0 * random.nextDouble(),
                2.0 * StrictMath.PI * random.nextDouble(), baseVolume);
    }

    /** The cycle's contribution to log price on a given day. */
    double cycle(long epochDay) {
        return market ? 0.0 : cycleAmplitude * StrictMath.sin(2.0 * StrictMath.PI * epochDay / cycleDays + cyclePhase);
    }

}
