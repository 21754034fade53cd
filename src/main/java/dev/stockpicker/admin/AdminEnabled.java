package dev.stockpicker.admin;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The admin exists only when both {@code ADMIN_USER} and {@code ADMIN_PASSWORD} are set: a half-configured admin
 * (say, a user with an empty password) stays off rather than open.
 */
class AdminEnabled implements Condition {

    static final String USER = "stockpicker.admin.user";
    static final String PASSWORD = "stockpicker.admin.password";

    static boolean in(Environment environment) {
        return StringUtils.hasText(environment.getProperty(USER))
                && StringUtils.hasText(environment.getProperty(PASSWORD));
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return in(context.getEnvironment());
    }
}
