package io.tableload.cli;

/** Human-readable sizes and rates for the summaries on stderr. */
final class Sizes {
    private Sizes() {}

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return oneDecimal(v) + " " + units[u];
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "" : oneDecimal(bytes / seconds / 1e6) + " MB/s";
    }

    /**
     * {@code value} with one decimal, as {@code %.1f} writes it. By hand because
     * the first {@code String.format} of a run sets up its parser: about 13 ms, once per command.
     */
    static String oneDecimal(double value) {
        // Rounded half up from the shortest decimal form, as the formatter rounds: 1.15 gives 1.2.
        return new java.math.BigDecimal(Double.toString(value)).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
