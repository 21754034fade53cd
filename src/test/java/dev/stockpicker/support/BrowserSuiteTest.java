package dev.stockpicker.support;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every browser test class ({@code *BrowserTest}), run one after the other in one test JVM: Surefire hands each class
 * to whichever of its JVMs is free, so without this suite each JVM would start a Chromium of its own. The classes
 * themselves are excluded from Surefire's own scan (pom.xml); {@code ./mvnw test -Dtest=AddTickerBrowserTest} still
 * runs one alone.
 */
@Suite
@SelectPackages("dev.stockpicker")
@IncludeClassNamePatterns(".*BrowserTest")
class BrowserSuiteTest {
}
