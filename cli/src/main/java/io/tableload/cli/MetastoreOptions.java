package io.tableload.cli;

import io.tableload.catalog.MetastoreSettings;
import picocli.CommandLine.Option;

/** How to reach the Hive Metastore. */
final class MetastoreOptions {
    @Option(names = "--metastore", paramLabel = "URIS",
            description = "Metastore URIs, tried in order: thrift://host:9083[,thrift://other:9083]"
                    + " (default: TABLELOAD_METASTORE, then hive.metastore.uris in $HIVE_CONF_DIR/hive-site.xml).")
    String uris;

    MetastoreSettings settings() {
        return MetastoreSettings.resolve(uris);
    }
}
