package dev.stockpicker.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A context of no long-running role: the repositories on the test database and Redis under a fresh key namespace,
 * and nothing that runs by itself, so a test can build and drive its own beats and start-ups. The command profile
 * adds only the one-shot commands' runner, which runs when a test calls it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "stockpicker.redis-namespace=beat-test-${random.uuid}")
@ActiveProfiles({ "test", "command" })
@ContextConfiguration(initializers = TestDatabase.class)
public @interface RoleFreeTest {
}
