package dev.stockpicker.outage;

/** The reference's five health checks. */
enum HealthCheck {
    APP("/health/app/"),
    DATABASE("/health/database/"),
    CELERY("/health/celery/"),
    TICKERS_LOADED("/health/tickers-loaded/"),
    QUOTES_UPDATED("/health/quotes-updated/");

    final String path;

    HealthCheck(String path) {
        this.path = path;
    }
}
