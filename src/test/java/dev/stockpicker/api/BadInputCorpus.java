package dev.stockpicker.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input corpus, {@code src/test/resources/bad-input/corpus.txt}, read into requests byte for byte. The file's
 * header says how an entry is written; this only parses it. Families ({@code @symbols}, {@code @bodies},
 * {@code @methods}) are expanded here, the same way every run.
 */
final class BadInputCorpus {

    static final String RESOURCE = "/bad-input/corpus.txt";

    /** What the answer must look like besides its status. */
    enum Shape {
        /** the API's {@code {"success":false,"error":"..."}} with the security headers */
        JSON,
        /** any body (a bare status from a filter), the security headers */
        BARE,
        /** no body at all (HEAD), the security headers */
        NOBODY,
        /** a relative redirect to the admin's login page */
        LOGIN
    }

    record Entry(int line, String section, String expect, Shape shape, String why, byte[] request) {

        boolean expects(int status) {
            for (String option : expect.split("\\|")) {
                if (option.equals(String.valueOf(status))
                        || option.endsWith("xx") && option.charAt(0) == Character.forDigit(status / 100, 10)) {
                    return true;
                }
            }
            return false;
        }

        /** The request line, printable, for reports. */
        String label() {
            String text = new String(request, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n");
            return "line " + line + ": " + printable(end < 0 ? text : text.substring(0, end), 120);
        }

        String requestText() {
            return new String(request, StandardCharsets.ISO_8859_1);
        }
    }

    private static final Pattern REPEAT = Pattern.compile("\\[\\[(\\d+)\\*(.*?)\\]\\]");
    private static final String SEPARATOR = " -- ";

    private final List<Entry> entries = new ArrayList<>();
    private String section = "any";
    private String[] family; // the open @family line's words, or null
    private int entryLine;
    private String entryExpect;
    private Shape entryShape;
    private String entryWhy;
    private String method;
    private String target;
    private final List<String> headers = new ArrayList<>();
    private String body;

    private BadInputCorpus() {
    }

    /** Every entry of the corpus, all sections. */
    static List<Entry> load() {
        try (InputStream in = BadInputCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Entry> parse(String text) {
        BadInputCorpus corpus = new BadInputCorpus();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            corpus.line(i + 1, lines[i].stripTrailing());
        }
        corpus.finishEntry();
        return corpus.entries;
    }

    private void line(int number, String line) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
            return;
        }
        boolean indented = Character.isWhitespace(line.charAt(0));
        if (!indented) {
            finishEntry();
            family = null;
        }
        try {
            if (!indented && line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            }
            else if (!indented && line.startsWith("@")) {
                family = line.substring(1).split("\\s+");
            }
            else if (!indented) {
                startEntry(number, line);
            }
            else if (family != null) {
                familyItem(number, line.strip());
            }
            else if (method != null) {
                continuation(line.strip());
            }
            else {
                throw new IllegalArgumentException("an indented line belongs to nothing");
            }
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException(RESOURCE + " line " + number + ": " + e.getMessage() + ": " + line, e);
        }
    }

    /** {@code EXPECT SHAPE METHOD TARGET [-- why]} */
    private void startEntry(int number, String line) {
        String[] why = splitWhy(line);
        String[] words = why[0].split("\\s+");
        if (words.length != 4) {
            throw new IllegalArgumentException("want EXPECT SHAPE METHOD TARGET");
        }
        entryLine = number;
        entryExpect = words[0];
        entryShape = Shape.valueOf(words[1].toUpperCase(Locale.ROOT));
        method = words[2];
        target = words[3];
        entryWhy = why[1];
        headers.clear();
        body = null;
    }

    private void continuation(String line) {
        if (line.startsWith("body:")) {
            body = line.substring(5).stripLeading();
        }
        else {
            headers.add(line); // as written: a header line may be broken on purpose
        }
    }

    private void finishEntry() {
        if (method == null) {
            return;
        }
        add(entryLine, entryExpect, entryShape, method, target, headers, body, entryWhy);
        method = null;
    }

