package dev.stockpicker.page;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response. The Content-Security-Policy allows only the app's own scripts, styles, images
 * and API (the picker page has no inline script or style, and uPlot styles through the CSSOM, which the policy
 * allows). A handler that needs another policy sets the header itself: this filter only sets it first.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // before Spring Security: its redirects, 401s and refusals get them too
public class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(response);
        chain.doFilter(request, response);
    }

    // Error pages too: a firewall's or a filter's sendError reaches /error on an error dispatch only.
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The headers, for answers written outside the filter chain (Tomcat's own error reports). */
    public static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
