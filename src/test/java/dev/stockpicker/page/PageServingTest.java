package dev.stockpicker.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.stockpicker.support.DatabaseTest;
import dev.stockpicker.support.Http;

/** The page and its assets as the server sends them: no redirect, strict headers, nothing inline, nothing remote. */
@DatabaseTest
class PageServingTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void theRootServesThePickerPageWithoutARedirect() {
        HttpResponse<String> page = http.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Stock-Picker</title>").contains("id=\"price-chart\"");
    }

    @Test
    void pagesAndApiAnswersCarryAStrictContentSecurityPolicy() {
        for (String path : List.of("/", "/js/picker.js", "/tickers/tickerlist/")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
        assertThat(SecurityHeadersFilter.CONTENT_SECURITY_POLICY).doesNotContain("unsafe").doesNotContain("http");
    }

    @Test
    void thePageHasNoInlineScriptStyleOrEventHandler() {
        String html = http.get("/").body();

        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(html).find()).as("inline <script>").isFalse();
        assertThat(html).doesNotContain("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as("event handler attribute").isFalse();
    }

    @Test
    void everyAssetOfThePageIsServedByTheAppWithItsType() {
        List<String> assets = new ArrayList<>(matches(ASSET, http.get("/").body()));
        assertThat(assets).contains("/js/picker.js", "/css/picker.css", "/vendor/uplot-1.6.32/uPlot.iife.min.js",
                "/favicon.svg");

        for (String asset : assets) {
            HttpResponse<String> response = http.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (asset.endsWith(".js")) {
                assertThat(type).as(asset).startsWith("text/javascript");
            }
            else if (asset.endsWith(".css")) {
                assertThat(type).as(asset).startsWith("text/css");
            }
            else if (asset.endsWith(".svg")) {
                assertThat(type).as(asset).startsWith("image/svg+xml");
            }
        }
    }

    @Test
    void everyModuleThePageImportsIsPreloadedSoTheImportsDoNotWaitForEachOther() {
        String html = http.get("/").body();
        Set<String> modules = new TreeSet<>();
        Deque<String> toRead = new ArrayDeque<>(List.of("picker.js"));
        while (!toRead.isEmpty()) {
            for (String imported : matches(MODULE_IMPORT, resource("static/js/" + toRead.pop()))) {
                if (modules.add(imported)) {
                    toRead.push(imported);
                }
            }
        }

        assertThat(modules).isNotEmpty().allSatisfy(module -> assertThat(html)
                .contains("<link rel=\"modulepreload\" href=\"/js/" + module + "\">"));
    }

    @Test
    void theVendoredChartLibraryComesWithItsLicenceAndIsCachedForAYear() {
        HttpResponse<String> licence = http.get("/vendor/uplot-1.6.32/LICENSE");
        HttpResponse<String> library = http.get("/vendor/uplot-1.6.32/uPlot.iife.min.js");

        assertThat(licence.statusCode()).isEqualTo(200);
        assertThat(licence.body()).contains("The MIT License").contains("Leon Sorokin");
        assertThat(library.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000").contains("immutable"));
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String resource(String path) {
        try (InputStream in = PageServingTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
