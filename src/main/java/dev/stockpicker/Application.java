package dev.stockpicker;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;

import dev.stockpicker.command.Role;
import dev.stockpicker.embedded.EmbeddedMode;

/**
 * The one entry point of the jar: {@code java -jar stockpicker.jar <role|command> [args]}. A role runs until it is
 * stopped; a command does its job and exits with its status.
 * <p>
 * The scan finds what every role shares (repositories, the publisher, the Redis stores, configuration) and the four
 * role configurations, {@link WebRole}, {@link WorkerRole}, {@link BeatRole} and {@link CommandRole}, which import
 * what only their role builds. Controllers stay out of the scan, so only the web role has any.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = { Controller.class, ControllerAdvice.class }) })
@ConfigurationPropertiesScan
public class Application {

    public static void main(String[] args) {
        Role role = args.length == 0 ? null : Role.named(args[0]);
        if (role == null) {
            System.err.println(Role.usage(args.length == 0 ? null : args[0]));
            System.exit(2);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (role == Role.EMBEDDED) {
            // Not a Spring context of its own: it starts its servers, then the roles above (see embedded/).
            EmbeddedMode.run(rest);
            return;
        }
        ConfigurableApplicationContext context = start(role, rest);
        if (role.isOneShot()) {
            int status = context.getBean(dev.stockpicker.command.CommandRunner.class).run(role, rest);
            System.exit(SpringApplication.exit(context, () -> status));
        }
    }

    /** Starts the Spring context for a role: only {@code web} serves HTTP; the role's profile picks its configuration. */
    public static ConfigurableApplicationContext start(Role role, String... args) {
        SpringApplication app = new SpringApplication(Application.class);
        app.setWebApplicationType(role == Role.WEB ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        app.setAdditionalProfiles(role.profile());
        return app.run(args);
    }
}
