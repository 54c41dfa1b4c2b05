package io.tableload.catalog.hive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between a catalog and a real metastore that records the Thrift calls
 * going through it (by their method names) and can drop the connection when a chosen call is
 * sent, before the metastore sees it, or hold calls to make the metastore slow. It relies on the strict binary protocol's message header
 * ({@code 0x80010001}, name length, name), which every call starts with; nothing else is parsed.
 */
final class MetastoreProxy implements AutoCloseable {
    private static final int CALL_HEADER = 0x80010001;
    private static final int TAIL = 128;

    private final String upstreamHost;
    private final int upstreamPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "metastore-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Duration callDelay = Duration.ZERO;

    private MetastoreProxy(URI upstream) throws IOException {
        this.upstreamHost = upstream.getHost();
        this.upstreamPort = upstream.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** Starts a relay to {@code thrift://host:port}. */
    static MetastoreProxy start(String upstreamUri) {
        try {
            return new MetastoreProxy(URI.create(upstreamUri));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for the proxy", e);
        }
    }

    /** The URI clients use instead of the metastore's. */
    String uri() {
        return "thrift://127.0.0.1:" + listener.getLocalPort();
    }

    /** The method names of the calls relayed (or dropped) so far, in order. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    void clearCalls() {
        calls.clear();
    }

    /** The next {@code times} calls of {@code method} end their connection instead of reaching the metastore. */
    void dropConnectionOn(String method, int times) {
        drops.put(method, new AtomicInteger(times));
    }

    /**
     * Holds every call from now on for {@code delay} before passing it on, so its answer comes that
     * much later: a slow metastore. {@link Duration#ZERO} makes calls pass at once again.
     */
    void delayCalls(Duration delay) {
        callDelay = delay;
    }

    void clearDrops() {
        drops.clear();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(MetastoreProxy::closeQuietly);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(upstreamHost, upstreamPort);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> requests(client, server));
                threads.execute(() -> pump(server, client));
            } catch (IOException e) {
                // listener closed, or the metastore refused: the client sees its connection end
            }
        }
    }

    private void requests(Socket client, Socket server) {
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[0];
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                byte[] window = concat(tail, buffer, n);
                List<String> sent = newCalls(window, tail.length);
                for (String method : sent) {
                    calls.add(method);
                    AtomicInteger left = drops.get(method);
                    if (left != null && left.getAndDecrement() > 0) {
                        closeQuietly(client);
                        closeQuietly(server);
                        return;
                    }
                }
                Duration delay = callDelay;
                if (!sent.isEmpty() && !delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                out.write(buffer, 0, n);
                out.flush();
                tail = Arrays.copyOfRange(window, Math.max(0, window.length - TAIL), window.length);
            }
        } catch (IOException e) {
            // either side went away
        } catch (InterruptedException e) {
            // the proxy is closing
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Call headers in the window that end after {@code seen} (the bytes already scanned last time). */
    private static List<String> newCalls(byte[] w, int seen) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i + 8 <= w.length; i++) {
            if (readInt(w, i) != CALL_HEADER) {
                continue;
            }
            int length = readInt(w, i + 4);
            int end = i + 8 + length;
            if (length <= 0 || length > 100 || end > w.length || end <= seen) {
                continue;
            }
            found.add(new String(w, i + 8, length, StandardCharsets.US_ASCII));
            i = end - 1;
        }
        return found;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static byte[] concat(byte[] a, byte[] b, int bLength) {
        byte[] r = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, r, a.length, bLength);
        return r;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
