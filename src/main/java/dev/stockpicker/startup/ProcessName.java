package dev.stockpicker.startup;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names this process in claims and logs ({@code beat@host:pid}), so an operator can tell who published what. */
public final class ProcessName {

    private ProcessName() {
    }

    public static String of(String role) {
        return role + "@" + host() + ":" + ProcessHandle.current().pid();
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
