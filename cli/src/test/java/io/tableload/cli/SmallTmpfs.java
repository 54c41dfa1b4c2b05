package io.tableload.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, tiny tmpfs mounted for one test class, so that "the destination is full" is the file
 * system's own answer rather than a simulation. Mounting needs root (as on the build and CI
 * machines); {@link #mount} says whether it worked so a test can skip with that reason elsewhere.
 */
final class SmallTmpfs implements AutoCloseable {
    private final Path dir;

    private SmallTmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code kib} KiB at a new directory, or returns null when this user cannot mount. */
    static SmallTmpfs mount(int kib) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tableload-small-tmpfs");
        if (run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", dir.toString()) != 0) {
            Files.delete(dir);
            return null;
        }
        return new SmallTmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", dir.toString());
        Files.deleteIfExists(dir);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
