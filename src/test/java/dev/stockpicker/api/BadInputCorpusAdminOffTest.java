package dev.stockpicker.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.stockpicker.support.DatabaseTest;

/**
 * The corpus's {@code [admin off]} section, replayed with no ADMIN_USER/ADMIN_PASSWORD: every /admin/ request is the
 * JSON 404. The same settings as {@code admin/AdminOffTest}, so both share one context.
 */
@DatabaseTest
@TestPropertySource(properties = { "stockpicker.admin.user=", "stockpicker.admin.password=" })
class BadInputCorpusAdminOffTest {

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @Test
    void everyAdminRequestIsA404AndNothingIsStored() {
        CorpusReplay.replayAndCheck(port, "admin off", CorpusStores.of(context));
    }
}
