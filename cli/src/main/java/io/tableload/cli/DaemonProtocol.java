package io.tableload.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a client and the daemon say over the socket.
 *
 * <p>The client sends one request: {@link #MAGIC}, then either {@link #RUN} with its working
 * directory, whether its stderr is a terminal and the command's arguments, or {@link #STOP}. The
 * daemon answers with frames: a kind byte ({@link #STDOUT}, {@link #STDERR}, {@link #EXIT}) and,
 * for output, a length and that many bytes; {@link #EXIT} carries the exit code and is last. A
 * client that goes away before {@link #EXIT} cancels what its command still has to do.
 */
final class DaemonProtocol {
    static final int MAGIC = 0x544c4431; // "TLD1"
    static final byte RUN = 1;
    static final byte STOP = 2;
    static final byte STDOUT = 1;
    static final byte STDERR = 2;
    static final byte EXIT = 3;

    private DaemonProtocol() {}

    /**
     * {@code channel}'s input as a stream. Not {@code Channels.newInputStream}: its streams lock
     * the channel for reading and writing alike, so a thread waiting to read (for the client to
     * hang up) would hold up every write of the answer.
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(bytes, offset, length));
            }
        };
    }

    /** {@code channel}'s output as a stream (see {@link #input}). */
    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 << 20) {
            throw new IOException("a string of " + length + " bytes in a daemon request");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /**
     * One kind of the daemon's output, written as frames into the client's socket, a frame in one
     * write. Writes of several threads (the command's, its progress bar's, its log lines') do not
     * interleave within a frame: they lock {@code socket}. Once the client is gone, output is dropped.
     */
    static final class FrameStream extends OutputStream {
        private final OutputStream socket;
        private final byte kind;
        private volatile boolean broken;

        FrameStream(OutputStream socket, byte kind) {
            this.socket = socket;
            this.kind = kind;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (length == 0 || broken) {
                return;
            }
            byte[] frame = ByteBuffer.allocate(5 + length).put(kind).putInt(length).put(bytes, offset, length).array();
            synchronized (socket) {
                try {
                    socket.write(frame);
                } catch (IOException e) {
                    broken = true; // the client went away; its command is being cancelled
                }
            }
        }
    }

    /** Writes the last frame: {@link #EXIT} and {@code exitCode}. */
    static void writeExit(OutputStream socket, int exitCode) throws IOException {
        byte[] frame = ByteBuffer.allocate(5).put(EXIT).putInt(exitCode).array();
        synchronized (socket) {
            socket.write(frame);
        }
    }
}
