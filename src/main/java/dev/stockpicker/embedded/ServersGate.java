package dev.stockpicker.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Lets a role's context start while the embedded servers are still starting: named in
 * {@code context.initializer.classes}, it holds the context after its configuration is read (conditions evaluated,
 * bean definitions registered) and before any bean is created, until the servers are up. Nothing in the roles
 * changes; they only find their servers ready when they first connect.
 */
public final class ServersGate implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static volatile Future<?> servers = CompletableFuture.completedFuture(null);

    static void waitFor(Future<?> serversStarted) {
        servers = serversStarted;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // A plain (not registry) post-processor added here runs after the configuration classes are processed.
        context.addBeanFactoryPostProcessor(beanFactory -> await());
    }

    private static void await() {
        try {
            servers.get();
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("the embedded servers did not start: " + e.getCause(), e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded servers", e);
        }
    }
}
