package dev.stockpicker.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The web process's in-memory answers ({@code stockpicker.api-cache.*}): the most bytes the ticker charts may hold. */
@ConfigurationProperties("stockpicker.api-cache")
record ApiCacheProperties(DataSize maxBytes) {
}
