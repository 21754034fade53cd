package dev.stockpicker;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

import dev.stockpicker.admin.AdminErrors;
import dev.stockpicker.admin.AdminSecurity;
import dev.stockpicker.admin.LoginController;
import dev.stockpicker.admin.TasksController;
import dev.stockpicker.admin.TasksDashboard;
import dev.stockpicker.admin.TickerAdminController;
import dev.stockpicker.admin.TickerSummaries;
import dev.stockpicker.api.AddTickerRateLimit;
import dev.stockpicker.api.ApiErrorHandler;
import dev.stockpicker.api.StrictUtf8Bodies;
import dev.stockpicker.api.ErrorJsonController;
import dev.stockpicker.api.RequestSizeLimitFilter;
import dev.stockpicker.api.TaskApiController;
import dev.stockpicker.api.TickerAnswers;
import dev.stockpicker.api.TickerApiController;
import dev.stockpicker.api.TomcatErrors;
import dev.stockpicker.api.TomcatLimits;
import dev.stockpicker.health.CheckDeadline;
import dev.stockpicker.health.HealthChecks;
import dev.stockpicker.health.HealthController;
import dev.stockpicker.page.PageRoutes;
import dev.stockpicker.page.SecurityHeadersFilter;
import dev.stockpicker.startup.StartupConfiguration;
import dev.stockpicker.ticker.DataChanges;

/**
 * Everything only the {@code web} role builds: the picker page, the JSON API under {@code /tickers/} with its error
 * handler and size limit, the health checks, the admin (itself off unless ADMIN_USER and ADMIN_PASSWORD are set) and
 * the stack's start-up, and the API's in-memory answers with the data change listener they rely on. Workers, beat and commands share the rest (repositories, publisher, Redis stores) and never
 * build these: controllers are left out of the component scan ({@link Application}) and imported here.
 */
@Configuration(proxyBeanMethods = false)
@Profile("web")
@Import({ PageRoutes.class, SecurityHeadersFilter.class, TickerApiController.class, TickerAnswers.class,
        DataChanges.class, TaskApiController.class, AddTickerRateLimit.class, ApiErrorHandler.class, StrictUtf8Bodies.class,
        ErrorJsonController.class, TomcatErrors.class, TomcatLimits.class, RequestSizeLimitFilter.class,
        HealthController.class, HealthChecks.class, CheckDeadline.class, AdminSecurity.class, AdminErrors.class, LoginController.class, TickerAdminController.class,
        TickerSummaries.class, TasksController.class, TasksDashboard.class, StartupConfiguration.class })
class WebRole {
}
