package io.tableload.cli;

import io.tableload.ErrorCode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Hands a command to the daemon ({@code tableload daemon}) when one serves this user, build and
 * environment ({@link DaemonAddress}), and relays its output and exit code. Otherwise, or when
 * the command is one the daemon does not run, the command runs in this process as always. With
 * no daemon started since boot this costs one look for a directory.
 */
final class DaemonClient {
    /**
     * Commands that stay in the caller's process: the daemon itself, and the local stack's,
     * which the deployed jar does not hold.
     */
    private static final Set<String> OWN_PROCESS_COMMANDS = Set.of("daemon", "demo", "sandbox");

    private DaemonClient() {}

    /**
     * The exit code of {@code args} run by the daemon, or empty when they are to run here: no
     * daemon serves this environment, or {@value DaemonAddress#SWITCH} is {@code off}.
     */
    static OptionalInt run(String[] args) {
        Map<String, String> env = System.getenv();
        if (!servable(args) || "off".equals(env.get(DaemonAddress.SWITCH))) {
            return OptionalInt.empty();
        }
        Path directory = DaemonAddress.directory(env);
        if (!Files.isDirectory(directory) || DaemonAddress.whyNotPrivate(directory).isPresent()) {
            return OptionalInt.empty(); // no daemon, or a directory someone else could have put a socket in
        }
        Path socket = DaemonAddress.socket(env);
        if (!Files.exists(socket)) {
            return OptionalInt.empty();
        }
        SocketChannel channel;
        try {
            channel = connect(socket);
        } catch (IOException e) {
            return OptionalInt.empty(); // a daemon that stopped without removing its socket
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        return OptionalInt.of(run(channel, socket, workingDirectory, System.console() != null, args,
                System.out, System.err));
    }

    /** A connection to the daemon listening on {@code socket}. */
    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Asks the daemon listening on {@code socket} to stop, and waits for its answer.
     *
     * @throws IOException when no daemon answers there
     */
    static void stop(Path socket) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            DataOutputStream request = new DataOutputStream(DaemonProtocol.output(channel));
            request.writeInt(DaemonProtocol.MAGIC);
            request.writeByte(DaemonProtocol.STOP);
            request.flush();
            new DataInputStream(DaemonProtocol.input(channel)).readByte();
        }
    }

    /**
     * Arguments that may run elsewhere: not the daemon's own, no {@code @file} to read here, and
     * no path that names this process's own streams or files ({@code /dev/stdin}, {@code
     * /dev/fd/3}, {@code /proc/self/...}), which in the daemon would be the daemon's.
     */
    static boolean servable(String[] args) {
        if (args.length > 0 && OWN_PROCESS_COMMANDS.contains(args[0])) {
            return false;
        }
        for (String arg : args) {
            if (arg.startsWith("@") || namesThisProcess(arg)) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesThisProcess(String arg) {
        String path = arg.substring(arg.indexOf('=') + 1); // --dest=/dev/fd/3 as well as /dev/fd/3
        return path.startsWith("/dev/std") || path.startsWith("/dev/fd/") || path.startsWith("/proc/self/")
                || path.startsWith("/proc/thread-self/");
    }

    /** Sends {@code args} over {@code channel} and relays the answer; returns the exit code. */
    static int run(SocketChannel channel, Path socket, Path workingDirectory, boolean terminal, String[] args,
            PrintStream out, PrintStream err) {
        try (channel) {
            DataOutputStream request = new DataOutputStream(new BufferedOutputStream(DaemonProtocol.output(channel)));
            request.writeInt(DaemonProtocol.MAGIC);
            request.writeByte(DaemonProtocol.RUN);
            DaemonProtocol.writeString(request, workingDirectory.toString());
            request.writeBoolean(terminal);
            request.writeInt(args.length);
            for (String arg : args) {
                DaemonProtocol.writeString(request, arg);
            }
            request.flush();
            return relay(new DataInputStream(new BufferedInputStream(DaemonProtocol.input(channel))), out, err);
        } catch (IOException e) {
            err.println("tableload: the daemon at " + socket + " stopped before the command finished ("
                    + e.getMessage() + "); run the command again");
            return ErrorCode.INTERNAL.exitCode();
        }
    }

    private static int relay(DataInputStream answer, OutputStream out, OutputStream err) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            int kind = answer.read();
            if (kind == DaemonProtocol.EXIT) {
                return answer.readInt();
            }
            if (kind != DaemonProtocol.STDOUT && kind != DaemonProtocol.STDERR) {
                throw kind < 0 ? new EOFException("no exit code") : new IOException("unknown frame " + kind);
            }
            OutputStream target = kind == DaemonProtocol.STDOUT ? out : err;
            copy(answer, answer.readInt(), target, buffer);
            target.flush();
        }
    }

    private static void copy(InputStream in, int length, OutputStream target, byte[] buffer) throws IOException {
        int left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("output cut short");
            }
            target.write(buffer, 0, n);
            left -= n;
        }
    }
}
