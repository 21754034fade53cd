package dev.stockpicker.admin;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security checks the POST to the same address (see {@link AdminSecurity}). */
@Controller
@Conditional(AdminEnabled.class)
public class LoginController {

    @GetMapping(AdminSecurity.LOGIN)
    String login() {
        return "admin/login";
    }
}
