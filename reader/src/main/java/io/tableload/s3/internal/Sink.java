package io.tableload.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where one object's bytes go while it downloads. Parts write at their offsets concurrently; the
 * result only becomes visible through {@link #commit()}, after every byte has arrived.
 */
interface Sink {
    /**
     * Writes the bytes between {@code buffer}'s position and limit at {@code position} (relative to
     * the range start), consuming them. Thread-safe.
     */
    void write(ByteBuffer buffer, long position);

    /** Makes the complete content visible: renames the file into place, or hands out the array. */
    Committed commit();

    /** Throws the partial content away. Safe to call more than once, and after commit. */
    void abort();

    /** The finished content: a file or an array. */
    record Committed(Optional<Path> file, byte[] memory) {
    }

    /** Bytes kept in a Java array; for memory-only sessions and objects up to 2 GiB. */
    final class Memory implements Sink {
        private final byte[] data;

        Memory(long length) {
            if (length > Integer.MAX_VALUE - 16) {
                throw new io.tableload.TableloadException(io.tableload.ErrorCode.USAGE, "an object of " + length
                        + " bytes does not fit a memory-only session (2 GiB at most); download it to a directory");
            }
            this.data = new byte[(int) length];
        }

        @Override
        public void write(ByteBuffer buffer, long position) {
            buffer.get(data, (int) position, buffer.remaining());
        }

        @Override
        public Committed commit() {
            return new Committed(Optional.empty(), data);
        }

        @Override
        public void abort() {
        }
    }

    /**
     * Bytes written at their offsets into one file opened once (0600), named {@code .NAME.part-N}
     * beside the final name until commit renames it. Its directories are made inside
     * {@code within} without following a symbolic link out of it (once per directory and
     * session, through {@link CheckedDirectories}); the partial file is created
     * exclusively (never through an existing link), and the rename replaces a link at the final
     * name rather than writing through it.
     */
    final class File implements Sink {
        private final Path target;
        private final Path partial;
        private final FileChannel channel;
        private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock();
        private volatile boolean done;

        File(Path within, Path target, CheckedDirectories directories) {
            this.target = target;
            this.partial = target.resolveSibling("." + target.getFileName() + ".part-" + System.nanoTime());
            try {
                this.channel = TempDirs.guarded(() -> {
                    directories.ensure(within, target.getParent());
                    FileChannel opened;
                    try {
                        opened = open(partial);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        directories.recheck(within, target.getParent()); // removed since it was checked
                        opened = open(partial);
                    }
                    TempDirs.registerPartialFile(partial); // removed at shutdown if it is still partial then
                    return opened;
                });
            } catch (IOException e) {
                throw new LocalWriteException(target, e); // the partial file's name means nothing to the user
            }
        }

        private static FileChannel open(Path partial) throws IOException {
            return FileChannel.open(partial, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    LocalFiles.fileAttribute());
        }

        @Override
        public void write(ByteBuffer buffer, long position) {
            // One writer at a time: the file system serializes writes into one file anyway (tmpfs
            // and ext4 take the inode's lock for each), and waiting here parks a thread where
            // waiting on the kernel's lock spins a core (bench/README.md, "One file, many parts").
            writing.lock();
            try {
                long at = position;
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
            } catch (IOException e) {
                throw new LocalWriteException(target, e); // the partial file's name means nothing to the user
            } finally {
                writing.unlock();
            }
        }

        @Override
        public Committed commit() {
            try {
                channel.close();
                TempDirs.guarded(() -> {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    TempDirs.forgetPartialFile(partial);
                    return null;
                });
                done = true;
                return new Committed(Optional.of(target), null);
            } catch (IOException e) {
                abort();
                throw new LocalWriteException(target, e);
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            try {
                channel.close();
                Files.deleteIfExists(partial);
                TempDirs.forgetPartialFile(partial);
            } catch (IOException ignored) {
                // best effort: the session's directory is deleted on close, and the file at shutdown
            }
        }
    }
}
