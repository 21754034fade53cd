package dev.stockpicker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;

import dev.stockpicker.api.BadInputCorpus.Entry;
import dev.stockpicker.api.BadInputCorpus.Shape;
import dev.stockpicker.support.RawHttp;

/**
 * Sends corpus entries over raw sockets and says what is wrong with each answer: the status, the shape, the security
 * headers, anything of the server's insides in the body. Collects every problem instead of stopping at the first.
 * {@link #replayAndCheck} is the whole check the corpus tests make of a section.
 */
final class CorpusReplay {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final Pattern API_ERROR = Pattern.compile( // possessive: an echoed 4000-character symbol
            "\\{\"success\":false,\"error\":\"(?:[^\"\\\\]|\\\\.)*+\"\\}");

    /**
     * What must never reach a client: class and package names, stack frames, SQL, the server's name, file paths,
     * Spring Boot's own error keys. A marker the request itself carried (an echoed symbol, say) does not count.
     */
    private static final List<String> LEAKS = List.of("Exception", "Caused by", ".java:", "\tat ", "java.", "jakarta.",
            "javax.", "org.springframework", "org.apache", "org.postgresql", "com.fasterxml", "tools.jackson",
            "com.rabbitmq", "io.lettuce", "dev.stockpicker", "Tomcat", "Catalina", "Jackson", "Hikari", "SQL",
            "select ", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "relation \"", "syntax error", "postgres",
            "/work", "/home", "/tmp", "/usr", "/var", "/etc", "/root", "/opt", "file:", "classpath", "WEB-INF",
            "\"trace\"", "\"timestamp\"", "\"path\"", "\"exception\"");

    private CorpusReplay() {
    }

    /** The entries of one section of the corpus ({@code [any]}, {@code [admin off]}, ...). */
    static List<Entry> section(String name) {
        return BadInputCorpus.load().stream().filter(entry -> entry.section().equals(name)).toList();
    }

    /**
     * Replays a section against the app on {@code port}, and checks it all at once: every answer right, nothing
     * stored, queued or kept afterwards, and the app still healthy.
     */
    static void replayAndCheck(int port, String section, CorpusStores stores) {
        stores.prepare();
        CorpusStores.Snapshot before = stores.snapshot();
        List<Entry> entries = section(section);
        assertThat(entries).isNotEmpty();

        List<String> problems = replay(port, entries);

        RawHttp.Answer health = RawHttp.get(port, "/health/app/");
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(problems).as("%d of %d requests answered wrongly:%n%s", problems.size(), entries.size(),
                    problems.stream().collect(Collectors.joining(System.lineSeparator()))).isEmpty();
            softly.assertThat(stores.snapshot()).as("nothing stored, queued or kept").isEqualTo(before);
            softly.assertThat(health.status()).as(health.body()).isEqualTo(200);
            softly.assertThat(health.body()).contains("\"status\":\"healthy\"");
        });
    }

    /** Every problem of every entry, one line each; empty when the app refused all of them properly. */
    static List<String> replay(int port, List<Entry> entries) {
        List<String> problems = new ArrayList<>();
        for (Entry entry : entries) {
            RawHttp.Answer answer = send(port, entry);
            for (String problem : problems(entry, answer)) {
                problems.add(entry.label() + " (" + entry.why() + "): " + problem + " | got " + answer.status() + " "
                        + BadInputCorpus.printable(answer.body(), 200));
            }
        }
        return problems;
    }

    static RawHttp.Answer send(int port, Entry entry) {
        return RawHttp.exchange(port, entry.request(), TIMEOUT_MILLIS);
    }

    static List<String> problems(Entry entry, RawHttp.Answer answer) {
        List<String> problems = new ArrayList<>();
        int status = answer.status();
        if (status == 0) {
            problems.add("no HTTP answer");
            return problems;
        }
        if (status >= 500) {
            problems.add("a 5xx");
        }
        else if (!entry.expects(status)) {
            problems.add("expected " + entry.expect());
        }
        switch (entry.shape()) {
            case JSON -> {
                String type = answer.header("Content-Type");
                if (type == null || !type.startsWith("application/json")) {
                    problems.add("Content-Type " + type + ", not application/json");
                }
                if (!API_ERROR.matcher(answer.body()).matches()) {
                    problems.add("not the API's error body");
                }
                securityHeaders(answer, problems);
            }
            case BARE -> securityHeaders(answer, problems);
            case NOBODY -> {
                if (!answer.body().isEmpty()) {
                    problems.add("a body in the answer to HEAD");
                }
                securityHeaders(answer, problems);
            }
            case LOGIN -> {
                String location = answer.header("Location");
                if (location == null || !location.startsWith("/admin/login") || location.startsWith("//")
                        || location.contains("evil")) {
                    problems.add("Location " + location + ", not a relative /admin/login");
                }
            }
        }
        String sent = (entry.requestText() + "\n" + percentDecoded(entry.requestText())).toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            if (answer.body().contains(leak) && !sent.contains(leak.toLowerCase(Locale.ROOT))) {
                problems.add("the body shows " + leak.strip());
            }
        }
        String server = answer.header("Server");
        if (server != null || answer.header("X-Powered-By") != null) {
            problems.add("names the server: " + server + " " + answer.header("X-Powered-By"));
        }
        return problems;
    }

    /** %XX as the byte it stands for (a path echoed in a 404 comes back decoded). */
    private static String percentDecoded(String text) {
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                decoded.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            }
            else {
                decoded.append(text.charAt(i));
            }
        }
        return decoded.toString();
    }

    private static void securityHeaders(RawHttp.Answer answer, List<String> problems) {
        String policy = answer.header("Content-Security-Policy");
        if (policy == null || !policy.contains("default-src 'none'")
                || !"nosniff".equals(answer.header("X-Content-Type-Options"))
                || !"DENY".equals(answer.header("X-Frame-Options"))
                || !"no-referrer".equals(answer.header("Referrer-Policy"))) {
            problems.add("without the security headers");
        }
    }
}
