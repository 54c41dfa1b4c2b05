package io.tableload.sandbox.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 proxy on {@code 127.0.0.1} that sits between an S3 client and a real S3
 * server and spoils chosen requests for real: error answers (503 SlowDown, 500, 502, 504),
 * connections reset in the middle of a body, bodies cut short, lying {@code Content-Length}
 * headers, stalls and trickling bodies. Nothing is simulated in the client;
 * it sees exactly what a misbehaving network or server would send.
 *
 * <p>Requests are forwarded byte for byte (so SigV4 signatures stay valid; the {@code Host}
 * header is kept as the client sent it). Each client connection carries one request: the proxy
 * answers with {@code Connection: close}, which keeps the relay simple and lets each request be
 * judged on its own. Rules are checked in the order added; the first that matches and still has
 * budget decides the fault. Every request is recorded ({@link #seen()}) with the fault it got, so
 * tests can check which requests a client repeated.
 */
public final class FaultProxy implements AutoCloseable {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final ExecutorService workers;
    private final List<RuleState> rules = new CopyOnWriteArrayList<>();
    private final Random random = new Random(42);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Duration stall = Duration.ofSeconds(30);
    private volatile int trickleBytes = 16;
    private volatile Duration trickleEvery = Duration.ofMillis(100);
    private volatile String bucketRegion;

    /**
     * One request as the proxy saw it.
     *
     * @param method the HTTP method
     * @param target the request target (path and query) as sent
     * @param range the {@code Range} header, or {@code null}
     * @param fault the fault injected, or {@code null} when it passed through untouched
     * @param headers the request's header lines ({@code name: value}), as sent
     */
    public record Seen(String method, String target, String range, Fault fault, List<String> headers) {
        /** The value of request header {@code name} (any case), if it was sent. */
        public java.util.Optional<String> header(String name) {
            return java.util.Optional.ofNullable(headerValue(headers, name));
        }

        /** The path without the query string. */
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        });
        workers.execute(this::acceptLoop);
    }

    /** Starts a proxy in front of the server at {@code upstream} (an {@code http://host:port} URL). */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new IllegalStateException("could not open a loopback port for the fault proxy", e);
        }
    }

    /** The URL clients use instead of the server's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Adds a rule; returns this proxy for chaining. */
    public FaultProxy inject(FaultRule rule) {
        rules.add(new RuleState(rule));
        return this;
    }

    /** Removes every rule: from now on requests pass through untouched. */
    public void clearRules() {
        rules.clear();
    }

    /** How long a {@link Fault#STALL} keeps the client waiting before the connection is closed. */
    public FaultProxy stallFor(Duration duration) {
        this.stall = duration;
        return this;
    }

    /**
     * Sends {@link Fault#TRICKLE} bodies {@code bytes} at a time, one chunk per {@code every}.
     */
    public FaultProxy trickle(int bytes, Duration every) {
        this.trickleBytes = bytes;
        this.trickleEvery = every;
        return this;
    }

    /**
     * Makes the buckets behind this proxy live in {@code region}, as far as clients can tell: a
     * request signed for another region is answered as AWS S3 answers a request sent to a
     * bucket's wrong region, {@code 301 PermanentRedirect} with the bucket's region in an
     * {@code x-amz-bucket-region} header, without asking the server. Unsigned requests pass.
     */
    public FaultProxy bucketRegion(String region) {
        this.bucketRegion = region;
        return this;
    }

    /** Every request seen since start (or the last {@link #clearSeen()}), in arrival order. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Forgets the requests seen so far. */
    public void clearSeen() {
        seen.clear();
    }

    /** Requests seen since start. */
    public int requests() {
        return requests.get();
    }

    /** Requests spoiled since start. */
    public int injected() {
        return injected.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket server = new Socket()) {
            client.setTcpNoDelay(true);
            InputStream fromClient = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream toClient = client.getOutputStream();
            String head = readHead(fromClient);
            if (head == null) {
                return;
            }
            requests.incrementAndGet();
            Headers request = Headers.parse(head);
            String target = request.target();
            int query = target.indexOf('?');
            Fault fault = choose(request.method(), request.get("range") != null, query < 0 ? target : target.substring(0, query));
            String signedFor = signingRegion(request.get("authorization"));
            if (bucketRegion != null && signedFor != null && !signedFor.equals(bucketRegion)) {
                fault = Fault.WRONG_REGION;
            }
            if (fault != null) {
                injected.incrementAndGet();
            }
            seen.add(new Seen(request.method(), request.target(), request.get("range"), fault, request.lines()));
            if (fault == Fault.SLOW_DOWN || fault == Fault.INTERNAL_ERROR || fault == Fault.BAD_GATEWAY
                    || fault == Fault.GATEWAY_TIMEOUT || fault == Fault.ARCHIVED) {
                answerError(toClient, fault);
                return;
            }
            if (fault == Fault.WRONG_REGION) {
                answerWrongRegion(toClient, request.method(), bucketRegion);
                return;
            }
            if (fault == Fault.STALL) {
                Thread.sleep(stall.toMillis());
                return;
            }
            if (request.get("expect") != null) {
                // Let the client send its body now; the server never sees the Expect header.
                toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                toClient.flush();
            }
            server.connect(upstream);
            server.setTcpNoDelay(true);
            OutputStream toServer = server.getOutputStream();
            toServer.write(request.withConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
            relayRequestBody(request, fromClient, toServer);
            toServer.flush();
            relayResponse(new BufferedInputStream(server.getInputStream(), 64 * 1024), client, fault);
        } catch (IOException | InterruptedException e) {
            // The client or server went away; nothing to report to anyone.
        }
    }

    private Fault choose(String method, boolean ranged, String path) {
        for (RuleState state : rules) {
            if (!state.rule.matches(method, ranged, path)) {
                continue;
            }
            boolean hit;
            synchronized (random) {
                hit = random.nextDouble() < state.rule.share();
            }
            if (hit && state.used.getAndIncrement() < state.rule.limit()) {
                return state.rule.fault();
            }
        }
        return null;
    }

    private static void answerError(OutputStream out, Fault fault) throws IOException {
        String status;
        String code;
        switch (fault) {
            case SLOW_DOWN -> { status = "503 Slow Down"; code = "SlowDown"; }
            case INTERNAL_ERROR -> { status = "500 Internal Server Error"; code = "InternalError"; }
            case GATEWAY_TIMEOUT -> { status = "504 Gateway Timeout"; code = "GatewayTimeout"; }
            case ARCHIVED -> { status = "403 Forbidden"; code = "InvalidObjectState"; }
            default -> { status = "502 Bad Gateway"; code = "BadGateway"; }
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                + "</Code><Message>injected by the fault proxy</Message></Error>").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** The region in a SigV4 {@code Authorization} header's credential scope; null when unsigned. */
    private static String signingRegion(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        String[] scope = authorization.substring(at + "Credential=".length()).split("[/,]");
        return scope.length > 2 ? scope[2] : null;
    }

    private static void answerWrongRegion(OutputStream out, String method, String region) throws IOException {
        byte[] body = "HEAD".equals(method) ? new byte[0] : ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                + "<Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed"
                + " using the specified endpoint. Please send all future requests to this endpoint.</Message>"
                + "<Endpoint>s3." + region + ".amazonaws.com</Endpoint></Error>").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 301 Moved Permanently\r\nx-amz-bucket-region: " + region
                + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void relayRequestBody(Headers request, InputStream in, OutputStream out) throws IOException {
        String length = request.get("content-length");
        String encoding = request.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            relayChunked(in, out);
        } else if (length != null) {
            copy(in, out, Long.parseLong(length.trim()));
        }
    }

    private void relayResponse(InputStream fromServer, Socket client, Fault fault) throws IOException {
        OutputStream toClient = client.getOutputStream();
        String head = readHead(fromServer);
        if (head == null) {
            return;
        }
        Headers response = Headers.parse(head);
        String length = response.get("content-length");
        long half = length == null ? 1024 : Long.parseLong(length.trim()) / 2;
        if (fault == Fault.ADD_CHECKSUM || fault == Fault.WRONG_CHECKSUM || fault == Fault.CHUNKED_BODY) {
            relayRewritten(response, fromServer, toClient, fault);
            return;
        }
        if (fault == Fault.WRONG_LENGTH && length != null) {
            response = response.with("Content-Length", Long.toString(half));
        }
        toClient.write(response.withConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
        if (fault == Fault.TRICKLE) {
            trickle(fromServer, toClient);
            return;
        }
        if (fault != Fault.RESET_MID_BODY && fault != Fault.TRUNCATE_BODY && fault != Fault.WRONG_LENGTH) {
            fromServer.transferTo(toClient);
            toClient.flush();
            return;
        }
        copy(fromServer, toClient, half);
        toClient.flush();
        if (fault == Fault.RESET_MID_BODY) {
            client.setSoLinger(true, 0); // close() now sends RST instead of FIN
        }
    }

    /** Sends the whole body (the server closes after it) with a checksum header added, or chunked. */
    private static void relayRewritten(Headers response, InputStream fromServer, OutputStream toClient, Fault fault)
            throws IOException {
        byte[] body = fromServer.readAllBytes();
        if (fault == Fault.CHUNKED_BODY) {
            toClient.write(response.without("Content-Length").with("Transfer-Encoding", "chunked")
                    .withConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
            for (int at = 0; at < body.length; at += 70_000) {
                int n = Math.min(70_000, body.length - at);
                toClient.write((Integer.toHexString(n) + ";note=x\r\n").getBytes(StandardCharsets.ISO_8859_1));
                toClient.write(body, at, n);
                toClient.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            toClient.write("0\r\nx-trailer: y\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(body);
            if (fault == Fault.WRONG_CHECKSUM) {
                crc.update(0);
            }
            byte[] value = java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            toClient.write(response.with("x-amz-checksum-crc32c", java.util.Base64.getEncoder().encodeToString(value))
                    .withConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
            toClient.write(body);
        }
        toClient.flush();
    }

    private void trickle(InputStream fromServer, OutputStream toClient) throws IOException {
        toClient.flush();
        byte[] chunk = new byte[Math.max(1, trickleBytes)];
        int n;
        while ((n = fromServer.read(chunk)) > 0) {
            toClient.write(chunk, 0, n);
            toClient.flush();
            try {
                Thread.sleep(trickleEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void relayChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copy(in, out, size + 2); // data plus its CRLF
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        throw new IOException("connection closed inside a chunked body");
    }

    /** Reads up to and including the blank line ending an HTTP head; null at a clean EOF. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = b == HEAD_END[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == HEAD_END.length) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("peer closed with " + left + " bytes still expected");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** The value of header {@code name} (any case) among header {@code lines}; null when absent. */
    private static String headerValue(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static final class RuleState {
        final FaultRule rule;
        final AtomicInteger used = new AtomicInteger();

        RuleState(FaultRule rule) {
            this.rule = rule;
        }
    }

    /** The start line and header lines of one HTTP message, in their original order and spelling. */
    private record Headers(String startLine, List<String> lines) {
        static Headers parse(String head) {
            String[] all = head.split("\r\n");
            return new Headers(all[0], List.of(all).subList(1, all.length));
        }

        String method() {
            int space = startLine.indexOf(' ');
            return space < 0 ? startLine : startLine.substring(0, space);
        }

        String target() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }

        /** The same head with header {@code name} set to {@code value} (replacing any). */
        Headers with(String name, String value) {
            List<String> out = new java.util.ArrayList<>(without(name).lines());
            out.add(name + ": " + value);
            return new Headers(startLine, out);
        }

        /** The same head without header {@code name}. */
        Headers without(String name) {
            List<String> out = new java.util.ArrayList<>();
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (!(colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name))) {
                    out.add(line);
                }
            }
            return new Headers(startLine, out);
        }

        String get(String name) {
            return headerValue(lines, name);
        }

        /** The head re-serialised with {@code Connection: close} and without {@code Expect}. */
        String withConnectionClose() {
            StringBuilder out = new StringBuilder(startLine).append("\r\n");
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (line.isEmpty() || lower.startsWith("connection:") || lower.startsWith("expect:")
                        || lower.startsWith("keep-alive:")) {
                    continue;
                }
                out.append(line).append("\r\n");
            }
            return out.append("Connection: close\r\n\r\n").toString();
        }
    }
}
