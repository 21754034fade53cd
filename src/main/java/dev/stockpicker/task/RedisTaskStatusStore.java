package dev.stockpicker.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task statuses as one Redis hash per task ({@code task:ID}, kept for a day) and a sorted set {@code tasks:recent} of
 * task ids scored by their last update, trimmed to the newest {@value #RECENT_KEPT}.
 */
@Component
class RedisTaskStatusStore implements TaskStatusStore {

    static final Duration KEPT_FOR = Duration.ofHours(24);
    static final int RECENT_KEPT = 500;

    /*
     * One script per update, so the hash, its expiry and the recent set change together. A "queued" written after the
     * broker's confirm can arrive after a fast worker already reported on the same attempt: the script then leaves the
     * newer status alone.
     */
    private static final RedisScript<Long> WRITE = new DefaultRedisScript<>("""
            -- KEYS: the task's hash, the recent set. ARGV: ttl ms, score, task id, entries to keep,
            -- skip when this attempt or a later one is already stored (0: never), n fields to clear, the n fields,
            -- then field/value pairs to set.
            local guard = tonumber(ARGV[5])
            if guard > 0 then
                local stored = tonumber(redis.call('HGET', KEYS[1], 'attempts'))
                if stored and stored >= guard then
                    return 0
                end
            end
            local cleared = tonumber(ARGV[6])
            if cleared > 0 then
                redis.call('HDEL', KEYS[1], unpack(ARGV, 7, 6 + cleared))
            end
            redis.call('HSET', KEYS[1], unpack(ARGV, 7 + cleared))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]) - 1)
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return 1
            """, Long.class);

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper json = JsonMapper.builder().build();
    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisTaskStatusStore(StringRedisTemplate redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void queued(TaskMessage task) {
        write(task, TaskState.QUEUED, true, changes("worker", null, "reason", null, "result", null,
                "duration_ms", null));
    }

    @Override
    public void running(TaskMessage task, String worker) {
        write(task, TaskState.RUNNING, false, changes("worker", worker, "reason", null, "result", null,
                "duration_ms", null));
    }

    @Override
    public void retrying(TaskMessage task, String reason) {
        write(task, TaskState.RETRYING, false, changes("reason", reason, "result", null, "duration_ms", null));
    }

    @Override
    public void done(TaskMessage task, String result, long durationMs) {
        write(task, TaskState.DONE, false, changes("result", result, "reason", null,
                "duration_ms", Long.toString(durationMs)));
    }

    @Override
    public void failed(TaskMessage task, String reason, long durationMs) {
        write(task, TaskState.FAILED, false, changes("reason", reason, "result", null,
                "duration_ms", Long.toString(durationMs)));
    }

    @Override
    public Optional<TaskStatus> find(String id) {
        Map<String, String> hash = redis.<String, String>opsForHash().entries(keys.key("task", id));
        return hash.isEmpty() ? Optional.empty() : Optional.of(status(hash));
    }

    @Override
    public List<TaskStatus> recent(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Set<String> ids = redis.opsForZSet().reverseRange(keys.key("tasks", "recent"), 0, limit - 1L);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        // One round trip for all hashes; ids whose hash has expired come back empty and are skipped.
        List<Object> hashes = redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                var hashOps = ((RedisOperations<String, String>) operations).opsForHash();
                ids.forEach(id -> hashOps.entries(keys.key("task", id)));
                return null;
            }
        });
        List<TaskStatus> statuses = new ArrayList<>();
        for (Object hash : hashes) {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) hash;
            if (fields != null && !fields.isEmpty()) {
                statuses.add(status(fields));
            }
        }
        return statuses;
    }

    /** Sets the fields every status has plus {@code changes}; a null change clears that field. */
    private void write(TaskMessage task, TaskState state, boolean onlyIfNewer, Map<String, String> changes) {
        Instant now = clock.instant();
        Map<String, String> set = new LinkedHashMap<>();
        set.put("id", task.id());
        set.put("name", task.name());
        set.put("args", json.writeValueAsString(task.args()));
        set.put("state", state.json());
        set.put("attempts", Integer.toString(task.attempt()));
        set.put("updated_at", now.toString());
        List<String> cleared = new ArrayList<>();
        changes.forEach((field, value) -> {
            if (value == null) {
                cleared.add(field);
            }
            else {
                set.put(field, value);
            }
        });

        List<String> args = new ArrayList<>(List.of(Long.toString(KEPT_FOR.toMillis()),
                Long.toString(now.toEpochMilli()), task.id(), Integer.toString(RECENT_KEPT),
                Integer.toString(onlyIfNewer ? task.attempt() : 0), Integer.toString(cleared.size())));
        args.addAll(cleared);
        set.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        redis.execute(WRITE, List.of(keys.key("task", task.id()), keys.key("tasks", "recent")), args.toArray());
    }

    private TaskStatus status(Map<String, String> hash) {
        String duration = hash.get("duration_ms");
        return new TaskStatus(hash.get("id"), hash.get("name"), json.readValue(hash.get("args"), STRINGS),
                TaskState.valueOf(hash.get("state").toUpperCase(Locale.ROOT)), Integer.parseInt(hash.get("attempts")),
                hash.get("reason"), hash.get("result"), hash.get("worker"), Instant.parse(hash.get("updated_at")),
                duration == null ? null : Long.valueOf(duration));
    }

    /** Field/value pairs in order; values may be null. */
    private static Map<String, String> changes(String... pairs) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            changes.put(pairs[i], pairs[i + 1]);
        }
        return changes;
    }
}
