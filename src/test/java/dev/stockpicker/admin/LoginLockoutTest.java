package dev.stockpicker.admin;

import static dev.stockpicker.admin.AdminClient.PASSWORD;
import static dev.stockpicker.admin.AdminClient.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;

/**
 * Repeated wrong passwords over real HTTP: after the limit (20 a minute in the test profile, 5 in production) the
 * login answers 429 with Retry-After, even to the right password; each failure and the lock-out are logged
 * without the password.
 */
@DatabaseTest
@ExtendWith(OutputCaptureExtension.class)
class LoginLockoutTest {

    static final String WRONG = "wrong-password-7f3a";

    @LocalServerPort
    int port;
    @Autowired
    LoginThrottle throttle;
    @Value("${stockpicker.admin.login-failures-per-minute}")
    int limit;

    @BeforeEach
    @AfterEach
    void forgetFailures() {
        throttle.clear(); // the shared context's other tests log in from the same address
    }

    @Test
    void repeatedFailuresAreRefusedWith429AndRetryAfterAndLoggedWithoutThePassword(CapturedOutput output) {
        AdminClient admin = new AdminClient(port);
        for (int i = 0; i < limit; i++) {
            HttpResponse<String> failed = admin.login(USER, WRONG);
            assertThat(failed.statusCode()).as("attempt " + (i + 1)).isEqualTo(302);
        }

        HttpResponse<String> refused = admin.login(USER, PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(refused.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(output.getAll()).contains("admin login failed: user \"" + USER + "\" from 127.0.0.1")
                .contains("admin login locked out").contains("admin login refused while locked out")
                .doesNotContain(WRONG).doesNotContain(PASSWORD);

        throttle.clear();
        assertThat(AdminClient.location(admin.login(USER, PASSWORD))).isEqualTo("/admin/");
    }
}
