package io.tableload.sandbox.hms;

import io.tableload.sandbox.Directories;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.security.HadoopThriftAuthBridge;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Runs a Hive Metastore 4.0.1 on embedded Derby in this process until the process ends.
 *
 * <p>Arguments: {@code --dir DIR} keeps the Derby database and the warehouse on disk (they
 * survive restarts), or {@code --memory NAME} uses an in-memory Derby database (gone at exit);
 * {@code --port N} (default 9083); {@code --conf key=value} (repeatable) adds metastore settings;
 * {@code --exit-on-stdin-close} ends the process when its standard input closes, so a server
 * started by a test JVM never outlives it. Stops cleanly on SIGTERM.
 *
 * <p>Run it with {@code -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote}: the
 * metastore class refers to Jetty 9 classes for its unused HTTP mode, and S3Proxy brings Jetty 12
 * on the same classpath, so bytecode verification of that class fails although the binary
 * Thrift server never touches Jetty. {@link HiveMetastoreSandbox} does this for tests.
 */
public final class HiveMetastoreServer {
    private HiveMetastoreServer() {
    }

    public static void main(String[] args) throws Throwable {
        Path dir = null;
        String memory = null;
        int port = 9083;
        boolean exitOnStdinClose = false;
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--dir" -> { dir = Path.of(require(args[i], value)); i++; }
                case "--memory" -> { memory = require(args[i], value); i++; }
                case "--port" -> { port = Integer.parseInt(require(args[i], value)); i++; }
                case "--exit-on-stdin-close" -> exitOnStdinClose = true;
                case "--conf" -> {
                    String kv = require(args[i], value);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf wants key=value, got: " + kv);
                    }
                    extra.put(kv.substring(0, eq), kv.substring(eq + 1));
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i] + "; " + USAGE);
            }
        }
        if ((dir == null) == (memory == null)) {
            throw new IllegalArgumentException("give exactly one of --dir and --memory; " + USAGE);
        }
        Map<String, String> settings;
        if (dir != null) {
            Path base = dir.toAbsolutePath();
            Path warehouse = Files.createDirectories(base.resolve("warehouse"));
            settings = settings("jdbc:derby:;databaseName=" + base.resolve("metastore_db") + ";create=true", warehouse);
        } else {
            Path warehouse = Files.createTempDirectory("tableload-hms-warehouse");
            // In-memory metadata is gone at exit, so is the warehouse (the parent stops this
            // process with SIGTERM, or it exits when its standard input closes: hooks run).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(warehouse), "warehouse-cleanup"));
            settings = settings("jdbc:derby:memory:" + memory + ";create=true", warehouse);
        }
        settings.putAll(extra);
        if (exitOnStdinClose) {
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Nothing is ever sent; only the end of the stream matters.
                    }
                } catch (IOException ignored) {
                    // A broken pipe means the parent is gone, as does end of stream.
                }
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        Configuration conf = MetastoreConf.newMetastoreConf();
        settings.forEach(conf::set);
        // Hadoop's security (simple, or Kerberos when hadoop.security.authentication says so) is
        // read from this configuration rather than from a core-site.xml on the classpath.
        UserGroupInformation.setConfiguration(conf);
        int listenPort = port;
        Thread announcer = new Thread(() -> announceWhenListening(listenPort), "announcer");
        announcer.setDaemon(true);
        announcer.start();
        HiveMetaStore.startMetaStore(port, HadoopThriftAuthBridge.getBridge(), conf);
    }

    private static final String USAGE = "usage: (--dir DIR | --memory NAME) [--port N] [--conf key=value]... [--exit-on-stdin-close]";

    static Map<String, String> settings(String jdbcUrl, Path warehouse) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("javax.jdo.option.ConnectionURL", jdbcUrl);
        s.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        s.put("datanucleus.schema.autoCreateAll", "true");
        s.put("metastore.schema.verification", "false");
        s.put("metastore.warehouse.dir", warehouse.toUri().toString());
        s.put("metastore.warehouse.external.dir", warehouse.toUri().toString());
        s.put("metastore.thrift.bind.host", "127.0.0.1");
        // The server mkdirs table and partition locations through Hadoop FileSystem; with these,
        // s3:// locations are accepted (the data lives in the S3 server, not in the metastore).
        for (String scheme : new String[] {"s3", "s3a", "s3n"}) {
            s.put("fs." + scheme + ".impl", NoopS3FileSystem.class.getName());
        }
        return s;
    }

    private static void announceWhenListening(int port) {
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                System.out.println("Hive Metastore listening on thrift://127.0.0.1:" + port);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static void deleteQuietly(Path warehouse) {
        try {
            Directories.deleteRecursively(warehouse);
        } catch (java.io.UncheckedIOException ignored) {
            // best effort at exit: a file the server is still writing may vanish under the walk
        }
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
