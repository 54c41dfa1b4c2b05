package io.tableload.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The classpath a child JVM needs to run the sandbox's servers: this module's classes plus its
 * own runtime dependencies, as Maven resolved them for this module when it was built.
 *
 * <p>Why not the caller's {@code java.class.path}: a module that uses the sandbox in its tests may
 * resolve shared libraries differently (the reader keeps only the Hadoop classes Parquet needs),
 * and the metastore needs the sandbox's full set. The list is written at build time by the
 * maven-dependency-plugin into {@value #RESOURCE}.
 */
public final class SandboxClasspath {
    static final String RESOURCE = "io/tableload/sandbox/runtime-classpath.txt";

    private SandboxClasspath() {}

    /** The classpath string to pass to {@code java -cp}. */
    public static String forChildJvm() {
        String dependencies;
        try (InputStream in = SandboxClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build the sandbox module with Maven");
            }
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ownLocation() + java.io.File.pathSeparator + dependencies;
    }

    private static String ownLocation() {
        try {
            return Path.of(SandboxClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
