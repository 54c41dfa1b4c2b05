package io.tableload.samples;

import io.tableload.load.ShardSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@link TrainWorker}s of a fan-out as separate JVMs, one per shard, at most
 * {@code parallel} at a time, the way an orchestrator's array job would: each worker gets only
 * its index and the shard count, plans and loads its own shard, and prints one report line. The
 * driver waits for all of them and fails if any failed, timed out or printed no report.
 */
public final class FanOut {
    private final Map<String, String> environment;
    private final List<String> workerArgs;
    private final int parallel;
    private final Duration timeout;

    /**
     * @param environment variables added to each worker's environment (metastore, endpoint, credentials)
     * @param workerArgs options added to each worker's command line after {@code --shard I/N}
     * @param parallel how many workers run at once
     * @param timeout how long one worker may take before it is killed and counted as failed
     */
    public FanOut(Map<String, String> environment, List<String> workerArgs, int parallel, Duration timeout) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be 1 or more, not " + parallel);
        }
        this.environment = Map.copyOf(environment);
        this.workerArgs = List.copyOf(workerArgs);
        this.parallel = parallel;
        this.timeout = timeout;
    }

    /** Thrown when one or more workers failed; the message names each with the end of its log. */
    public static final class WorkersFailed extends RuntimeException {
        WorkersFailed(String message) {
            super(message);
        }
    }

    /**
     * Runs workers {@code 0/N} to {@code N-1/N} and returns their reports in shard order.
     *
     * @throws WorkersFailed after all workers ended, if any of them failed
     */
    public List<WorkerReport> run(int shards) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, shards));
        try {
            List<Future<WorkerReport>> running = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                ShardSpec shard = new ShardSpec(i, shards);
                running.add(pool.submit(() -> runWorker(shard)));
            }
            List<WorkerReport> reports = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                try {
                    reports.add(running.get(i).get());
                } catch (ExecutionException e) {
                    failures.add("worker " + i + "/" + shards + ": " + e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new WorkersFailed(failures.size() + " of " + shards + " workers failed:\n" + String.join("\n", failures));
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the workers", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private WorkerReport runWorker(ShardSpec shard) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small heaps: many workers share one machine here, and a country fits easily.
                "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                TrainWorker.class.getName(), "--shard", shard.toString()));
        command.addAll(workerArgs);
        Path log = Files.createTempFile("tableload-worker-" + shard.index() + "-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            List<WorkerReport> reports = new ArrayList<>();
            // A worker that hangs is killed, which ends the read below.
            process.onExit().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
                process.destroyForcibly();
                return process;
            });
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    WorkerReport.parse(line).ifPresent(reports::add);
                }
            } finally {
                int code = process.waitFor();
                check(shard, code, reports, log);
            }
            return reports.get(0);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void check(ShardSpec shard, int code, List<WorkerReport> reports, Path log) {
        Optional<String> problem = Optional.empty();
        if (code != 0) {
            problem = Optional.of("exit " + code);
        } else if (reports.size() != 1) {
            problem = Optional.of("printed " + reports.size() + " result lines instead of one");
        } else if (!reports.get(0).shard().equals(shard)) {
            problem = Optional.of("reported shard " + reports.get(0).shard() + " instead of " + shard);
        }
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get() + "\n" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "  | " + String.join("\n  | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
