package io.tableload.sandbox.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PKCS12 key store holding one fresh self-signed RSA certificate for {@code localhost} and
 * {@code 127.0.0.1}, made by the JDK's {@code keytool}. No certificate authority trusts it, which
 * is the point: it stands for a local or test endpoint's certificate.
 *
 * @param path the key store file
 * @param password the password of the store and of its key (test-only; not a secret)
 */
public record SelfSignedKeyStore(Path path, String password) {
    private static final String PASSWORD = "tableload-test-keystore";

    /** Writes a new key store to {@code dir/localhost.p12}. */
    public static SelfSignedKeyStore create(Path dir) {
        Path file = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-storetype", "PKCS12",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(file)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool could not create a key store: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating a key store", e);
        }
        return new SelfSignedKeyStore(file, PASSWORD);
    }

    /**
     * Writes a PKCS12 trust store holding only this store's certificate, as one hands out to
     * clients, to {@code file}, protected by {@code storePassword}.
     */
    public Path writeTrustStore(Path file, String storePassword) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                keys.load(in, password.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("localhost", keys.getCertificate("localhost"));
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, storePassword.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a trust store to " + file + ": " + e.getMessage(), e);
        }
    }
}
