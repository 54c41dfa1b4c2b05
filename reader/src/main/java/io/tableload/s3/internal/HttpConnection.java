package io.tableload.s3.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One keep-alive connection to the S3 endpoint, with reads that give up after a timeout.
 * Plain HTTP reads from the socket straight into the caller's (direct) buffer, which the file
 * write then takes without a copy; TLS goes through the JDK's {@link SSLSocket}, where
 * decryption costs far more than the copy.
 */
abstract class HttpConnection implements Closeable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Whether the connection has served a request before (a stale one may fail on first use). */
    boolean reused;

    static HttpConnection open(String scheme, String host, int port, SSLSocketFactory tls, boolean verifyHost)
            throws IOException {
        return "https".equals(scheme) ? new Tls(host, port, tls, verifyHost) : new Plain(host, port);
    }

    /** Sends all of {@code request}. */
    abstract void send(byte[] request) throws IOException;

    /**
     * Reads what is there into {@code dst} (at least one byte), waiting at most
     * {@code timeoutMillis}; -1 at end of stream.
     */
    abstract int read(ByteBuffer dst, long timeoutMillis) throws IOException;

    @Override
    public abstract void close();

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

    /** Reads from a stream into {@code dst}, through a reused array when {@code dst} has none. */
    static int readInto(InputStream in, ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < dst.remaining()) {
            scratch = new byte[dst.remaining()];
            SCRATCH.set(scratch);
        }
        int n = in.read(scratch, 0, dst.remaining());
        if (n > 0) {
            dst.put(scratch, 0, n);
        }
        return n;
    }

    private static final class Plain extends HttpConnection {
        private final SocketChannel channel;
        private final Selector selector;

        Plain(String host, int port) throws IOException {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.socket().connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
                ch.socket().setTcpNoDelay(true);
                ch.configureBlocking(false);
                selector = Selector.open();
                ch.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            this.channel = ch;
        }

        @Override
        void send(byte[] request) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(request);
            while (src.hasRemaining()) {
                if (channel.write(src) == 0) {
                    Thread.onSpinWait(); // a request is a few hundred bytes: the send buffer empties at once
                }
            }
        }

        @Override
        int read(ByteBuffer dst, long timeoutMillis) throws IOException {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (true) {
                int n = channel.read(dst);
                if (n != 0) {
                    return n;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("timed out: no bytes from the server for " + timeoutMillis + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }

        @Override
        public void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static final class Tls extends HttpConnection {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        Tls(String host, int port, SSLSocketFactory factory, boolean verifyHost) throws IOException {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
                plain.setTcpNoDelay(true);
                socket = (SSLSocket) factory.createSocket(plain, host, port, true);
                if (verifyHost) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                }
                socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
                socket.startHandshake();
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        @Override
        void send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
        }

        @Override
        int read(ByteBuffer dst, long timeoutMillis) throws IOException {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
            return readInto(in, dst);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
