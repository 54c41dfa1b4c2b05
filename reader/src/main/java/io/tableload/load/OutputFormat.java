package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@code --output} can write, chosen by the file name's extension. */
public enum OutputFormat {
    PARQUET("(FORMAT parquet, COMPRESSION zstd)"),
    CSV("(FORMAT csv, HEADER true)"),
    /** One JSON array of objects. */
    JSON("(FORMAT json, ARRAY true)"),
    /** One JSON object per line. */
    JSONL("(FORMAT json)");

    private final String copyOptions;

    OutputFormat(String copyOptions) {
        this.copyOptions = copyOptions;
    }

    String copyOptions() {
        return copyOptions;
    }

    /** The format for an output file name: {@code .parquet}, {@code .csv}, {@code .json}, {@code .jsonl}. */
    public static OutputFormat of(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return PARQUET;
        } else if (name.endsWith(".csv")) {
            return CSV;
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        } else if (name.endsWith(".json")) {
            return JSON;
        }
        throw new TableloadException(ErrorCode.USAGE, "cannot tell the format of --output " + output
                + ": name it .parquet, .csv, .json or .jsonl");
    }
}
