package io.tableload.cli;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The training run's fake S3 server over HTTPS, so that the archive also holds the JDK's TLS
 * classes, which real S3 (always https) needs: about 850 of them, 0.05 CPU-s of every https
 * command's start when loaded from the JDK's image. Its certificate is a fresh self-signed one
 * that the JDK's {@code keytool} makes, and the run trusts it as the default trust store, so
 * certificates are checked as against S3 itself.
 */
final class TrainingTls {
    private static final String PASSWORD = "tableload-training"; // guards nothing: a throwaway key

    private TrainingTls() {}

    /**
     * Starts an HTTPS server on loopback serving {@code handler} with a key made in {@code dir},
     * and makes its certificate the JVM's trusted one; to be called before anything uses TLS.
     */
    static HttpServer start(Path dir, HttpHandler handler, ExecutorService executor)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("training.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "training",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1", "-storetype", "PKCS12",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(store)) {
            process.destroyForcibly();
            throw new IOException("keytool could not make a key: " + output.strip());
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return server;
    }
}
