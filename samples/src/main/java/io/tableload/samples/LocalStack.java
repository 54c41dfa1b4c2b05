package io.tableload.samples;

import io.tableload.catalog.MetastoreSettings;
import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Settings;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.s3.S3Server;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The local stack on loopback: an S3 server and a Hive Metastore, and the settings tableload
 * uses to reach them. Closing it stops both.
 */
public final class LocalStack implements AutoCloseable {
    private final S3Server s3;
    private final HiveMetastoreSandbox metastore;
    private boolean closed;

    private LocalStack(S3Server s3, HiveMetastoreSandbox metastore) {
        this.s3 = s3;
        this.metastore = metastore;
    }

    /** A throwaway stack: objects in memory, metastore on in-memory Derby, free ports. */
    public static LocalStack startTransient() {
        S3Server s3 = S3Server.startTransient();
        try {
            return new LocalStack(s3, HiveMetastoreSandbox.start(java.util.Map.of()));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /** A stack whose data lives under {@code dir} (kept across restarts), on the given ports. */
    public static LocalStack startPersistent(Path dir, int s3Port, int metastorePort) {
        S3Server s3 = S3Server.startFilesystem(dir.resolve("s3"), s3Port);
        try {
            return new LocalStack(s3, HiveMetastoreSandbox.startPersistent(dir.resolve("metastore"), metastorePort));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    public S3Server s3() {
        return s3;
    }

    public String metastoreUri() {
        return metastore.uri();
    }

    /** Settings for tableload's S3 engine, with the sandbox's (test-only) credentials. */
    public S3Settings s3Settings() {
        return S3Settings.defaults().withEndpoint(s3.endpoint()).withRegion(s3.region()).withPathStyle(true)
                .withCredentials(S3Credentials.of(s3.accessKey(), s3.secretKey()));
    }

    public MetastoreSettings metastoreSettings() {
        return MetastoreSettings.of(List.of(URI.create(metastore.uri())));
    }

    /**
     * The command-line options that point {@code tableload} at this stack: the metastore's two
     * first, then the S3 server's.
     */
    public List<String> cliOptions() {
        return List.of("--metastore", metastore.uri(), "--endpoint", s3.endpoint().toString(), "--path-style");
    }

    /** Stops both servers; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            metastore.close();
        } finally {
            s3.close();
        }
    }
}
