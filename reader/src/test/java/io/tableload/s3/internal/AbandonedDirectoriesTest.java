package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private directory whose process was killed outright (SIGKILL, the OOM killer: no shutdown hook
 * runs) is deleted by the next private directory made beside it, and nothing else is: not one in
 * use by a live process, not one this JVM holds, not a lock file tableload did not write.
 */
class AbandonedDirectoriesTest {
    private static final String HEADER = "tableload: this file is locked while its directory is in use: ";

    /**
     * A JVM of the test's: {@code probe LOCK} says whether another process holds LOCK; {@code DIR}
     * makes a private directory in DIR with a file and a -previous sibling, says where, and waits
     * to be killed.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("probe")) {
            try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                System.out.println(lock == null ? "held" : "free");
            }
            return;
        }
        Path dir = PrivateDirectories.create(Path.of(args[0]), ".dest.tableload-");
        Files.writeString(dir.resolve("part-0.parquet"), "half a load");
        Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-previous"));
        System.out.println(dir);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
    }

    @Test
    void theDirectoryOfAKilledProcessIsDeletedByTheNextOneMadeBesideItButNotWhileItLives(@TempDir Path parent)
            throws Exception {
        Process jvm = jvm(parent.toString());
        Path left;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            left = Path.of(out.readLine());
            Path lock = parent.resolve(left.getFileName() + ".lock");
            Path previous = parent.resolve(left.getFileName() + "-previous");
            assertThat(lock).isRegularFile();

            Path whileItLives = PrivateDirectories.create(parent, ".other.tableload-");
            assertThat(left.resolve("part-0.parquet")).hasContent("half a load");

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook
            assertThat(jvm.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(left).exists();

            Path afterItsEnd = PrivateDirectories.create(parent, ".other.tableload-");

            assertThat(left).doesNotExist();
            assertThat(previous).doesNotExist();
            assertThat(lock).doesNotExist();
            assertThat(whileItLives).isDirectory();
            assertThat(afterItsEnd).isDirectory();
            PrivateDirectories.delete(whileItLives);
            PrivateDirectories.delete(afterItsEnd);
            assertThat(parent).as("lock files go with their directories").isEmptyDirectory();
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void aFreeLockOfAProcessThatIsGoneIsSwept(@TempDir Path parent) throws Exception {
        Path dir = abandoned(parent, "tableload-41", boot() + " " + pidNamespace() + " " + gonePid());

        PrivateDirectories.delete(PrivateDirectories.create(parent, "tableload-"));

        assertThat(dir).doesNotExist();
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void aFreeLockWhoseWriterStillRunsIsLeftAloneAsOnAFileSystemThatOnlyPretendsToLock(@TempDir Path parent)
            throws Exception {
        Path dir = abandoned(parent, "tableload-42", boot() + " " + pidNamespace() + " " + ProcessHandle.current().pid());

        PrivateDirectories.delete(PrivateDirectories.create(parent, "tableload-"));

        assertThat(dir).isDirectory();
    }

    @Test
    void aFreeLockWrittenBeforeThisBootOrOnAnotherMachineIsLeftAlone(@TempDir Path parent) throws Exception {
        Path dir = abandoned(parent, "tableload-43", "00000000-another-boot " + pidNamespace() + " " + gonePid());

        PrivateDirectories.delete(PrivateDirectories.create(parent, "tableload-"));

        assertThat(dir).isDirectory();
    }

    @Test
    void aLockFileTableloadDidNotWriteIsLeftAlone(@TempDir Path parent) throws Exception {
        Path dir = Files.createDirectory(parent.resolve("tableload-44"));
        Path lock = Files.writeString(parent.resolve("tableload-44.lock"), "someone else's lock\n");

        PrivateDirectories.delete(PrivateDirectories.create(parent, "tableload-"));

        assertThat(dir).isDirectory();
        assertThat(lock).hasContent("someone else's lock");
    }

    @Test
    void aSweepNeverOpensALockThisJvmHoldsWhichWouldLetItsLockGo(@TempDir Path parent) throws Exception {
        Path first = PrivateDirectories.create(parent, ".dest.tableload-");

        Path second = PrivateDirectories.create(parent, ".dest.tableload-"); // sweeps the parent

        assertThat(first).isDirectory();
        Process probe = jvm("probe", parent.resolve(first.getFileName() + ".lock").toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("held");
        } finally {
            probe.destroyForcibly();
        }
        PrivateDirectories.delete(first);
        PrivateDirectories.delete(second);
    }

    private Process jvm(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), getClass().getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static long gonePid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    /** A directory with a file, and beside it an unlocked lock file naming {@code owner} (boot, PID namespace, PID). */
    private static Path abandoned(Path parent, String name, String owner) throws IOException {
        Path dir = Files.createDirectory(parent.resolve(name));
        Files.writeString(dir.resolve("part-0.parquet"), "left behind");
        Files.writeString(parent.resolve(name + ".lock"), HEADER + name + "\n" + owner + "\n");
        return dir;
    }

    private static String boot() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    private static String pidNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    }
}
