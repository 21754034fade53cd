package dev.stockpicker.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.stockpicker.StockpickerProperties;

/**
 * Caps request bodies: a declared length over the cap is refused at once with 413, before anything is read; a chunked
 * body is cut off with the same 413 while it is read ({@link BodyRead}, the body guard's stream, counts it). The
 * API's bodies are a few bytes, so the default cap of 8 KiB is generous.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final HandlerExceptionResolver errors;

    /** {@code errors} is Spring MVC's resolver: the refusal is written by {@link ApiErrorHandler}, like any other. */
    RequestSizeLimitFilter(StockpickerProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.limit = properties.maxRequestBytes();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            errors.resolveException(request, response, null, new RequestTooLargeException(limit));
            return;
        }
        chain.doFilter(request, response);
    }
}
