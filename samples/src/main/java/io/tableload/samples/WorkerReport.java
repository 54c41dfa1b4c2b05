package io.tableload.samples;

import io.tableload.load.ShardSpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a training worker prints on standard output when it is done, and the driver
 * reads back: {@code RESULT shard=3/30 country=FI files=7 bytes=1234 train_rows=800
 * test_rows=200 rmse=0.95 r2=0.998}. A line is easy to collect from any orchestrator's logs.
 *
 * @param files the data files the worker loaded
 * @param bytes their size
 */
public record WorkerReport(ShardSpec shard, String country, int files, long bytes, TrainingStep.Result fit) {
    static final String PREFIX = "RESULT ";

    /** The line to print. */
    public String toLine() {
        return String.format(Locale.ROOT, "%sshard=%s country=%s files=%d bytes=%d train_rows=%d test_rows=%d rmse=%.4f r2=%.6f",
                PREFIX, shard, country, files, bytes, fit.trainRows(), fit.testRows(), fit.rmse(), fit.r2());
    }

    /** Reads a report line back; empty for any other line (workers may log). */
    public static Optional<WorkerReport> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        try {
            return Optional.of(new WorkerReport(ShardSpec.parse(fields.get("shard")), fields.get("country"),
                    Integer.parseInt(fields.get("files")), Long.parseLong(fields.get("bytes")),
                    new TrainingStep.Result(Long.parseLong(fields.get("train_rows")), Long.parseLong(fields.get("test_rows")),
                            Double.parseDouble(fields.get("rmse")), Double.parseDouble(fields.get("r2")))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed worker result line: " + line, e);
        }
    }
}
