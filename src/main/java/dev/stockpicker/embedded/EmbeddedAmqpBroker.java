package dev.stockpicker.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.port.AmqpPort;

/**
 * An AMQP 0-9-1 broker in this JVM: Apache Qpid Broker-J with its memory store, on 127.0.0.1 and an ephemeral port,
 * user guest/guest, virtual host {@code stockpicker} (also reached as {@code /}). Messages live in memory: a task
 * pending at shutdown is lost, and beat's start-up refresh covers it. Broker-J reports its product name, so the task
 * topology declares its own retry queues on it (see {@code TaskTopology.Broker}).
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {

    public static final String VIRTUAL_HOST = "stockpicker";
    public static final String USER = "guest";
    public static final String PASSWORD = "guest";

    private final SystemLauncher launcher;
    private final int port;

    private EmbeddedAmqpBroker(SystemLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    /** Starts a broker on an ephemeral port whose scratch directory is {@code workDir}. */
    public static EmbeddedAmqpBroker start(Path workDir) throws Exception {
        return start(workDir, 0);
    }

    /** Starts a broker on {@code port} (0: any free one); fails when it cannot listen there. */
    public static EmbeddedAmqpBroker start(Path workDir, int port) throws Exception {
        Files.createDirectories(workDir);
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system.set(systemConfig);
            }

            @Override
            public void errorOnStartup(RuntimeException e) {
                failure.set(e);
            }
        });
        Map<String, String> context = new HashMap<>();
        context.put("qpid.work_dir", workDir.toAbsolutePath().toString());
        context.put("qpid.amqp_port", Integer.toString(port));
        context.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\": \"Noop\"}");
        // Retry delays expire in the virtual host's housekeeping: run it often, so a 2 s delay takes about 2 s.
        context.put("virtualhost.housekeepingCheckPeriod", "100");
        // A few threads, not the default dozens: this is one small local stack.
        context.put("virtualhost.connectionThreadPool.size", "4");
        context.put("virtualhost.connectionThreadPool.numberOfSelectors", "1");
        context.put("qpid.port.amqp.threadPool.size", "4");
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation",
                EmbeddedAmqpBroker.class.getResource("/embedded/qpid-broker.json").toExternalForm());
        // Given explicitly: Broker-J's defaults are classpath: URLs, a protocol its handler serves only when it is on
        // the system class path, which it is not inside the executable jar.
        attributes.put("initialSystemPropertiesLocation",
                EmbeddedAmqpBroker.class.getResource("/embedded/qpid-system.properties").toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context);
        launcher.startup(attributes);
        if (failure.get() != null) {
            launcher.shutdown();
            throw failure.get();
        }
        int bound = boundPort(system.get());
        if (bound <= 0) {
            // Broker-J does not fail on a port in use: its port object just does not open.
            launcher.shutdown();
            throw new IOException("the embedded AMQP broker could not listen on port " + port);
        }
        return new EmbeddedAmqpBroker(launcher, bound);
    }

    private static int boundPort(SystemConfig<?> system) {
        if (system == null) {
            return -1;
        }
        Broker<?> broker = (Broker<?>) system.getContainer(Broker.class);
        for (Port<?> port : broker.getChildren(Port.class)) {
            if (port instanceof AmqpPort<?> amqp) {
                return amqp.getBoundPort();
            }
        }
        return -1;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        launcher.shutdown();
    }
}
