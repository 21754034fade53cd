package dev.stockpicker.embedded;

import java.nio.file.Path;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The zero-setup mode's own settings: where its data lives ({@code DATA_DIR}, default {@code ./data}) and the web
 * port it checks before starting anything ({@code SERVER_PORT}, default 8001; {@code --server.port=} works too).
 */
public record EmbeddedSettings(Path dataDir, int serverPort) {

    public static EmbeddedSettings from(String... args) {
        ConfigurableEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        String dataDir = environment.getProperty("DATA_DIR", "data");
        int port;
        try {
            port = Integer.parseInt(environment.getProperty("server.port", "8001").trim());
        }
        catch (NumberFormatException e) {
            throw new EmbeddedProblem("SERVER_PORT must be a port number, not '" + environment.getProperty(
                    "server.port") + "'");
        }
        return new EmbeddedSettings(Path.of(dataDir).toAbsolutePath().normalize(), port);
    }

    static EmbeddedProblem portProblem(int port) {
        return new EmbeddedProblem("port " + port + " is already in use: stop what uses it, or choose another port "
                + "with SERVER_PORT (e.g. SERVER_PORT=" + (port < 65535 ? port + 1 : 8002) + ")");
    }
}
