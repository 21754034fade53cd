package dev.stockpicker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The admin turns on only with both a user and a password; blank counts as unset. */
class AdminEnabledTest {

    @Test
    void onWithAUserAndAPassword() {
        assertThat(AdminEnabled.in(settings("admin", "secret"))).isTrue();
    }

    @Test
    void offWhenEitherIsMissingOrBlank() {
        assertThat(AdminEnabled.in(new MockEnvironment())).isFalse();
        assertThat(AdminEnabled.in(settings("admin", ""))).isFalse();
        assertThat(AdminEnabled.in(settings("", "secret"))).isFalse();
        assertThat(AdminEnabled.in(settings("admin", "   "))).isFalse();
        assertThat(AdminEnabled.in(new MockEnvironment().withProperty(AdminEnabled.USER, "admin"))).isFalse();
    }

    private static MockEnvironment settings(String user, String password) {
        return new MockEnvironment().withProperty(AdminEnabled.USER, user)
                .withProperty(AdminEnabled.PASSWORD, password);
    }
}
