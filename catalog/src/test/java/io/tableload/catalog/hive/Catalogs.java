package io.tableload.catalog.hive;

import io.tableload.catalog.MetastoreSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/** Catalog settings for tests: short timeouts and backoff, so a fault shows up in seconds. */
final class Catalogs {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private Catalogs() {
    }

    static MetastoreSettings settings(String... uris) {
        return MetastoreSettings.of(Arrays.stream(uris).map(URI::create).toList())
                .withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT)
                .withRetries(1, Duration.ofMillis(50));
    }

    static HiveMetastoreCatalog open(String... uris) {
        return HiveMetastoreCatalog.open(settings(uris));
    }
}
