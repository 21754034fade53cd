package dev.stockpicker.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login POST with 429 and Retry-After while its client or its user name is locked out, before the
 * password is even checked. Part of the admin's security chain only (not a bean: Spring Boot would put a filter
 * bean in front of every request).
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottleFilter.class);

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && AdminSecurity.LOGIN.equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        String user = LoginEvents.user(request);
        long retryAfter = throttle.retryAfterSeconds(client, user);
        if (retryAfter == 0) {
            chain.doFilter(request, response);
            return;
        }
        log.warn("admin login refused while locked out: user \"{}\" from {}, retry after {} s", user, client,
                retryAfter);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Too many failed logins. Try again in " + retryAfter + " s.\n");
    }
}
