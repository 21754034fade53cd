package dev.stockpicker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of the web role on a random port against the real PostgreSQL test database, RabbitMQ (no worker consumes)
 * and Redis, with the admin on. Every class with this annotation and nothing else that changes the configuration
 * shares one context: add settings here rather than per class, or the run starts another context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stockpicker.admin.user=" + AdminAccount.USER, "stockpicker.admin.password=" + AdminAccount.PASSWORD })
@ActiveProfiles({ "test", "web" })
@ContextConfiguration(initializers = { TestDatabase.class, OwnTaskQueues.class })
@Import(OwnTaskQueues.Cleanup.class)
public @interface DatabaseTest {
}
