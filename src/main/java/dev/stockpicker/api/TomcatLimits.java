package dev.stockpicker.api;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;

import dev.stockpicker.StockpickerProperties;

/**
 * Puts {@link BodyReadGuard} in front of everything, once the budget is known to leave request threads for the
 * rest: with every body reader stalled, the health checks and the page still have threads to answer on.
 */
public class TomcatLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final HttpLimits limits;
    private final long maxBodyBytes;
    private final int maxThreads;

    TomcatLimits(HttpLimits limits, StockpickerProperties properties, Environment environment) {
        this.limits = limits;
        this.maxBodyBytes = properties.maxRequestBytes();
        this.maxThreads = environment.getProperty("server.tomcat.threads.max", Integer.class, 200);
        if (limits.bodyReaders() > maxThreads - 10) {
            throw new IllegalArgumentException("HTTP_BODY_READERS (" + limits.bodyReaders()
                    + ") must leave at least 10 of the " + maxThreads + " request threads (HTTP_THREADS) free");
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addEngineValves(new BodyReadGuard(limits, maxBodyBytes));
    }
}
