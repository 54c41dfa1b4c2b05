package io.tableload.samples;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tableload sandbox}: runs the local stack with kept data until Ctrl-C, creating the
 * sample tables the first time, and prints the settings to use from another terminal.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run a local S3 server and Hive Metastore with the sample tables until Ctrl-C.")
final class SandboxCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Where the data lives (default: ~/.tableload/sandbox).")
    Path dir = Path.of(System.getProperty("user.home"), ".tableload", "sandbox");

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "9000", description = "S3 server port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--metastore-port", paramLabel = "PORT", defaultValue = "9083", description = "Hive Metastore port (default: ${DEFAULT-VALUE}).")
    int metastorePort;

    @Option(names = "--size-mb", paramLabel = "MB", defaultValue = "200", description = "Sample data size in MB, when creating it (default: ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--bench-tables", description = "Also create the benchmark tables (database bench, about 3.9 GB), once.")
    boolean benchTables;

    @Option(names = "--bench-scale", paramLabel = "SCALE", defaultValue = "1", description = "Scale of the benchmark tables, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double benchScale;

    @Override
    public Integer call() throws InterruptedException {
        System.out.println("starting the local stack with its data in " + dir.toAbsolutePath());
        LocalStack stack = LocalStack.startPersistent(dir, s3Port, metastorePort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack");
            stack.close();
            stopped.countDown();
        }, "sandbox-stop"));
        if (!SampleTables.installed(stack)) {
            System.out.println("creating the sample tables (" + sizeMb + " MB), once");
            SampleTables.Installed installed = SampleTables.install(stack, sizeMb * 1_000_000, 7, 42);
            System.out.printf(Locale.ROOT, "  %d partitions of default.sales in %.1f s%n", installed.partitions(), installed.seconds());
        }
        if (benchTables && !BenchTables.installed(stack)) {
            System.out.println("creating the benchmark tables (scale " + benchScale + "), once");
            long start = System.nanoTime();
            List<BenchTables.Built> built = BenchTables.install(stack, benchScale, System.out);
            System.out.printf(Locale.ROOT, "benchmark tables created in %.1f s:%n", (System.nanoTime() - start) / 1e9);
            built.forEach(b -> System.out.println("  " + b.summary()));
        }
        System.out.println();
        System.out.println("The sandbox is running. From another terminal (these are the sandbox's built-in test credentials):");
        System.out.println("  export TABLELOAD_METASTORE=" + stack.metastoreUri());
        System.out.println("  export AWS_ENDPOINT_URL_S3=" + stack.s3().endpoint());
        System.out.println("  export AWS_ACCESS_KEY_ID=" + stack.s3().accessKey());
        System.out.println("  export AWS_SECRET_ACCESS_KEY=" + stack.s3().secretKey());
        System.out.println("  export AWS_REGION=" + stack.s3().region());
        System.out.println("  ./tableload --table sales --partition country=FI --path-style");
        System.out.println();
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
