package io.tableload.sandbox.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
