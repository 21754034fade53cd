package dev.stockpicker.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import dev.stockpicker.ticker.Symbols.InvalidSymbolException;

/**
 * Admin pages fail as admin pages (a message and the navigation), never as the JSON API's error body or a stack
 * trace. Ordered first, so the API's catch-all handler never sees an admin controller's exception.
 */
@ControllerAdvice(basePackageClasses = AdminErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e) {
        return page(e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(InvalidSymbolException.class)
    ModelAndView invalidSymbol(InvalidSymbolException e) {
        return page(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(DataAccessException.class)
    ModelAndView database(DataAccessException e) {
        log.warn("admin: database unavailable: {}", e.getMostSpecificCause().getMessage());
        return page(HttpStatus.SERVICE_UNAVAILABLE, "The database is unavailable. Try again later.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e) {
        if (e instanceof ErrorResponse refused) { // Spring's own refusals: a missing or malformed parameter
            String detail = refused.getBody().getDetail();
            return page(refused.getStatusCode(), detail == null ? "The request was refused." : detail);
        }
        log.error("admin: unexpected error", e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong; the log has the details.");
    }

    private static ModelAndView page(HttpStatusCode status, String message) {
        ModelAndView page = new ModelAndView("admin/error", status);
        page.addObject("status", status.value());
        page.addObject("message", message);
        return page;
    }
}
