package io.tableload.s3.internal;

import io.tableload.s3.S3Url;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One HTTP/1.1 response read off an {@link HttpConnection}: the head parsed, the body handed out
 * as it arrives (by {@code Content-Length}, chunked, or up to the connection's end), the
 * connection given back for reuse once the body has been read to its end and the server allows.
 */
final class HttpResponse implements ObjectGetter.GetResponse {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Pattern XML_FIELD = Pattern.compile("<(Code|Message|RequestId)>([^<]*)</\\1>");

    /** The connection closed, or failed, before any byte of an answer: the request was not seen to be served. */
    static final class NoAnswer extends IOException {
        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private enum Framing { LENGTH, CHUNKED, UNTIL_CLOSE }

    private final HttpConnection connection;
    private final Consumer<HttpConnection> release;
    private final long readTimeoutMillis;
    /** Bytes read past the head and not yet handed out. */
    private final ByteBuffer pending;
    private final int status;
    private final Map<String, String> headers;
    private final Framing framing;
    private final boolean keepAlive;
    private final BodyChecksum checksum;
    private final ObjectGetter.ObjectHead head;
    /** Bytes left: of the body (LENGTH) or of the current chunk (CHUNKED). */
    private long left;
    private boolean ended;
    private boolean closed;

    private HttpResponse(HttpConnection connection, Consumer<HttpConnection> release, long readTimeoutMillis,
            ByteBuffer pending, int status, Map<String, String> headers, boolean http11, ObjectGetter.GetSpec spec) {
        this.connection = connection;
        this.release = release;
        this.readTimeoutMillis = readTimeoutMillis;
        this.pending = pending;
        this.status = status;
        this.headers = headers;
        String length = headers.get("content-length");
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            framing = Framing.CHUNKED;
            left = 0;
        } else if (length != null) {
            framing = Framing.LENGTH;
            left = Long.parseLong(length.trim());
        } else {
            framing = Framing.UNTIL_CLOSE;
            left = Long.MAX_VALUE;
        }
        keepAlive = http11 && framing != Framing.UNTIL_CLOSE
                && !"close".equalsIgnoreCase(headers.getOrDefault("connection", "").trim());
        boolean whole = status == 200 && spec.range().isEmpty();
        checksum = whole && spec.checksums() ? BodyChecksum.from(headers::get).orElse(null) : null;
        head = new ObjectGetter.ObjectHead(framing == Framing.LENGTH ? left : -1, headers.get("content-range"),
                headers.get("etag"), Optional.ofNullable(headers.get("content-type")), metadata(headers),
                Timestamps.httpDate(headers.get("last-modified")));
    }

    /** Reads the head of the answer to the request just sent. */
    static HttpResponse read(HttpConnection connection, ObjectGetter.GetSpec spec, long deadlineNanos,
            long readTimeoutMillis, Consumer<HttpConnection> release) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        int end;
        while ((end = headEnd(buffer)) < 0) {
            if (!buffer.hasRemaining()) {
                if (buffer.capacity() >= MAX_HEAD) {
                    throw new IOException("the server's response head is longer than " + MAX_HEAD + " bytes");
                }
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
            int n;
            try {
                n = connection.read(buffer, timeout(deadlineNanos, readTimeoutMillis));
            } catch (IOException e) {
                if (buffer.position() == 0) {
                    throw new NoAnswer("the connection failed before any answer: " + e.getMessage(), e);
                }
                throw e;
            }
            if (n < 0) {
                if (buffer.position() == 0) {
                    throw new NoAnswer("the server closed the connection without answering", null);
                }
                throw new IOException("the server closed the connection in the middle of the response head");
            }
        }
        String text = new String(buffer.array(), 0, end, StandardCharsets.ISO_8859_1);
        buffer.flip().position(end);
        // Split by hand: String.split with a two-character separator compiles a regex, per response.
        int lineEnd = lineEnd(text, 0);
        String statusLine = text.substring(0, lineEnd);
        int firstSpace = statusLine.indexOf(' ');
        if (firstSpace < 0 || !statusLine.startsWith("HTTP/")) {
            throw new IOException("the server sent something that is not an HTTP response");
        }
        int secondSpace = statusLine.indexOf(' ', firstSpace + 1);
        int status;
        try {
            status = Integer.parseInt(statusLine, firstSpace + 1, secondSpace < 0 ? statusLine.length() : secondSpace, 10);
        } catch (NumberFormatException e) {
            throw new IOException("the server sent a malformed status line");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int from = lineEnd + 2; from < text.length(); ) {
            int to = lineEnd(text, from);
            int colon = text.indexOf(':', from);
            if (colon > from && colon < to) {
                String name = text.substring(from, colon).trim();
                String value = text.substring(colon + 1, to).trim();
                headers.merge(name, value, (a, b) -> a + "," + b);
            }
            from = to + 2;
        }
        if (status == 100) {
            throw new IOException("the server sent 100 Continue to a request without a body");
        }
        HttpResponse response = new HttpResponse(connection, release, readTimeoutMillis, buffer, status, headers,
                statusLine.startsWith("HTTP/1.1 "), spec);
        if (response.framing == Framing.LENGTH && response.left == 0) {
            response.finish(); // no body to read: the connection serves the next request at once
        }
        return response;
    }

    /** Where the line starting at {@code from} ends: its CRLF, or the end of the head. */
    private static int lineEnd(String head, int from) {
        int end = head.indexOf("\r\n", from);
        return end < 0 ? head.length() : end;
    }

    /** This response, or (for an error status) the S3 error it carries, thrown as the SDK would. */
    HttpResponse throwIfError(S3Url url) throws IOException {
        if (status >= 200 && status < 300) {
            return this;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            readInto(this, body, MAX_ERROR_BODY, System.nanoTime() + readTimeoutMillis * 1_000_000);
        } catch (IOException e) {
            // The status says enough; the body only adds the error code.
        } finally {
            close();
        }
        String xml = body.toString(StandardCharsets.UTF_8);
        String code = null;
        String message = null;
        String requestId = headers.get("x-amz-request-id");
        Matcher m = XML_FIELD.matcher(xml);
        while (m.find()) {
            switch (m.group(1)) {
                case "Code" -> code = code == null ? m.group(2) : code;
                case "Message" -> message = message == null ? m.group(2) : message;
                default -> requestId = requestId == null ? m.group(2) : requestId;
            }
        }
        String text = (message == null ? "HTTP " + status : message) + " (Service: S3, Status Code: " + status
                + (requestId == null ? "" : ", Request ID: " + requestId) + ")";
        throw (S3Exception) S3Exception.builder()
                .statusCode(status)
                .requestId(requestId)
                .message(text)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("S3")
                        .sdkHttpResponse(httpResponse())
                        .build())
                .build();
    }

    /** The status and the headers error handling reads, as the SDK's exceptions carry them. */
    private SdkHttpResponse httpResponse() {
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status);
        String region = headers.get(BucketRegions.HEADER);
        if (region != null) {
            response.putHeader(BucketRegions.HEADER, region.trim());
        }
        return response.build();
    }

    /** The whole body of {@code response} (a listing page: at most a few MiB). */
    static byte[] readAll(ObjectGetter.GetResponse response, long deadlineNanos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long expected = response.head().contentLength();
        readInto(response, body, Long.MAX_VALUE, deadlineNanos);
        if (expected >= 0 && body.size() != expected) {
            throw new TransientException("the body was cut short: got " + body.size() + " of " + expected + " bytes");
        }
        return body.toByteArray();
    }

    /** Reads {@code response}'s body into {@code out} until its end, or until {@code out} holds {@code max} bytes. */
    private static void readInto(ObjectGetter.GetResponse response, ByteArrayOutputStream out, long max,
            long deadlineNanos) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        int n;
        while (out.size() < max && (n = response.read(chunk.clear(), deadlineNanos)) >= 0) {
            out.write(chunk.array(), 0, n);
        }
    }

    @Override
    public ObjectGetter.ObjectHead head() {
        return head;
    }

    @Override
    public int read(ByteBuffer dst, long deadlineNanos) throws IOException {
        if (ended) {
            return -1;
        }
        if (framing == Framing.CHUNKED && left == 0) {
            left = nextChunkSize(deadlineNanos);
            if (left == 0) {
                skipTrailers(deadlineNanos);
                finish();
                return -1;
            }
        }
        int from = dst.position();
        int oldLimit = dst.limit();
        dst.limit((int) Math.min(oldLimit, from + Math.min(left, Integer.MAX_VALUE)));
        int n;
        long timeout = 0;
        try {
            if (pending.hasRemaining()) {
                n = Math.min(pending.remaining(), dst.remaining());
                dst.put(pending.slice(pending.position(), n));
                pending.position(pending.position() + n);
            } else {
                timeout = timeout(deadlineNanos, readTimeoutMillis);
                n = connection.read(dst, timeout);
            }
        } catch (java.net.SocketTimeoutException e) {
            if (timeout < readTimeoutMillis) { // the wait was cut to the attempt's deadline, not the idle limit
                throw new TransientException("the body arrived too slowly: the retry budget ran out while waiting"
                        + " for more of it");
            }
            throw e;
        } finally {
            dst.limit(oldLimit);
        }
        if (n < 0) {
            ended = true;
            if (framing == Framing.UNTIL_CLOSE) {
                finish();
            }
            return -1; // for a known length, the caller sees a short body and retries
        }
        if (checksum != null) {
            checksum.update(dst, from);
        }
        left -= n;
        if (framing == Framing.LENGTH && left == 0) {
            finish();
        } else if (framing == Framing.CHUNKED && left == 0) {
            expectLine(deadlineNanos, ""); // the CRLF after the chunk's data
        }
        return n;
    }

    /** The body is complete: check the checksum, then free the connection. */
    private void finish() throws IOException {
        ended = true;
        if (checksum != null) {
            String mismatch = checksum.mismatch();
            if (mismatch != null) {
                abort();
                throw new TransientException("checksum mismatch: " + mismatch);
            }
        }
        if (!closed) {
            closed = true;
            if (keepAlive) {
                release.accept(connection);
            } else {
                connection.close();
            }
        }
    }

    @Override
    public void abort() {
        if (!closed) {
            closed = true;
            connection.close();
        }
    }

    @Override
    public void close() {
        abort(); // finish() already gave the connection back when the body was read to its end
    }

    private long nextChunkSize(long deadlineNanos) throws IOException {
        String line = line(deadlineNanos);
        int semicolon = line.indexOf(';');
        try {
            return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("the server sent a malformed chunk size");
        }
    }

    private void skipTrailers(long deadlineNanos) throws IOException {
        while (!line(deadlineNanos).isEmpty()) {
            // trailers carry nothing the engine uses
        }
    }

    private void expectLine(long deadlineNanos, String expected) throws IOException {
        if (!line(deadlineNanos).equals(expected)) {
            throw new IOException("the server's chunked body is malformed");
        }
    }

    /** One CRLF-ended line of the chunked framing. */
    private String line(long deadlineNanos) throws IOException {
        StringBuilder out = new StringBuilder();
        while (true) {
            if (!pending.hasRemaining()) {
                pending.clear();
                int n = connection.read(pending, timeout(deadlineNanos, readTimeoutMillis));
                pending.flip();
                if (n < 0) {
                    throw new IOException("the server closed the connection inside a chunked body");
                }
            }
            char c = (char) (pending.get() & 0xff);
            if (c == '\n') {
                int last = out.length() - 1;
                return last >= 0 && out.charAt(last) == '\r' ? out.substring(0, last) : out.toString();
            }
            if (out.length() > 4096) {
                throw new IOException("the server's chunked body has an over-long line");
            }
            out.append(c);
        }
    }

    private static int headEnd(ByteBuffer buffer) {
        byte[] a = buffer.array();
        for (int i = 3; i < buffer.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static long timeout(long deadlineNanos, long readTimeoutMillis) throws IOException {
        long left = (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000; // rounded up: never wake early
        if (left <= 0) {
            throw new java.net.SocketTimeoutException("the answer arrived too slowly: the attempt ran out of time");
        }
        return Math.min(left, readTimeoutMillis);
    }

    private static Map<String, String> metadata(Map<String, String> headers) {
        Map<String, String> meta = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().regionMatches(true, 0, "x-amz-meta-", 0, 11)) {
                meta.put(h.getKey().substring(11).toLowerCase(Locale.ROOT), h.getValue());
            }
        }
        return meta;
    }
}
