package io.tableload.samples;

import java.io.PrintStream;
import java.util.Locale;

/** Starts a throwaway local stack with the sample tables for the sample commands, saying what it does. */
final class SampleStack {
    private SampleStack() {}

    static LocalStack start(PrintStream out, long sizeMb, int days) {
        if (sizeMb < 1 || days < 1) {
            throw new IllegalArgumentException("--size-mb and --days must be 1 or more");
        }
        out.println("== starting the local stack and creating the sample tables (" + sizeMb + " MB of sales, "
                + days + " days)");
        long t = System.nanoTime();
        LocalStack stack = LocalStack.startTransient();
        try {
            SampleTables.Installed installed = SampleTables.install(stack, sizeMb * 1_000_000, days, 42);
            out.printf(Locale.ROOT, "  %d partitions of default.sales, in %.1f s%n", installed.partitions(), (System.nanoTime() - t) / 1e9);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }
}
