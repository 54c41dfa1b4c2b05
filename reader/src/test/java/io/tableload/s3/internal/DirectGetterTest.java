package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.s3.S3Credentials;
import io.tableload.s3.S3Settings;
import io.tableload.s3.S3Url;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The HTTP side of the direct GET path, against a scripted HTTP server: connection reuse and its
 * failure modes, error answers, and what a signed request carries. (Everything S3 itself does
 * is covered against S3Proxy by the {@code S3Session*Test} classes, which all run on this path.)
 */
class DirectGetterTest {
    private static final String SECRET = "test-secret-never-sent-0123456789";
    private ScriptedServer server;
    private DirectGetter getter;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        S3Settings settings = S3Settings.defaults()
                .withEndpoint(URI.create("http://127.0.0.1:" + server.port()))
                .withRegion("eu-west-1")
                .withPathStyle(true)
                .withCredentials(S3Credentials.of("AKIDEXAMPLE", SECRET));
        // With path-style access to a set endpoint, nothing needs the SDK's client.
        getter = new DirectGetter(() -> {
            throw new AssertionError("the SDK's client was built, but path-style access needs none");
        }, ClientFactory.credentials(settings), settings, "eu-west-1", settings.endpoint());
    }

    @AfterEach
    void stop() throws IOException {
        getter.close();
        server.close();
    }

    private String get(String key) throws IOException {
        ObjectGetter.GetSpec spec = new ObjectGetter.GetSpec(S3Url.parse("s3://bucket/" + key), Optional.empty(),
                Optional.empty(), false);
        try (ObjectGetter.GetResponse response = getter.open(spec, System.nanoTime() + 10_000_000_000L)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocateDirect(4);
            while (response.read(buffer.clear(), System.nanoTime() + 10_000_000_000L) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    body.write(buffer.get());
                }
            }
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private static String ok(String body, String... headers) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n" + String.join("", headers) + "\r\n" + body;
    }

    @Test
    void aKeptAliveConnectionIsReusedForTheNextRequest() throws IOException {
        server.answer(ok("first"), false);
        server.answer(ok("second"), false);

        assertThat(get("a")).isEqualTo("first");
        assertThat(get("b")).isEqualTo("second");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void anEmptyBodyLeavesItsConnectionToTheNextRequest() throws IOException {
        server.answer(ok(""), false);
        server.answer(ok("second"), false);

        assertThat(get("empty")).isEmpty();
        assertThat(get("b")).isEqualTo("second");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aKeptAliveConnectionTheServerHasSinceClosedIsReplacedWithoutAFailure() throws IOException {
        server.answer(ok("first"), true); // the server closes after answering, without saying so
        server.answer(ok("second"), false);

        assertThat(get("a")).isEqualTo("first");
        assertThat(get("b")).isEqualTo("second");

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionTheServerAsksToCloseIsNotReused() throws IOException {
        server.answer(ok("first", "Connection: close\r\n"), true);
        server.answer(ok("second"), false);

        assertThat(get("a")).isEqualTo("first");
        assertThat(get("b")).isEqualTo("second");

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anErrorAnswerBecomesTheS3ErrorItNames() throws IOException {
        String xml = "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The key does not exist"
                + "</Message><RequestId>R123</RequestId></Error>";
        server.answer("HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(xml.length()) + "\r\n" + xml + "\r\n0\r\n\r\n", false);
        server.answer(ok("after"), false);

        assertThatThrownBy(() -> get("missing"))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                    assertThat(e.requestId()).isEqualTo("R123");
                });
        assertThat(get("next")).as("the error's body was read to its end, so the connection serves on")
                .isEqualTo("after");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void theResponseHeadIsReadWhateverItsSpacingAndRepeatedHeaders() throws IOException {
        // No reason phrase, a header without a space after its colon, one split over two lines
        // of the same name, and a name in another case.
        server.answer("HTTP/1.1 200\r\ncontent-length:3\r\nETag: \"e1\"\r\nx-amz-meta-team: a\r\n"
                + "X-Amz-Meta-Team: b\r\nContent-Type:  text/plain  \r\n\r\nabc", false);
        ObjectGetter.GetSpec spec = new ObjectGetter.GetSpec(S3Url.parse("s3://bucket/k"), Optional.empty(),
                Optional.empty(), false);

        try (ObjectGetter.GetResponse response = getter.open(spec, System.nanoTime() + 10_000_000_000L)) {
            assertThat(response.head().contentLength()).isEqualTo(3);
            assertThat(response.head().eTag()).isEqualTo("\"e1\"");
            assertThat(response.head().contentType()).contains("text/plain");
            assertThat(response.head().metadata()).containsEntry("team", "a,b");
        }
    }

    @Test
    void anAnswerThatIsNotHttpFailsSayingSo() {
        server.answer("SSH-2.0-OpenSSH_9.2\r\n\r\n", true);
        server.answer("HTTP/1.1 abc OK\r\n\r\n", true);

        assertThatThrownBy(() -> get("a")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP response");
        assertThatThrownBy(() -> get("b")).isInstanceOf(IOException.class).hasMessageContaining("malformed status line");
    }

    @Test
    void aBodyCutShortEndsEarlyInsteadOfHanging() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true);

        assertThat(get("short")).isEqualTo("only this");
    }

    @Test
    void aRequestIsSignedForItsKeyAndNeverCarriesTheSecret() throws IOException {
        server.answer(ok("x"), false);

        get("dir/a key+with%odd ü chars");

        String request = server.requests().get(0);
        assertThat(request).startsWith("GET /bucket/dir/a%20key%2Bwith%25odd%20%C3%BC%20chars HTTP/1.1\r\n");
        assertThat(request).contains("authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=")
                .contains("host: 127.0.0.1:" + server.port() + "\r\n")
                .doesNotContain(SECRET);
    }

    @Test
    void aBucketInAnotherRegionIsAskedThereFromItsFirstAnswerOn() throws IOException {
        String xml = "<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region 'eu-west-1' is wrong;"
                + " expecting 'us-west-2'</Message><Region>us-west-2</Region></Error>";
        server.answer("HTTP/1.1 400 Bad Request\r\nx-amz-bucket-region: us-west-2\r\nContent-Length: " + xml.length()
                + "\r\n\r\n" + xml, false);
        server.answer(ok("a"), false);
        server.answer(ok("b"), false);

        assertThat(get("a")).isEqualTo("a");
        assertThat(get("b")).isEqualTo("b");

        List<String> requests = server.requests();
        assertThat(requests.get(0)).contains("/eu-west-1/s3/aws4_request");
        for (String again : requests.subList(1, 3)) {
            assertThat(again).contains("/us-west-2/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date,")
                    .containsOnlyOnce("authorization:").containsOnlyOnce("x-amz-date:");
        }
    }

    @Test
    void onAwsABucketInAnotherRegionIsAskedAtThatRegionsEndpoint() {
        S3Settings aws = S3Settings.defaults().withRegion("eu-west-1").withCredentials(S3Credentials.of("AKIDEXAMPLE", SECRET));
        try (S3Client client = ClientFactory.create(aws);
                DirectGetter onAws = new DirectGetter(() -> client, ClientFactory.credentials(aws), aws, "eu-west-1",
                        Optional.empty())) {
            DirectGetter.Endpoint home = onAws.endpointOf("lake", "eu-west-1");
            DirectGetter.Endpoint elsewhere = onAws.endpointOf("lake", "us-west-2");

            assertThat(home.host()).isEqualTo("lake.s3.eu-west-1.amazonaws.com");
            assertThat(elsewhere.host()).isEqualTo("lake.s3.us-west-2.amazonaws.com");
            assertThat(elsewhere.scheme()).isEqualTo("https");
            assertThat(elsewhere.region()).isEqualTo("us-west-2");
        }
    }

    /** Answers requests, in order, with scripted raw responses; records what it was sent. */
    private static final class ScriptedServer implements AutoCloseable {
        private record Answer(String raw, boolean closeAfter) {
        }

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();

        ScriptedServer() throws IOException {
            Thread accept = new Thread(this::acceptLoop, "scripted-http");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void answer(String raw, boolean closeAfter) {
            answers.add(new Answer(raw, closeAfter));
        }

        List<String> requests() {
            return requests;
        }

        int connections() {
            return connections.get();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(client), "scripted-http-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    requests.add(head);
                    Answer answer = answers.poll(10, TimeUnit.SECONDS);
                    if (answer == null) {
                        return;
                    }
                    client.getOutputStream().write(answer.raw().getBytes(StandardCharsets.UTF_8));
                    client.getOutputStream().flush();
                    if (answer.closeAfter()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                    return head.toString();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
