package dev.stockpicker.admin;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security guards {@code /admin/**} and nothing else: the one filter chain matches only that path, so the JSON
 * API, the page, the health checks and actuator keep answering exactly as before (no login, no CSRF token, no
 * session, no added headers). Inside {@code /admin/**}: a form login, CSRF on every form, a strict
 * Content-Security-Policy. With the admin off, the same chain answers 404 to everything and there is no login.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AdminSecurity {

    static final String LOGIN = "/admin/login";
    static final int MAX_SESSIONS = 3;

    // No inline scripts or styles anywhere in the admin, so nothing needs 'unsafe-inline'. The same policy as the
    // picker page's, so it does not matter which of the two writes the header first.
    static final String CONTENT_SECURITY_POLICY = String.join("; ", "default-src 'none'", "script-src 'self'",
            "style-src 'self'", "img-src 'self'", "font-src 'self'", "connect-src 'self'", "manifest-src 'self'",
            "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");

    @Bean
    SecurityFilterChain adminFilterChain(HttpSecurity http, Environment environment, LoginThrottle throttle) {
        http.securityMatcher("/admin/**");
        return AdminEnabled.in(environment) ? on(http, throttle) : off(http);
    }

    /** A handful of failed logins a minute per client and per user, then 429 until the minute ends. */
    @Bean
    LoginThrottle adminLoginThrottle(ObjectProvider<Clock> clock, Environment environment) {
        // the API's slice test builds this chain without the shared configuration's clock
        return new LoginThrottle(clock.getIfAvailable(Clock::systemUTC), environment.getProperty("stockpicker.admin.login-failures-per-minute",
                Integer.class, 5));
    }

    /**
     * The one admin account, its password BCrypt-hashed here at start; the plain text stays in the environment. With
     * the admin off this knows nobody, which also stops Spring Boot from inventing a user and logging its password.
     */
    @Bean
    UserDetailsService adminAccount(Environment environment) {
        if (!AdminEnabled.in(environment)) {
            return new InMemoryUserDetailsManager();
        }
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(environment.getProperty(AdminEnabled.USER))
                .password(encoder.encode(environment.getProperty(AdminEnabled.PASSWORD))).roles("ADMIN").build());
    }

    /** Tells the session registry when a session ends, so an expired one no longer counts against the cap. */
    @Bean
    HttpSessionEventPublisher adminSessionEvents() {
        return new HttpSessionEventPublisher();
    }

    /**
     * No server-side session before a successful login (anonymous requests cost nothing but CPU): the CSRF token
     * lives in a cookie, no request is saved for after the login, a failed login keeps nothing. After it, at most
     * {@link #MAX_SESSIONS} sessions at once: a new login ends the oldest.
     */
    private static SecurityFilterChain on(HttpSecurity http, LoginThrottle throttle) {
        LoginEvents events = new LoginEvents(throttle, LOGIN + "?error", "/admin/");
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers(LOGIN, "/admin/assets/**").permitAll()
                .anyRequest().hasRole("ADMIN"))
                .formLogin(form -> form.loginPage(LOGIN).successHandler(events).failureHandler(events))
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie()))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .maximumSessions(MAX_SESSIONS).expiredUrl(LOGIN + "?expired"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(loginOr401ForJson()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    private static CookieCsrfTokenRepository csrfCookie() {
        CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository(); // HttpOnly: the forms carry the token
        cookie.setCookiePath("/admin");
        cookie.setCookieCustomizer(c -> c.sameSite("Lax"));
        return cookie;
    }


    /** The tasks view polls JSON: there an expired session is a 401 the script can report, not a login page. */
    private static AuthenticationEntryPoint loginOr401ForJson() {
        RequestMatcher json = PathPatternRequestMatcher.pathPattern("/admin/api/**");
        AuthenticationEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint(LOGIN);
        login.setFavorRelativeUris(true); // an absolute URL would be built from the Host header, which anyone can forge
        return (request, response, e) -> (json.matches(request) ? unauthorized : login)
                .commence(request, response, e);
    }

    private static SecurityFilterChain off(HttpSecurity http) {
        http.authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> notFound(response))
                        .accessDeniedHandler((request, response, e) -> notFound(response)))
                .csrf(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
