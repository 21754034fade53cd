package dev.stockpicker;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

import dev.stockpicker.command.CommandRunner;

/** What the one-shot commands ({@code migrate}, {@code load-tickers}, ...) build besides the shared beans. */
@Configuration(proxyBeanMethods = false)
@Profile("command")
@Import(CommandRunner.class)
class CommandRole {
}
