package dev.stockpicker.embedded;

import org.springframework.boot.SpringApplication;

/**
 * {@code java -jar stockpicker.jar embedded} (and {@code ./mvnw spring-boot:run}): the whole stack in one process
 * with nothing installed but a JDK. Ctrl-C or SIGTERM stops the roles, then the servers. A problem the user can fix
 * (a port in use, a data folder in use) is one line on stderr and exit status 1.
 */
public final class EmbeddedMode {

    private EmbeddedMode() {
    }

    public static void run(String... args) {
        try {
            EmbeddedStack stack = new EmbeddedStack(EmbeddedSettings.from(args));
            // Runs after Spring has closed every context it knows (the roles), before the JVM exits; also when
            // Ctrl-C comes during the start.
            SpringApplication.getShutdownHandlers().add(stack::close);
            stack.start(args);
        }
        catch (EmbeddedProblem e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        catch (Exception e) {
            System.err.println("the zero-setup mode could not start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
