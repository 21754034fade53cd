package dev.stockpicker.api;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends every {@code sendError} (Spring Security's firewall, the admin's
 * 404s, an exception that escaped a filter): the API's JSON error instead of Spring Boot's own body. Asked for
 * directly, outside an error dispatch, there is nothing to report: a 404, never a 500.
 */
@RestController
public class ErrorJsonController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiBodies.Error> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = request.getDispatcherType() == DispatcherType.ERROR && code instanceof Integer c && c >= 400
                ? c : 404;
        return ApiErrorHandler.error(HttpStatusCode.valueOf(ErrorReasons.clientStatus(status)),
                ErrorReasons.of(status));
    }
}
