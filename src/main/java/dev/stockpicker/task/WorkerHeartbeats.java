package dev.stockpicker.task;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is working: each worker beats every few seconds, storing {@code worker:ID} (JSON with its id, host, pid,
 * current task and last beat) with a one-minute expiry, and its id in the sorted set {@code workers} scored by that
 * beat. A worker that stops beating drops out of {@link #alive()} once the minute has passed.
 */
@Component
public class WorkerHeartbeats {

    static final Duration EXPIRY = Duration.ofSeconds(60);

    // KEYS: the worker's key, the workers set. ARGV: beat JSON, expiry ms, worker id, now ms, cutoff ms.
    private static final RedisScript<Long> BEAT = new DefaultRedisScript<>("""
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1
            """, Long.class);

    private final ObjectMapper json = JsonMapper.builder().build();
    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration expiry;
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();

    @Autowired
    WorkerHeartbeats(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
        this(redis, keys, clock, EXPIRY);
    }

    /** With another expiry, so tests need not wait a minute. */
    WorkerHeartbeats(StringRedisTemplate redis, RedisKeys keys, Clock clock, Duration expiry) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.expiry = expiry;
    }

    /** Records that {@code workerId} is alive and what it is doing ({@code currentTask} null when idle). */
    public void beat(String workerId, String currentTask) {
        Instant now = clock.instant();
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("id", workerId);
        beat.put("host", host);
        beat.put("pid", pid);
        beat.put("current_task", currentTask);
        beat.put("last_seen", now.toString());
        String value = json.writeValueAsString(beat);
        String workers = keys.key("workers");
        // One script on the shared connection (a pipeline would open a dedicated connection per beat); the key
        // carries its own expiry, so a beat cut short leaves nothing that lives forever.
        redis.execute(BEAT, List.of(keys.key("worker", workerId), workers), value, Long.toString(expiry.toMillis()),
                workerId, Long.toString(now.toEpochMilli()), Long.toString((long) cutoff(now)));
    }

    /** The workers that beat within the expiry, most recently seen first. */
    public List<WorkerInfo> alive() {
        Set<String> ids = redis.opsForZSet().reverseRangeByScore(keys.key("workers"), cutoff(clock.instant()),
                Double.POSITIVE_INFINITY);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> values = redis.opsForValue().multiGet(ids.stream().map(id -> keys.key("worker", id)).toList());
        List<WorkerInfo> alive = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            if (value != null) {
                JsonNode beat = json.readTree(value);
                JsonNode task = beat.get("current_task");
                alive.add(new WorkerInfo(beat.get("id").asString(), task == null || task.isNull() ? null
                        : task.asString(), Instant.parse(beat.get("last_seen").asString())));
            }
        }
        return alive;
    }

    /** Beats at or before this score are too old. */
    private double cutoff(Instant now) {
        return now.minus(expiry).toEpochMilli();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
