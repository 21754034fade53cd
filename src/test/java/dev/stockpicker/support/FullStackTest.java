package dev.stockpicker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole stack in one context: the web role and a worker on a random port, against the real PostgreSQL test
 * database, RabbitMQ and Redis, with the admin on and task queues of its own. The browser tests, the admin in the
 * browser and the health round trip share it (one context for all of them). One test instance per class, so
 * {@code @BeforeAll} can use the context's beans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stockpicker.tasks.first-retry-delay=200ms", "stockpicker.tasks.max-attempts=2",
        "stockpicker.tasks.worker-concurrency=2", "stockpicker.admin.user=" + AdminAccount.USER,
        "stockpicker.admin.password=" + AdminAccount.PASSWORD })
@ActiveProfiles({ "test", "web", "worker" })
@ContextConfiguration(initializers = { TestDatabase.class, OwnTaskQueues.class })
@Import(OwnTaskQueues.Cleanup.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface FullStackTest {
}
