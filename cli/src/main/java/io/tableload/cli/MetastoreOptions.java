package io.tableload.cli;

import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;

import io.tableload.catalog.MetastoreSettings;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** How to reach the Hive Metastore: {@code --metastore} and {@code --metastore-timeout}. */
final class MetastoreOptions {
    private MetastoreOptions() {}

    /** Adds the metastore options to {@code spec}. */
    static void declare(CommandSpec spec) {
        spec.addOption(option("--metastore").paramLabel("URIS").converters(new OptionValues.NotEmpty())
                .description("Metastore URIs, tried in order: thrift://host:9083[,thrift://other:9083]"
                        + " (default: TABLELOAD_METASTORE, then hive.metastore.uris in $HIVE_CONF_DIR/hive-site.xml).")
                .build());
        spec.addOption(option("--metastore-timeout").paramLabel("SECONDS").type(Duration.class).defaultValue("120")
                .converters(new OptionValues.PositiveSeconds())
                .description("How long to wait for the metastore's answer to one call before it counts as a failure"
                        + " and is retried on a fresh connection (default: ${DEFAULT-VALUE}).")
                .build());
    }

    /** The settings the parsed options of {@code spec} ask for. */
    static MetastoreSettings settings(CommandSpec spec) {
        MetastoreSettings s = MetastoreSettings.resolve(value(spec, "--metastore"));
        return s.withTimeouts(s.connectTimeout(), value(spec, "--metastore-timeout"));
    }
}
