package dev.stockpicker.support;

/** The admin account the shared web contexts turn the admin on with (see {@link DatabaseTest}). */
public final class AdminAccount {

    public static final String USER = "admin";
    public static final String PASSWORD = "correct horse battery staple";

    private AdminAccount() {
    }
}