    private void familyItem(int number, String item) {
        String[] why = splitWhy(item);
        switch (family[0]) {
            case "symbols" -> { // a symbol, as it stands between the quotes of a JSON string
                String json = "{\"ticker\":\"" + why[0] + "\"}";
                for (String path : new String[] { "/tickers/tickerdata/", "/tickers/addticker/" }) {
                    add(number, family[1], Shape.valueOf(family[2].toUpperCase(Locale.ROOT)), "POST", path,
                            List.of("Content-Type: application/json"), json, why[1]);
                }
                add(number, "4xx", Shape.JSON, "GET", "/tickers/task/" + percentEncode(bytes(why[0])) + "/",
                        List.of(), null, why[1] + " (as a task id)");
            }
            case "bodies" -> { // EXPECT BODY: a JSON body to both POST endpoints
                int space = why[0].indexOf(' ');
                String expect = space < 0 ? why[0] : why[0].substring(0, space);
                String json = space < 0 ? "" : why[0].substring(space + 1);
                for (String path : new String[] { "/tickers/tickerdata/", "/tickers/addticker/" }) {
                    add(number, expect, Shape.JSON, "POST", path, List.of("Content-Type: application/json"), json,
                            why[1]);
                }
            }
            case "methods" -> { // @methods EXPECT SHAPE METHOD...; the item is a target
                for (int m = 3; m < family.length; m++) {
                    Shape shape = family[m].equals("HEAD") ? Shape.NOBODY
                            : Shape.valueOf(family[2].toUpperCase(Locale.ROOT));
                    add(number, family[1], shape, family[m], why[0], List.of(), null, why[1]);
                }
            }
            default -> throw new IllegalArgumentException("no family @" + family[0]);
        }
    }

    /**
     * The request: the request line ({@code RAW} sends the target as the whole line), the entry's headers, a Host
     * unless the entry gives one or says {@code -Host}, a Content-Length for a body unless the entry frames it itself,
     * and {@code Connection: close}.
     */
    private void add(int number, String expect, Shape shape, String method, String target, List<String> headerLines,
            String body, String why) {
        StringBuilder head = new StringBuilder();
        head.append(method.equals("RAW") ? target : method + " " + target + " HTTP/1.1").append("\r\n");
        boolean host = true;
        boolean framed = false;
        for (String header : headerLines) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.equals("-host")) {
                host = false;
                continue;
            }
            host &= !lower.startsWith("host:");
            framed |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
            head.append(header).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : bytes(body);
        if (host) {
            head.append("Host: localhost\r\n");
        }
        if (body != null && !framed) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] start = bytes(head.toString());
        byte[] request = new byte[start.length + content.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(content, 0, request, start.length, content.length);
        entries.add(new Entry(number, section, expect, shape, why, request));
    }

    private static String[] splitWhy(String line) {
        if (line.startsWith(SEPARATOR.stripLeading())) { // an empty item: nothing before the why
            return new String[] { "", line.substring(SEPARATOR.length() - 1).strip() };
        }
        int at = line.indexOf(SEPARATOR);
        return at < 0 ? new String[] { line.strip(), "" }
                : new String[] { line.substring(0, at).strip(), line.substring(at + SEPARATOR.length()).strip() };
    }

    /** {@code [[N*text]]} repeats text N times; then {@code \xNN} is one raw byte and every other character UTF-8. */
    static byte[] bytes(String written) {
        Matcher repeat = REPEAT.matcher(written);
        StringBuilder expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded,
                    Matcher.quoteReplacement(repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
        }
        repeat.appendTail(expanded);
        String text = expanded.toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\x", i) && i + 4 <= text.length() && isHex(text.substring(i + 2, i + 4))) {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            }
            else {
                int end = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? i + 2 : i + 1;
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(String two) {
        return two.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /** Every byte but A-Z a-z 0-9 {@code -._~} as %XX: a symbol put into a path. */
    static String percentEncode(byte[] raw) {
        StringBuilder path = new StringBuilder();
        for (byte b : raw) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                path.append((char) c);
            }
            else {
                path.append(String.format("\\x25%02X", c)); // '%' itself, escaped for bytes()
            }
        }
        return path.toString();
    }

    /** Control and non-ASCII characters as \xNN, cut to {@code max} characters. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return out.length() >= max ? out + "..." : out.toString();
    }
}
