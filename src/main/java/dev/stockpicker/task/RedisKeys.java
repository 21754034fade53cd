package dev.stockpicker.task;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Every Redis key starts with {@code REDIS_NAMESPACE:} so that several stacks can share one Redis. */
@Component
public class RedisKeys {

    private final String prefix;

    RedisKeys(@Value("${stockpicker.redis-namespace}") String namespace) {
        this.prefix = namespace + ":";
    }

    public String key(String... parts) {
        return prefix + String.join(":", parts);
    }
}
