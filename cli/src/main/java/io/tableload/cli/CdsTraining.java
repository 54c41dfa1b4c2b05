package io.tableload.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tableload.s3.S3Session;
import io.tableload.s3.internal.LocalFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;

/**
 * The training run behind the class-data sharing archive the {@code tableload} launcher makes on
 * first use (in {@code ~/.cache/tableload}): runs the common commands once, {@code s3 get} and
 * {@code s3 ls} against a tiny fake S3 server on loopback (over HTTPS too, {@link TrainingTls})
 * and a table load against a tiny fake
 * metastore ({@link TrainingMetastore}), so that the JVM records the classes they load. Later
 * runs map those classes from the archive instead of loading and verifying them
 * from the jar, which saves most of the start-up CPU. Whatever goes wrong is printed and the
 * archive simply covers less.
 */
public final class CdsTraining {
    private static final String BUCKET = "training";
    private static final int SMALL = 64 * 1024;
    private static final int LARGE = 20 * 1024 * 1024; // above the part size: ranged parts
    private static final byte[] DATA = new byte[LARGE];

    private CdsTraining() {}

    public static void main(String[] args) {
        LibraryProperties.set();
        HttpServer server = null;
        HttpServer secureServer = null;
        Path dest = null;
        try {
            ExecutorService serving = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "training-server");
                t.setDaemon(true);
                return t;
            });
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", CdsTraining::handle);
            server.setExecutor(serving);
            server.start();
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
            // Static credentials from system properties: the default chain finds them first and
            // never reaches for profile files or an instance metadata service.
            System.setProperty("aws.accessKeyId", "training");
            System.setProperty("aws.secretAccessKey", "training-secret");
            dest = Files.createTempDirectory("tableload-training");
            secureServer = trainOverHttps(dest, serving);
            String[] s3 = {"--endpoint", endpoint, "--path-style", "--region", "us-east-1"};
            run(concat(new String[] {"s3", "get", "--recursive", "s3://" + BUCKET + "/", "--dest",
                    dest.resolve("a").toString()}, s3));
            run(concat(new String[] {"s3", "get", "--json", "s3://" + BUCKET + "/small", "--dest",
                    dest.resolve("b").toString()}, s3));
            run(concat(new String[] {"s3", "ls", "--recursive", "s3://" + BUCKET + "/"}, s3));
            run(concat(new String[] {"s3", "get", "s3://" + BUCKET + "/missing", "--dest",
                    dest.resolve("c").toString()}, s3));
            try (TrainingMetastore metastore = new TrainingMetastore(BUCKET)) {
                String[] table = {"--table", "training.t", "--partition", "p=1", "--metastore", metastore.uri()};
                run(concat(concat(table, new String[] {"--dry-run"}), s3));
                // As most table loads run: the region from the environment's chain, not an option,
                // and the credentials from further down their chain (a profile file here).
                System.setProperty("aws.region", "us-east-1");
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
                Path profiles = dest.resolve("credentials");
                Files.writeString(profiles, "[default]\naws_access_key_id = training\n"
                        + "aws_secret_access_key = training-secret\n");
                System.setProperty("aws.sharedCredentialsFile", profiles.toString());
                System.setProperty("aws.profile", "default"); // whatever AWS_PROFILE names
                S3Session.prepareInBackground();
                run(concat(table, new String[] {"--dest", dest.resolve("d").toString(), "--endpoint", endpoint,
                        "--path-style"}));
            }
            runThroughDaemon(dest.resolve("daemon").resolve("daemon.sock"));
            run(new String[] {"--help"});
            run(new String[] {"s3", "get", "--help"});
            run(new String[] {"--version"});
        } catch (Exception | LinkageError e) {
            System.err.println("tableload: the class-data sharing training run failed (" + e
                    + "); the archive will cover less");
        } finally {
            if (server != null) {
                server.stop(0);
            }
            if (secureServer != null) {
                secureServer.stop(0);
            }
            if (dest != null) {
                LocalFiles.deleteRecursively(dest);
            }
        }
    }

    /**
     * {@code s3 ls} and {@code s3 get} over HTTPS, certificates checked, first: the JVM reads its
     * trust store once, at the first TLS connection. Without {@code keytool} the archive simply
     * holds no TLS classes.
     */
    private static HttpServer trainOverHttps(Path dest, ExecutorService serving) {
        try {
            HttpServer secure = TrainingTls.start(dest, CdsTraining::handle, serving);
            String[] s3 = {"--endpoint", "https://127.0.0.1:" + secure.getAddress().getPort(), "--path-style",
                    "--region", "us-east-1"};
            run(concat(new String[] {"s3", "get", "--recursive", "s3://" + BUCKET + "/", "--dest",
                    dest.resolve("tls").toString()}, s3));
            run(concat(new String[] {"s3", "ls", "s3://" + BUCKET + "/"}, s3));
            return secure;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            System.err.println("tableload: the training run over HTTPS failed (" + e + "); the archive will cover less");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void run(String[] args) {
        Writer nowhere = Writer.nullWriter();
        StringWriter err = new StringWriter();
        // The same command line a real run builds (Main.main), so its own lambdas are recorded too.
        CommandLine cmd = Main.commandLine(args);
        cmd.setOut(new PrintWriter(nowhere));
        cmd.setErr(new PrintWriter(err));
        cmd.execute(args);
    }

    /** A command handed to a daemon, as {@code tableload} does when one is running. */
    private static void runThroughDaemon(Path socket) throws IOException, InterruptedException {
        DaemonServer server = DaemonServer.listen(socket, java.time.Duration.ofMinutes(1), 1);
        Thread serving = new Thread(server::serve, "training-daemon");
        serving.start();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        DaemonClient.run(new String[] {"--version"}); // looks for a daemon, as every command does
        DaemonAddress.whyNotPrivate(socket.getParent()); // what a client checks when the directory exists
        DaemonClient.run(DaemonClient.connect(socket), socket, socket.getParent(), false,
                new String[] {"--version"}, nowhere, nowhere);
        server.close();
        serving.join();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * Just enough of S3 for the commands above: ListObjectsV2 (with URL-encoded keys, as asked
     * for; the prefix arrives encoded and is echoed so) and (ranged) GETs of two objects.
     */
    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            var headers = exchange.getResponseHeaders();
            if (path.equals("/" + BUCKET) || path.equals("/" + BUCKET + "/")) {
                if (query == null || !query.contains("list-type=2")) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Name>" + BUCKET + "</Name><Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>"
                        + "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
                        + contents(prefix(query) + "large", LARGE) + contents(prefix(query) + "small", SMALL)
                        + "</ListBucketResult>";
                byte[] body = xml.getBytes(StandardCharsets.UTF_8);
                headers.set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            int size = path.endsWith("/large") ? LARGE : path.endsWith("/small") ? SMALL : -1;
            if (size < 0) {
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                headers.set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            long from = 0;
            long to = size - 1;
            String range = exchange.getRequestHeaders().getFirst("Range");
            headers.set("ETag", "\"0123456789abcdef0123456789abcdef\"");
            headers.set("Content-Type", "application/octet-stream");
            headers.set("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
            headers.set("Accept-Ranges", "bytes");
            int status = 200;
            if (range != null && range.startsWith("bytes=")) {
                String[] span = range.substring(6).split("-", 2);
                from = Long.parseLong(span[0]);
                to = span[1].isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(span[1]));
                headers.set("Content-Range", "bytes " + from + "-" + to + "/" + size);
                status = 206;
            }
            int length = (int) (to - from + 1);
            if (exchange.getRequestMethod().equals("HEAD")) {
                headers.set("Content-Length", Integer.toString(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length);
            OutputStream out = exchange.getResponseBody();
            out.write(DATA, 0, length);
        }
    }

    /** The listing's {@code prefix} parameter: the objects are listed under it, whatever it is. */
    private static String prefix(String query) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("prefix=")) {
                return parameter.substring("prefix=".length());
            }
        }
        return "";
    }

    private static String contents(String key, int size) {
        return "<Contents><Key>" + key + "</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
                + "<ETag>\"0123456789abcdef0123456789abcdef\"</ETag><Size>" + size + "</Size>"
                + "<StorageClass>STANDARD</StorageClass></Contents>";
    }
}
