package dev.stockpicker.api;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Fixtures;
import dev.stockpicker.task.TaskTopology;

/**
 * The corpus's {@code [admin off]} section, replayed with no ADMIN_USER/ADMIN_PASSWORD: every /admin/ request is the
 * JSON 404. The same settings as {@code admin/AdminOffTest}, so both share one context.
 */
@DatabaseTest
@TestPropertySource(properties = { "stockpicker.admin.user=", "stockpicker.admin.password=" })
class BadInputCorpusAdminOffTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    AmqpAdmin amqp;
    @Autowired
    TaskTopology topology;
    @Autowired
    StringRedisTemplate redis;
    @Value("${stockpicker.redis-namespace}")
    String namespace;
    @LocalServerPort
    int port;

    @Test
    void everyAdminRequestIsA404AndNothingIsStored() {
        BadInputCorpusTest.replayAndCheck(port, "admin off", fixtures,
                new CorpusStores(fixtures, amqp, topology, redis, namespace));
    }
}
