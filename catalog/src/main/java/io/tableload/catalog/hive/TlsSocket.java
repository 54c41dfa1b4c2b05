package io.tableload.catalog.hive;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.MetastoreTls;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * A Thrift socket over TLS to a metastore that takes only TLS ({@code hive.metastore.use.SSL}),
 * its certificate checked against the trusted ones and its host name against the URI's, as Hive's
 * own client does. Certificates are read once, when the catalog opens.
 */
final class TlsSocket extends TSocket {
    private TlsSocket(Socket socket, int maxMessageBytes) throws TTransportException {
        super(socket);
        // TSocket(Socket) takes Thrift's default limit; a 20,000-partition answer needs more.
        getConfiguration().setMaxMessageSize(maxMessageBytes);
        resetConsumedMessageSize(-1);
    }

    /** Opens TLS connections with the trust {@code tls} names. */
    static final class Factory {
        private final SSLSocketFactory sockets;

        Factory(MetastoreTls tls) {
            this.sockets = context(tls).getSocketFactory();
        }

        /**
         * Connects to {@code uri} and completes the TLS handshake.
         *
         * @throws TTransportException when the connection fails (retried by the caller)
         * @throws TableloadException {@code UNREACHABLE} at once when the metastore's certificate is
         *     not trusted or it does not answer TLS: retrying would not help
         */
        TSocket open(URI uri, int connectTimeoutMillis, int readTimeoutMillis, int maxMessageBytes)
                throws TTransportException {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), connectTimeoutMillis);
                plain.setSoTimeout(readTimeoutMillis);
                SSLSocket socket = (SSLSocket) sockets.createSocket(plain, uri.getHost(), uri.getPort(), true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return new TlsSocket(socket, maxMessageBytes);
            } catch (SSLException e) {
                close(plain);
                throw refusal(uri, e);
            } catch (IOException e) {
                close(plain);
                throw new TTransportException(TTransportException.NOT_OPEN, e.getMessage(), e);
            }
        }
    }

    /** Why the handshake with {@code uri} failed, as the user can act on it. */
    private static TableloadException refusal(URI uri, SSLException e) {
        if (causedBy(e, CertificateException.class)) {
            return new TableloadException(ErrorCode.UNREACHABLE, "the metastore at " + uri + " did not pass the TLS"
                    + " check: " + Causes.innermostMessage(e) + "; if its certificate is signed by an authority of your"
                    + " own, give --metastore-truststore FILE holding it (hive.metastore.truststore.path)", e);
        }
        if (!(e instanceof SSLHandshakeException) || causedBy(e, EOFException.class)) {
            // A plain Thrift server reads the TLS greeting as a bad message and hangs up.
            return new TableloadException(ErrorCode.UNREACHABLE, "the metastore at " + uri + " does not answer TLS ("
                    + Causes.innermostMessage(e) + "); if it takes plain connections, leave out --metastore-tls"
                    + " (hive.metastore.use.SSL)", e);
        }
        return new TableloadException(ErrorCode.UNREACHABLE, "the TLS handshake with the metastore at " + uri
                + " failed: " + Causes.innermostMessage(e), e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static SSLContext context(MetastoreTls tls) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.truststore().isPresent() ? load(tls, tls.truststore().get()) : null); // null: the JDK's
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TableloadException(ErrorCode.INTERNAL, "cannot set up TLS for the metastore: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(MetastoreTls tls, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TableloadException(ErrorCode.NOT_FOUND, "the metastore trust store " + file + " does not exist;"
                    + " check --metastore-truststore (hive.metastore.truststore.path)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(tls.truststoreType().isPresent() ? tls.truststoreType().get()
                    : guessType(file));
            store.load(in, tls.truststorePassword().map(String::toCharArray).orElse(null));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The message of a wrong password says so ("keystore password was incorrect"), never the password.
            throw new TableloadException(ErrorCode.USAGE, "cannot read the metastore trust store " + file + ": "
                    + Causes.innermostMessage(e) + "; check the file, its type and its password ("
                    + MetastoreTls.TRUSTSTORE_PASSWORD_ENV
                    + " or hive.metastore.truststore.password)", e);
        }
    }

    /** JKS or PKCS12, by the file's first bytes: a JKS store starts with the magic number FEEDFEED. */
    private static String guessType(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            boolean jks = head.length == 4 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xED
                    && (head[2] & 0xff) == 0xFE && (head[3] & 0xff) == 0xED;
            return jks ? "JKS" : "PKCS12";
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket that failed; nothing more to do.
        }
    }
}
