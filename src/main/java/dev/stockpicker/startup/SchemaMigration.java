package dev.stockpicker.startup;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every role migrates on start, after waiting for PostgreSQL. Flyway takes a PostgreSQL advisory lock, so web
 * replicas, workers and beat starting together apply each migration exactly once.
 */
@Configuration(proxyBeanMethods = false)
class SchemaMigration {

    @Bean
    AppliedMigrations appliedMigrations() {
        return new AppliedMigrations();
    }

    @Bean
    FlywayMigrationStrategy waitThenMigrate(AppliedMigrations applied) {
        return flyway -> applied.record(
                ServiceWait.fromEnvironment().until("PostgreSQL (schema migration)", flyway::migrate));
    }
}
