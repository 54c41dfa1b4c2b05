package io.tableload.cli;

import io.tableload.ErrorCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a command's output reached its standard output. Java's print streams keep a failed
 * write to themselves, so a script writing {@code tableload ... --json > out.json} to a full disk
 * would get a cut-short file and exit 0; it gets exit 7 instead, and a line saying why.
 *
 * <p>A reader that goes away ({@code tableload s3 ls ... | head -1}) is not a failure: a pipe or
 * socket that stops taking output leaves the exit code as it was, as tools that end on SIGPIPE
 * leave their pipeline's.
 */
final class StdoutCheck {
    private StdoutCheck() {}

    /** {@code code}, or {@link ErrorCode#NO_ROOM}'s when the command succeeded but its output was lost. */
    static int exitCode(int code, boolean writeFailed, PrintStream stderr) {
        if (!writeFailed || code != 0 || stdoutIsPipeOrSocket()) {
            return code;
        }
        stderr.println("tableload: could not write all of the output to stdout (" + stdoutTarget()
                + "); is the disk it goes to full?");
        stderr.flush();
        return ErrorCode.NO_ROOM.exitCode();
    }

    private static boolean stdoutIsPipeOrSocket() {
        String target = stdoutTarget();
        return target.startsWith("pipe:") || target.startsWith("socket:");
    }

    /** What this process's standard output is, as Linux names it ({@code /dev/full}, {@code pipe:[123]}). */
    private static String stdoutTarget() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "stdout";
        }
    }
}
