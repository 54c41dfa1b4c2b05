package io.tableload.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the daemon that may run a command for this process listens: a Unix socket in a directory
 * of this user's ({@code $XDG_RUNTIME_DIR/tableload}, else {@code tableload-USER} in the system
 * temp dir), named for everything a command's result could depend on beyond its arguments and
 * working directory.
 *
 * <p>That is this JVM (with the launcher's choice of JIT compilers, {@code tableload.jit}) and
 * class path (the jar, down to its size and modification time), and the
 * environment variables tableload, the AWS SDK and the JVM read: {@code AWS_*},
 * {@code TABLELOAD_*}, {@code HIVE_*}, Kerberos's {@code KRB5*}, {@code JAVA_*}/{@code JDK_*}/{@code _JAVA_OPTIONS}, proxies,
 * {@code HOME}, locale and time zone; the working directory too when one of those names a file
 * relative to it ({@link #mayHoldRelativePath}); and the process's umask, which sets the modes of the directories and
 * exported files a command creates. A client whose credentials, endpoint, metastore, build or
 * umask differ from the daemon's finds no socket under that name and runs the command itself;
 * nothing of its environment ever crosses the socket. {@value #SWITCH}{@code =off} keeps a
 * command in its own process, daemon or not. The name holds a 64-bit digest of those values, not
 * the values.
 */
final class DaemonAddress {
    /**
     * The variable that keeps a command in its own process when {@code off}, whatever daemon
     * runs; not part of the address.
     */
    static final String SWITCH = "TABLELOAD_DAEMON";
    private static final String[] PREFIXES = {"AWS_", "TABLELOAD_", "HIVE_", "KRB5", "JAVA_", "JDK_", "_JAVA_"};
    /** Endings of the names of variables that hold a file or directory (AWS_CONFIG_FILE, HIVE_CONF_DIR). */
    private static final String[] PATH_NAME_ENDINGS = {"_FILE", "_DIR", "_PATH", "_BUNDLE", "_HOME"};
    /** Endings of the names of variables that hold JVM options, whose -D values may be paths. */
    private static final String[] OPTIONS_NAME_ENDINGS = {"_OPTIONS", "_OPTS"};
    private static final String[] NAMES = {"HOME", "USER", "TZ", "LANG", "LC_ALL", "LC_CTYPE",
            "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"};

    private DaemonAddress() {}

    /** The directory the sockets of this user's daemons are in; it may not exist. */
    static Path directory(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            return Path.of(runtime, "tableload");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tableload-" + System.getProperty("user.name"));
    }

    /**
     * Why {@code directory} may not hold a daemon's socket, if it may not: it must be a directory
     * (not a link to one) of this user's that no one else can enter. A client checks it too
     * before it connects, so that no other user can stand in for the daemon.
     */
    static Optional<String> whyNotPrivate(Path directory) {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot read its owner and mode: " + e.getMessage());
        }
        String owner = attributes.owner().getName();
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (!attributes.isDirectory() || !owner.equals(System.getProperty("user.name"))
                || !permissions.stream().allMatch(p -> p.name().startsWith("OWNER_"))) {
            return Optional.of("it is " + (attributes.isDirectory() ? "a directory" : "not a directory")
                    + " of " + owner + "'s with mode " + PosixFilePermissions.toString(permissions));
        }
        return Optional.empty();
    }

    /** The socket of the daemon for this JVM, class path, {@code env} and this process's umask, in {@link #directory}. */
    static Path socket(Map<String, String> env) {
        return socket(env, processUmask());
    }

    /** The socket of the daemon for this JVM, class path, {@code env} and {@code umask}, in {@link #directory}. */
    static Path socket(Map<String, String> env, String umask) {
        return directory(env).resolve("daemon-" + Long.toHexString(digest(env, umask)) + ".sock");
    }

    /**
     * This process's umask as Linux reports it ({@code Umask:} in {@code /proc/self/status}, as
     * octal text), or empty where it cannot be read: Java has no call for it.
     */
    static String processUmask() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Umask:")).map(l -> l.substring("Umask:".length()).strip())
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * FNV-1a over the JVM (and the launcher's choice of its JIT compilers), the class path
     * entries' sizes and times, the relevant variables and the umask.
     */
    static long digest(Map<String, String> env, String umask) {
        long hash = 0xcbf29ce484222325L;
        hash = mix(hash, umask);
        hash = mix(hash, System.getProperty("java.home"));
        hash = mix(hash, System.getProperty("java.vm.version"));
        // The launcher's choice of JIT compilers (C1 alone for plain-HTTP transfers, C2 for TLS).
        hash = mix(hash, System.getProperty("tableload.jit", ""));
        String classPath = System.getProperty("java.class.path", "");
        hash = mix(hash, classPath);
        for (String entry : classPath.split(File.pathSeparator)) {
            hash = mix(hash, fileStamp(entry));
        }
        Map<String, String> relevant = relevant(env);
        for (Map.Entry<String, String> variable : relevant.entrySet()) {
            hash = mix(hash, variable.getKey());
            hash = mix(hash, variable.getValue());
        }
        if (relevant.entrySet().stream().anyMatch(v -> mayHoldRelativePath(v.getKey(), v.getValue()))) {
            // HIVE_CONF_DIR=conf names another directory from another place: the process that
            // opens it must be started where the client was.
            hash = mix(hash, System.getProperty("user.dir", ""));
        }
        return hash;
    }

    /**
     * Whether a variable may name a file relative to the working directory: one that holds a file
     * or directory ({@code AWS_SHARED_CREDENTIALS_FILE=creds}) not starting with {@code /}, or JVM
     * options with a {@code -D} value that does not ({@code -Djavax.net.ssl.trustStore=ca.jks}).
     */
    static boolean mayHoldRelativePath(String name, String value) {
        if (endsWithAny(name, PATH_NAME_ENDINGS)) {
            return !value.isEmpty() && !value.startsWith("/");
        }
        if (endsWithAny(name, OPTIONS_NAME_ENDINGS)) {
            for (String option : value.trim().split("\\s+")) {
                int equals = option.indexOf('=');
                if (option.startsWith("-D") && equals > 0 && equals + 1 < option.length() && option.charAt(equals + 1) != '/') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean endsWithAny(String name, String[] endings) {
        for (String ending : endings) {
            if (name.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** The variables a command's result may depend on, by name. */
    static Map<String, String> relevant(Map<String, String> env) {
        Map<String, String> relevant = new TreeMap<>();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (isRelevant(variable.getKey())) {
                relevant.put(variable.getKey(), variable.getValue());
            }
        }
        return relevant;
    }

    private static boolean isRelevant(String name) {
        if (name.equals(SWITCH)) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        for (String known : NAMES) {
            if (name.equals(known)) {
                return true;
            }
        }
        return false;
    }

    private static String fileStamp(String entry) {
        if (entry.isEmpty()) {
            return "";
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
            return attributes.isRegularFile()
                    ? attributes.size() + "@" + attributes.lastModifiedTime().toMillis() : "dir";
        } catch (IOException | RuntimeException e) {
            return "missing";
        }
    }

    private static long mix(long hash, String value) {
        long h = hash;
        for (int i = 0; i < value.length(); i++) {
            h ^= value.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= 0xff; // ends the value, so that "ab" + "c" and "a" + "bc" differ
        return h * 0x100000001b3L;
    }
}
