package dev.stockpicker.health;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reference's health endpoints, with and without the trailing slash (no redirect). Every check but the trivial
 * one runs under the deadline, so each answers JSON in time even with PostgreSQL, RabbitMQ or Redis gone.
 */
@RestController
public class HealthController {

    private final HealthChecks checks;
    private final CheckDeadline deadline;

    HealthController(HealthChecks checks, CheckDeadline deadline) {
        this.checks = checks;
        this.deadline = deadline;
    }

    @GetMapping({ "/health/app", "/health/app/" })
    ResponseEntity<Map<String, Object>> app() {
        return checks.app().response();
    }

    @GetMapping({ "/health/database", "/health/database/" })
    ResponseEntity<Map<String, Object>> database() {
        return deadline.run(HealthChecks.DATABASE, checks::database).response();
    }

    @GetMapping({ "/health/celery", "/health/celery/" })
    ResponseEntity<Map<String, Object>> celery() {
        return deadline.run(HealthChecks.CELERY, checks::celery).response();
    }

    // A hang here is the database's: time-outs read "database query failed", like the reference's postgres errors.
    @GetMapping({ "/health/tickers-loaded", "/health/tickers-loaded/" })
    ResponseEntity<Map<String, Object>> tickersLoaded() {
        return deadline.run(HealthChecks.DATABASE, checks::tickersLoaded).response();
    }

    @GetMapping({ "/health/quotes-updated", "/health/quotes-updated/" })
    ResponseEntity<Map<String, Object>> quotesUpdated() {
        return deadline.run(HealthChecks.DATABASE, checks::quotesUpdated).response();
    }
}
