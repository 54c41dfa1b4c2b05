package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats {@code --output} can write, chosen by the file name's extension. The text
 * formats may be compressed, named so: {@code .csv.gz}, {@code .jsonl.zst}. Parquet is compressed
 * inside (Zstandard pages), so {@code .parquet.gz} is refused.
 */
public enum OutputFormat {
    PARQUET("FORMAT parquet, COMPRESSION zstd"),
    CSV("FORMAT csv, HEADER true"),
    /** One JSON array of objects. */
    JSON("FORMAT json, ARRAY true"),
    /** One JSON object per line. */
    JSONL("FORMAT json");

    private static final String NAMES = ".parquet, .csv, .json or .jsonl (the last three may end in .gz or .zst)";

    private final String copyOptions;

    OutputFormat(String copyOptions) {
        this.copyOptions = copyOptions;
    }

    /** The format for an output file name: {@code .parquet}, {@code .csv}, {@code .json}, {@code .jsonl}, the text ones maybe compressed. */
    public static OutputFormat of(Path output) {
        return parse(output).format();
    }

    /**
     * DuckDB's {@code COPY ... TO} options for {@code output}, compression included: it is written
     * under another (partial) name, from which DuckDB could not tell the compression itself.
     */
    static String copyOptions(Path output) {
        Named named = parse(output);
        return "(" + named.format().copyOptions + (named.compression() == null ? "" : ", COMPRESSION " + named.compression()) + ")";
    }

    private record Named(OutputFormat format, String compression) {}

    private static Named parse(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        String compression = null;
        if (name.endsWith(".gz")) {
            compression = "gzip";
            name = name.substring(0, name.length() - ".gz".length());
        } else if (name.endsWith(".zst")) {
            compression = "zstd";
            name = name.substring(0, name.length() - ".zst".length());
        }
        OutputFormat format = byExtension(name);
        if (format == null) {
            throw new TableloadException(ErrorCode.USAGE, "cannot tell the format of --output " + output + ": name it " + NAMES);
        }
        if (format == PARQUET && compression != null) {
            throw new TableloadException(ErrorCode.USAGE, "--output " + output + ": a Parquet file is compressed inside"
                    + " (Zstandard pages) and cannot be compressed whole; name it .parquet");
        }
        return new Named(format, compression);
    }

    private static OutputFormat byExtension(String name) {
        if (name.endsWith(".parquet")) {
            return PARQUET;
        } else if (name.endsWith(".csv")) {
            return CSV;
        } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        } else if (name.endsWith(".json")) {
            return JSON;
        }
        return null;
    }
}
