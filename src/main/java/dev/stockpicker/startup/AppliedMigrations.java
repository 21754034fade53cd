package dev.stockpicker.startup;

import java.util.stream.Collectors;

import org.flywaydb.core.api.output.MigrateResult;

/** What the schema migration at start did, so that {@code migrate} can say it instead of a fixed line. */
public final class AppliedMigrations {

    private volatile MigrateResult result;

    void record(MigrateResult result) {
        this.result = result;
    }

    /** E.g. "applied 2 migrations (1 tickers and quotes, 2 stack events); schema at version 2". */
    public String describe() {
        MigrateResult applied = result;
        if (applied == null) {
            return "no migration ran (spring.flyway.enabled=false)";
        }
        String version = applied.targetSchemaVersion != null ? applied.targetSchemaVersion
                : applied.initialSchemaVersion;
        if (applied.migrationsExecuted == 0) {
            return "schema up to date at version " + version + ", no migration applied";
        }
        String which = applied.migrations.stream().map(m -> m.version + " " + m.description)
                .collect(Collectors.joining(", "));
        return "applied " + applied.migrationsExecuted + " migration" + (applied.migrationsExecuted == 1 ? "" : "s")
                + " (" + which + "); schema at version " + version;
    }
}
