package io.tableload.cli;

import io.tableload.catalog.MetastoreSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach the Hive Metastore. */
final class MetastoreOptions {
    @Option(names = "--metastore", paramLabel = "URIS",
            description = "Metastore URIs, tried in order: thrift://host:9083[,thrift://other:9083]"
                    + " (default: TABLELOAD_METASTORE, then hive.metastore.uris in $HIVE_CONF_DIR/hive-site.xml).")
    String uris;

    @Option(names = "--metastore-timeout", paramLabel = "SECONDS", defaultValue = "120",
            converter = OptionValues.PositiveSeconds.class,
            description = "How long to wait for the metastore's answer to one call before it counts as a failure"
                    + " and is retried on a fresh connection (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    MetastoreSettings settings() {
        MetastoreSettings s = MetastoreSettings.resolve(uris);
        return s.withTimeouts(s.connectTimeout(), timeout);
    }
}
