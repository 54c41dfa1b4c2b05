package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreSettings;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thrift connections to the metastore, shared by threads: each call borrows an idle connection
 * (or opens one), and gives it back afterwards; at most {@code poolSize} idle ones are kept.
 *
 * <p>A connection goes to the first URI that accepts it, in the configured order, starting from
 * the URI after the last one that failed a call: a metastore that accepts connections but hangs
 * or drops them is then passed over, as one that refuses them is. A transport
 * failure (refused, reset, timed out) throws the connection away and the call is tried again,
 * after a doubling backoff, on a fresh connection, up to the configured retries; then the call
 * fails with {@link ErrorCode#UNREACHABLE}. The metastore's own exceptions (no such object, meta
 * errors, unknown method) are not retried: they are the caller's to translate.
 */
final class MetastoreClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetastoreClients.class);
    // A 20,000-partition answer runs to tens of MB; Thrift's 100 MB default is too tight for more.
    private static final int MAX_MESSAGE_BYTES = 1 << 30;

    /** One call on a connection. */
    interface Call<T> {
        T apply(ThriftHiveMetastore.Client client) throws TException;
    }

    private record Connection(URI uri, TTransport transport, ThriftHiveMetastore.Client client) {
        void close() {
            transport.close();
        }
    }

    private final MetastoreSettings settings;
    private final BlockingQueue<Connection> idle;
    // Index into the URIs where new connections start: moves past a URI whose connection failed.
    private final AtomicInteger firstUri = new AtomicInteger();
    private final KerberosTransport kerberos;
    private final TlsSocket.Factory tls;
    private volatile boolean closed;

    MetastoreClients(MetastoreSettings settings) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(settings.poolSize());
        this.kerberos = settings.kerberos().map(KerberosTransport::new).orElse(null);
        this.tls = settings.tls().map(TlsSocket.Factory::new).orElse(null);
    }

    /**
     * Runs a call, retrying transport failures on fresh connections.
     *
     * @param what what the call does, for messages ("look up table db.t")
     * @throws TException the metastore's own answer when it is an exception (never a transport failure)
     * @throws TableloadException {@code UNREACHABLE} when no URI answered after the retries
     */
    <T> T call(String what, Call<T> call) throws TException {
        TTransportException last = null;
        long backoffMillis = settings.backoff().toMillis();
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) {
                sleep(backoffMillis);
                backoffMillis *= 2;
            }
            Connection connection;
            try {
                connection = borrow();
            } catch (TTransportException e) {
                last = e;
                LOG.debug("cannot connect to the metastore to {} (attempt {}): {}", what, attempt + 1, e.toString());
                continue;
            }
            try {
                T result = call.apply(connection.client());
                giveBack(connection);
                return result;
            } catch (TTransportException e) {
                connection.close(); // its stream is in an unknown state
                passOver(connection.uri());
                last = e;
                LOG.debug("metastore call to {} failed on {} (attempt {}): {}", what, connection.uri(), attempt + 1, e.toString());
            } catch (TException | RuntimeException e) {
                giveBack(connection); // a complete answer was read: the connection is fine
                throw e;
            }
        }
        throw new TableloadException(ErrorCode.UNREACHABLE, "cannot reach the Hive Metastore at "
                + settings.uris() + " to " + what + " after " + (settings.retries() + 1) + " attempts: "
                + describe(last) + advice(last), last);
    }

    private String advice(TTransportException last) {
        if (timedOut(last)) {
            return "; it answered no faster than the read timeout of " + settings.readTimeout().toMillis()
                    + " ms: if the metastore is only slow, raise --metastore-timeout";
        }
        String check = "; check that the metastore runs and that --metastore or TABLELOAD_METASTORE names it";
        if (!closedByPeer(last)) {
            return check;
        }
        // A metastore with hive.metastore.sasl.enabled or use.SSL drops a client without them so.
        List<String> settingsToTry = new ArrayList<>();
        if (settings.kerberos().isEmpty()) {
            settingsToTry.add("for Kerberos, give --metastore-principal hive/_HOST@REALM (hive.metastore.sasl.enabled"
                    + " and hive.metastore.kerberos.principal in hive-site.xml)");
        }
        if (settings.tls().isEmpty()) {
            settingsToTry.add("for TLS, give --metastore-tls (hive.metastore.use.SSL)");
        }
        return settingsToTry.isEmpty() ? check : check + "; a metastore that takes only Kerberos or only TLS closes"
                + " other connections so: " + String.join("; ", settingsToTry);
    }

    private static boolean closedByPeer(TTransportException e) {
        return e != null && e.getType() == TTransportException.END_OF_FILE;
    }

    /** Whether {@code e} is a read that waited out its timeout (rather than a refused or dropped connection). */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private Connection borrow() throws TTransportException {
        if (closed) {
            throw new TableloadException(ErrorCode.USAGE, "this catalog is closed; open a new one");
        }
        Connection c = idle.poll();
        return c != null ? c : open();
    }

    private void giveBack(Connection c) {
        if (closed || !idle.offer(c)) {
            c.close();
        }
    }

    private Connection open() throws TTransportException {
        List<String> failures = new ArrayList<>();
        TTransportException last = null;
        List<URI> uris = settings.uris();
        int first = firstUri.get();
        for (int i = 0; i < uris.size(); i++) {
            URI uri = uris.get((first + i) % uris.size());
            try {
                TSocket socket = socket(uri);
                TTransport transport = socket;
                if (kerberos != null) {
                    try {
                        transport = kerberos.open(socket, uri);
                    } catch (TTransportException | RuntimeException e) {
                        socket.close();
                        throw e;
                    }
                }
                return new Connection(uri, transport, new ThriftHiveMetastore.Client(new TBinaryProtocol(transport)));
            } catch (TTransportException e) {
                last = e;
                failures.add(uri + ": " + describe(e));
                LOG.debug("cannot connect to metastore {}: {}", uri, e.toString());
            }
        }
        throw new TTransportException(String.join("; ", failures), last);
    }

    /** An open socket to {@code uri}, over TLS when the settings ask for it. */
    private TSocket socket(URI uri) throws TTransportException {
        int connectTimeout = (int) settings.connectTimeout().toMillis();
        int readTimeout = (int) settings.readTimeout().toMillis();
        if (tls != null) {
            return tls.open(uri, connectTimeout, readTimeout, MAX_MESSAGE_BYTES);
        }
        TConfiguration conf = new TConfiguration(MAX_MESSAGE_BYTES, TConfiguration.DEFAULT_MAX_FRAME_SIZE,
                TConfiguration.DEFAULT_RECURSION_DEPTH);
        TSocket socket = new TSocket(conf, uri.getHost(), uri.getPort(), readTimeout, connectTimeout);
        socket.open();
        return socket;
    }

    /** Makes new connections start after {@code failed}, unless another thread moved on already. */
    private void passOver(URI failed) {
        List<URI> uris = settings.uris();
        int at = uris.indexOf(failed);
        if (uris.size() > 1 && at >= 0) {
            firstUri.compareAndSet(at, (at + 1) % uris.size());
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "no attempt was made";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !own.contains(root.getMessage())) {
            return own + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return own;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TableloadException(ErrorCode.INTERNAL, "interrupted while waiting to retry a metastore call", e);
        }
    }
}
