package dev.stockpicker.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A JSON answer ready to send: its bytes, their gzip form (made once, on first need) and a strong ETag from the
 * content, so equal answers have equal tags in every web process. The gzip form has a tag of its own (a strong
 * tag names one representation); If-None-Match with either gets 304.
 */
final class Answer {

    private final byte[] json;
    private final String etag;
    private volatile byte[] gzip;

    private Answer(byte[] json) {
        this.json = json;
        this.etag = "\"" + digest(json) + "\"";
    }

    static Answer of(byte[] json) {
        return new Answer(json);
    }

    /** With its gzip form made now: what the cache keeps, so that no request compresses. */
    Answer compressed() {
        gzip();
        return this;
    }

    /** Bytes held (both forms), for the cache's budget. */
    long size() {
        byte[] zipped = gzip;
        return json.length + (zipped == null ? 0 : zipped.length) + 2L * etag.length() + 64;
    }

    byte[] json() {
        return json;
    }

    /** 304 when the client has this answer, else the answer: gzipped when the client accepts gzip. */
    ResponseEntity<byte[]> respond(HttpServletRequest request) {
        boolean zipped = acceptsGzip(headers(request, HttpHeaders.ACCEPT_ENCODING));
        String tag = zipped ? gzipTag() : etag;
        if (matches(headers(request, HttpHeaders.IF_NONE_MATCH))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(tag)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
        }
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok().eTag(tag).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .contentType(MediaType.APPLICATION_JSON);
        return zipped ? ok.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(gzip()) : ok.body(json);
    }

    /**
     * The values of one request header, null when it is absent: read where needed rather than copying every header
     * into a map for each request (a measurable share of a cached answer's cost).
     */
    static List<String> headers(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null || !values.hasMoreElements() ? null : Collections.list(values);
    }

    private String gzipTag() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }

    /** If-None-Match: {@code *} or a list of tags, compared weakly (a W/ prefix does not matter). */
    private boolean matches(List<String> ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String value : ifNoneMatch) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag) || t.equals(gzipTag())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Accept-Encoding names gzip (or {@code *}, gzip not named) with a non-zero quality. */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double gzipQuality = null;
        Double anyQuality = null;
        for (String value : acceptEncoding) {
            for (String item : value.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].trim().toLowerCase(Locale.ROOT);
                double quality = quality(parts);
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzipQuality = quality;
                }
                else if (coding.equals("*")) {
                    anyQuality = quality;
                }
            }
        }
        return gzipQuality != null ? gzipQuality > 0 : anyQuality != null && anyQuality > 0;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                }
                catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private byte[] gzip() {
        byte[] zipped = gzip;
        if (zipped == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
            try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
                zip.write(json);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            zipped = out.toByteArray();
            gzip = zipped;
        }
        return zipped;
    }

    private static String digest(byte[] json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            // 128 bits are plenty to tell versions apart.
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
