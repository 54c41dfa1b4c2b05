package io.tableload.cli;

import java.util.Locale;

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
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String rate(long bytes, double seconds) {
        return seconds <= 0 ? "" : String.format(Locale.ROOT, "%.1f MB/s", bytes / seconds / 1e6);
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }
}
