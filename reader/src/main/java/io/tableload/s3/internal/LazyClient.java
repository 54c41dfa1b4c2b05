package io.tableload.s3.internal;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.S3Settings;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The session's SDK client, built on first use. Object GETs and listings go over
 * {@link DirectGetter}, so a load or a copy never pays for building the client (about 0.3 s of
 * CPU at start-up); uploads, HEADs, the proxy fallback and bucket placement on AWS itself use it.
 */
final class LazyClient implements Supplier<S3Client>, AutoCloseable {
    private final S3Settings settings;
    private final AwsCredentialsProvider credentials;
    private volatile S3Client client;
    private boolean closed;

    LazyClient(S3Settings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    @Override
    public S3Client get() {
        S3Client c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new TableloadException(ErrorCode.USAGE, "this S3 session is closed; open a new one");
            }
            if (client == null) {
                client = ClientFactory.create(settings, credentials);
            }
            return client;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
