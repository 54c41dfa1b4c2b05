package io.tableload.sandbox.s3;

import io.tableload.sandbox.Ports;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server (S3Proxy) running in this JVM on {@code 127.0.0.1} with a random free port and
 * SigV4 authentication using the fixed test credentials {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>The store is either transient (kept in memory, capped at 4 GiB, gone on {@link #close()})
 * or a filesystem directory (kept after close; the caller owns it). Tests normally get a shared
 * instance from {@link S3ServerExtension} rather than starting their own.
 */
public final class S3Server implements AutoCloseable {
    /** Access key every sandbox server accepts. Test-only; not a secret. */
    public static final String ACCESS_KEY = "tableload-test-access";
    /** Secret key every sandbox server accepts. Test-only; not a secret. */
    public static final String SECRET_KEY = "tableload-test-secret-key-0123456789";
    /** Region clients should sign for; S3Proxy accepts any, this one is the SDK's usual default. */
    public static final String REGION = "us-east-1";

    private static final AtomicInteger BUCKET_COUNTER = new AtomicInteger();

    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;
    private final Optional<Path> storeDirectory;
    private final Optional<URI> secureEndpoint;

    private S3Server(BlobStore store, Optional<Path> storeDirectory) {
        this(store, storeDirectory, 0, Optional.empty());
    }

    private S3Server(BlobStore store, Optional<Path> storeDirectory, int port) {
        this(store, storeDirectory, port, Optional.empty());
    }

    private S3Server(BlobStore store, Optional<Path> storeDirectory, int port, Optional<SelfSignedKeyStore> tls) {
        this(store, storeDirectory, port, tls, false);
    }

    /** @param anyHeader whether request headers S3Proxy does not know are let through, as AWS lets them */
    private S3Server(BlobStore store, Optional<Path> storeDirectory, int port, Optional<SelfSignedKeyStore> tls,
            boolean anyHeader) {
        this.store = store;
        this.storeDirectory = storeDirectory;
        var builder = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // Jetty's default of 200 threads is wasteful on a 2-core machine; 64 still lets
                // clients keep many requests in flight.
                .jettyMaxThreads(64)
                .ignoreUnknownHeaders(anyHeader);
        tls.ifPresent(keys -> builder.secureEndpoint(URI.create("https://127.0.0.1:0"))
                .keyStore(keys.path().toString(), keys.password()));
        this.proxy = builder.build();
        try {
            proxy.start();
            // start() returns before the connector is bound on some paths; wait for a port.
            for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the sandbox S3 server: " + e.getMessage(), e);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.secureEndpoint = tls.map(keys -> URI.create("https://127.0.0.1:" + proxy.getSecurePort()));
    }

    /** Starts a server whose objects live in memory and vanish on {@link #close()}. */
    public static S3Server startTransient() {
        return new S3Server(new TransientNio2BlobStore(), Optional.empty());
    }

    /**
     * Starts a transient server that takes requests with {@code x-amz-} headers S3Proxy does not
     * implement (it answers them 501 otherwise), such as {@code x-amz-request-payer}, which AWS
     * takes of anyone and requester-pays buckets demand.
     */
    public static S3Server startTransientTakingAnyHeader() {
        return new S3Server(new TransientNio2BlobStore(), Optional.empty(), 0, Optional.empty(), true);
    }

    /**
     * Starts a transient server that also serves HTTPS, with the self-signed certificate in
     * {@code keys}, at {@link #secureEndpoint()}. Clients that check certificates refuse it, as
     * they should; tests use it to check exactly that, and the opt-out.
     */
    public static S3Server startTransientWithTls(SelfSignedKeyStore keys) {
        return new S3Server(new TransientNio2BlobStore(), Optional.empty(), 0, Optional.of(keys));
    }

    /**
     * Starts a server storing buckets as directories under {@code baseDir} (created if missing).
     * The directory and its content survive {@link #close()}; the caller deletes it.
     */
    public static S3Server startFilesystem(Path baseDir) {
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new IllegalStateException("could not create the store directory " + baseDir, e);
        }
        return new S3Server(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()),
                Optional.of(baseDir.toAbsolutePath()));
    }

    /**
     * Like {@link #startFilesystem(Path)} on a given loopback port; a busy port is refused with a
     * message naming it.
     */
    public static S3Server startFilesystem(Path baseDir, int port) {
        Ports.requireFree(port, "the S3 server");
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new IllegalStateException("could not create the store directory " + baseDir, e);
        }
        return new S3Server(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()),
                Optional.of(baseDir.toAbsolutePath()), port);
    }

    /** The server's base URL, for example {@code http://127.0.0.1:41234}. Use path-style access. */
    public URI endpoint() {
        return endpoint;
    }

    /** The HTTPS base URL, for example {@code https://127.0.0.1:41235}, when started with TLS. */
    public Optional<URI> secureEndpoint() {
        return secureEndpoint;
    }

    /**
     * The directory of a filesystem store, empty for a transient one. Each bucket is a directory
     * in it and each object a file at its key's path: a file placed there (for example
     * {@code DIR/bucket/a/b.parquet}) is served as that object without going through the server.
     */
    public Optional<Path> storeDirectory() {
        return storeDirectory;
    }

    public String region() {
        return REGION;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Creates {@code bucket} if it does not exist yet and returns its name. */
    public String createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        return bucket;
    }

    /**
     * Creates a fresh, empty bucket whose name starts with {@code prefix} and is unique in this
     * JVM, so tests sharing one server do not see each other's objects.
     */
    public String createUniqueBucket(String prefix) {
        String clean = prefix.toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return createBucket(clean + "-" + ProcessHandle.current().pid() + "-" + BUCKET_COUNTER.incrementAndGet());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the sandbox S3 server", e);
        }
    }

    /**
     * Runs a server until the process is stopped. With a directory argument the store is kept
     * there (filesystem store); without, it is transient. Prints the endpoint and the test
     * credentials on stdout for clients such as {@code tableload s3} or the AWS CLI.
     */
    public static void main(String[] args) throws InterruptedException {
        S3Server server = args.length > 0 ? startFilesystem(Path.of(args[0])) : startTransient();
        for (int i = 1; i < args.length; i++) {
            server.createBucket(args[i]);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3-sandbox-stop"));
        System.out.println("AWS_ENDPOINT_URL_S3=" + server.endpoint());
        System.out.println("AWS_ACCESS_KEY_ID=" + ACCESS_KEY);
        System.out.println("AWS_SECRET_ACCESS_KEY=" + SECRET_KEY);
        System.out.println("AWS_REGION=" + REGION);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
