package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreKerberos;
import io.tableload.catalog.MetastoreSettings;
import io.tableload.catalog.MetastoreTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How to reach the Hive Metastore: {@code --metastore}, {@code --metastore-timeout}; for a
 * metastore that takes only Kerberos, {@code --metastore-principal} with the user's ticket cache
 * or {@code --keytab} and {@code --principal}; for one that takes only TLS, {@code --metastore-tls}
 * and {@code --metastore-truststore}.
 */
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
        spec.addOption(option("--metastore-principal").paramLabel("PRINCIPAL").converters(new OptionValues.NotEmpty())
                .description("The metastore's Kerberos principal, hive/_HOST@REALM, for a metastore that takes only"
                        + " Kerberos (default: " + MetastoreKerberos.PRINCIPAL_ENV + ", then hive.metastore.kerberos.principal"
                        + " where $HIVE_CONF_DIR/hive-site.xml sets hive.metastore.sasl.enabled). Logs in from the ticket"
                        + " cache kinit leaves, or with --keytab and --principal.")
                .build());
        spec.addOption(option("--keytab").paramLabel("FILE").type(Path.class).converters(new CallerPath())
                .description("Log in to Kerberos from this keytab (with --principal) rather than the ticket cache.").build());
        spec.addOption(option("--principal").paramLabel("NAME").converters(new OptionValues.NotEmpty())
                .description("The Kerberos principal to log in as from --keytab: user@REALM.").build());
        spec.addOption(flag("--metastore-tls").description("Connect to the metastore over TLS, for one that takes only"
                + " TLS (default: hive.metastore.use.SSL in $HIVE_CONF_DIR/hive-site.xml), trusting the JDK's"
                + " certificate authorities unless --metastore-truststore names others.").build());
        spec.addOption(option("--metastore-truststore").paramLabel("FILE").type(Path.class).converters(new CallerPath())
                .description("Trust the certificates in this trust store (JKS or PKCS12) for the metastore's TLS; implies"
                        + " --metastore-tls. Its password, if any: " + MetastoreTls.TRUSTSTORE_PASSWORD_ENV + ".").build());
    }

    /** The settings the parsed options of {@code spec} ask for. */
    static MetastoreSettings settings(CommandSpec spec) {
        MetastoreSettings s = MetastoreSettings.resolve(value(spec, "--metastore"));
        s = s.withTimeouts(s.connectTimeout(), value(spec, "--metastore-timeout"));
        String principal = value(spec, "--metastore-principal");
        Optional<MetastoreKerberos> kerberos = principal != null ? Optional.of(MetastoreKerberos.of(principal.strip()))
                : s.kerberos();
        Path keytab = value(spec, "--keytab");
        String user = value(spec, "--principal");
        if ((keytab == null) != (user == null)) {
            throw new TableloadException(ErrorCode.USAGE, keytab == null
                    ? "--principal needs --keytab FILE, the keytab to log in from"
                    : "--keytab needs --principal NAME, the principal to log in as");
        }
        if (keytab != null) {
            if (kerberos.isEmpty()) {
                throw new TableloadException(ErrorCode.USAGE, "--keytab is for a metastore that takes only Kerberos, and"
                        + " none is configured: give --metastore-principal hive/_HOST@REALM too");
            }
            if (!Files.isRegularFile(keytab)) {
                throw new TableloadException(ErrorCode.NOT_FOUND, "--keytab " + keytab + ": no such file");
            }
            kerberos = kerberos.map(k -> k.withKeytab(user.strip(), keytab));
        }
        return s.withKerberos(kerberos).withTls(tls(spec, s.tls()));
    }

    /** TLS as the options ask, else as hive-site.xml asks ({@code configured}). */
    private static Optional<MetastoreTls> tls(CommandSpec spec, Optional<MetastoreTls> configured) {
        Path truststore = value(spec, "--metastore-truststore");
        if (truststore != null) {
            String password = System.getenv(MetastoreTls.TRUSTSTORE_PASSWORD_ENV);
            return Optional.of(MetastoreTls.trusting(truststore, password == null || password.isEmpty() ? null : password));
        }
        if (isSet(spec, "--metastore-tls")) {
            return configured.isPresent() ? configured : Optional.of(MetastoreTls.systemTrust());
        }
        return configured;
    }
}
