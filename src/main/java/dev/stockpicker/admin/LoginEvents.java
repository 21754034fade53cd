package dev.stockpicker.admin;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;

/**
 * What a login attempt does to the throttle, and its log line: every failure and every lock-out is logged with the
 * user name as typed (made printable and short) and the client's address, never the password.
 */
class LoginEvents implements AuthenticationFailureHandler, AuthenticationSuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginEvents.class);
    private static final int MAX_USER = 64;

    private final LoginThrottle throttle;
    private final SimpleUrlAuthenticationFailureHandler failure;
    private final SimpleUrlAuthenticationSuccessHandler success;

    LoginEvents(LoginThrottle throttle, String failureUrl, String successUrl) {
        this.throttle = throttle;
        this.failure = new SimpleUrlAuthenticationFailureHandler(failureUrl);
        this.failure.setAllowSessionCreation(false); // it would keep the exception in a new session
        this.success = new SimpleUrlAuthenticationSuccessHandler(successUrl);
        this.success.setAlwaysUseDefaultTargetUrl(true);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException, ServletException {
        String client = request.getRemoteAddr();
        String user = user(request);
        boolean lockedOut = throttle.failed(client, user);
        log.warn("admin login failed: user \"{}\" from {}", user, client);
        if (lockedOut) {
            log.warn("admin login locked out for {} s: user \"{}\" from {}", LoginThrottle.WINDOW.toSeconds(), user,
                    client);
        }
        failure.onAuthenticationFailure(request, response, exception);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        throttle.succeeded(request.getRemoteAddr(), user(request));
        log.info("admin login: user \"{}\" from {}", user(request), request.getRemoteAddr());
        success.onAuthenticationSuccess(request, response, authentication);
    }

    /** The user name as typed, safe for a log line: printable ASCII only, bounded. */
    static String user(HttpServletRequest request) {
        String raw = request.getParameter("username");
        if (raw == null) {
            return "";
        }
        StringBuilder user = new StringBuilder();
        for (int i = 0; i < raw.length() && user.length() < MAX_USER; i++) {
            char c = raw.charAt(i);
            user.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return user.toString();
    }
}
