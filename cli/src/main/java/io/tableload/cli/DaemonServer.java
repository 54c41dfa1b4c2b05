package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs clients' commands in this process, each on a thread of its own, several at once. Listens
 * on a Unix socket in a directory only this user can enter, and stops after {@code idleTimeout}
 * with no command running, or on a {@link DaemonProtocol#STOP} request. The socket is removed
 * when it stops.
 */
final class DaemonServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path socket;
    private final Duration idleTimeout;
    private final ServerSocketChannel server;
    private final AtomicInteger running = new AtomicInteger();
    private final Semaphore commandSlots;
    private final AtomicInteger clients = new AtomicInteger();
    private volatile long idleSince = System.nanoTime();

    private DaemonServer(Path socket, Duration idleTimeout, int maxRunning, ServerSocketChannel server) {
        this.socket = socket;
        this.idleTimeout = idleTimeout;
        this.server = server;
        this.commandSlots = new Semaphore(maxRunning, true);
    }

    /**
     * Listens on {@code socket}, replacing one that no daemon answers on any more.
     *
     * @throws TableloadException USAGE when a daemon already listens there, or the directory is
     *     not this user's alone
     */
    static DaemonServer listen(Path socket, Duration idleTimeout, int maxRunning) throws IOException {
        if (maxRunning < 1) {
            throw new TableloadException(ErrorCode.USAGE, "--max-running " + maxRunning + ": give at least 1");
        }
        Path directory = socket.getParent();
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        checkOwnedAndPrivate(directory);
        if (Files.exists(socket)) {
            if (answers(socket)) {
                throw new TableloadException(ErrorCode.USAGE, "a daemon already serves this environment at "
                        + socket + "; stop it first with 'tableload daemon --stop'");
            }
            Files.delete(socket); // left by a daemon that was killed
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new DaemonServer(socket, idleTimeout, maxRunning, server);
    }

    Path socket() {
        return socket;
    }

    /**
     * Serves clients until stopped or idle for the timeout, then lets the commands still running
     * finish: other jobs' loads are not cut short by the one that says {@code --stop}. New commands
     * meanwhile find no socket and run in their own process.
     */
    void serve() {
        acceptUntilClosed();
        while (running.get() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acceptUntilClosed() {
        Thread watchdog = new Thread(this::stopWhenIdle, "tableload-daemon-idle");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            while (true) {
                SocketChannel client = server.accept();
                Thread thread = new Thread(() -> serve(client), "tableload-daemon-client-" + clients.incrementAndGet());
                thread.setDaemon(true);
                running.incrementAndGet();
                thread.start();
            }
        } catch (ClosedChannelException e) {
            // stopped
        } catch (IOException e) {
            System.err.println("tableload daemon: stopped accepting commands: " + e.getMessage());
        } finally {
            close();
            watchdog.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the next daemon replaces it
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            DataInputStream request = new DataInputStream(new BufferedInputStream(DaemonProtocol.input(client)));
            OutputStream answer = DaemonProtocol.output(client);
            if (request.readInt() != DaemonProtocol.MAGIC) {
                return;
            }
            byte op = request.readByte();
            if (op == DaemonProtocol.STOP) {
                DaemonProtocol.writeExit(answer, 0);
                close();
                return;
            }
            if (op == DaemonProtocol.RUN) {
                run(request, answer);
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (running.decrementAndGet() == 0) {
                idleSince = System.nanoTime();
            }
        }
    }

    private void run(DataInputStream request, OutputStream answer) throws IOException {
        Path workingDirectory = Path.of(DaemonProtocol.readString(request));
        boolean terminal = request.readBoolean();
        String[] args = new String[request.readInt()];
        for (int i = 0; i < args.length; i++) {
            args[i] = DaemonProtocol.readString(request);
        }
        DaemonProtocol.FrameStream out = new DaemonProtocol.FrameStream(answer, DaemonProtocol.STDOUT);
        DaemonProtocol.FrameStream err = new DaemonProtocol.FrameStream(answer, DaemonProtocol.STDERR);
        Invocation invocation = Invocation.forClient(workingDirectory, terminal, out, err);
        Thread watcher = new Thread(() -> cancelWhenGone(request, invocation), Thread.currentThread().getName() + "-watch");
        watcher.setDaemon(true);
        watcher.start();
        if (!takeSlot(invocation)) {
            return; // the client went away while its command waited
        }
        int exitCode;
        try {
            exitCode = runCommand(invocation, workingDirectory, args, out, err);
        } finally {
            commandSlots.release();
        }
        DaemonProtocol.writeExit(answer, exitCode);
    }

    /**
     * Waits for one of the slots that bound how many commands run at once: more than the cores
     * can serve only share them out more finely, and each holds its own buffers meanwhile.
     */
    private boolean takeSlot(Invocation invocation) {
        try {
            while (!commandSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (invocation.cancelled()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int runCommand(Invocation invocation, Path workingDirectory, String[] args,
            DaemonProtocol.FrameStream out, DaemonProtocol.FrameStream err) {
        return invocation.run(() -> {
            CommandLine cmd = Main.commandLine(args);
            // The encoding a command in its own process writes with: LANG and LC_* are part of the address.
            cmd.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
            cmd.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
            int code = cmd.execute(args);
            cmd.getOut().flush();
            cmd.getErr().flush();
            LOG.debug("ran for a client in {} by the daemon at {}; exit code {}", workingDirectory, socket, code);
            return code;
        });
    }

    /** Waits for the client to hang up; hanging up before the exit code cancels the command. */
    private static void cancelWhenGone(DataInputStream request, Invocation invocation) {
        try {
            while (request.read() >= 0) {
                // a client sends nothing after its request
            }
        } catch (IOException e) {
            // gone too
        }
        invocation.cancel();
    }

    private void stopWhenIdle() {
        long timeout = idleTimeout.toNanos();
        while (server.isOpen()) {
            try {
                Thread.sleep(Math.max(100, Math.min(idleTimeout.toMillis() / 4, 10_000)));
            } catch (InterruptedException e) {
                return;
            }
            if (running.get() == 0 && System.nanoTime() - idleSince >= timeout) {
                close();
            }
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel channel = DaemonClient.connect(socket)) {
            return channel.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkOwnedAndPrivate(Path directory) {
        Optional<String> why = DaemonAddress.whyNotPrivate(directory);
        if (why.isPresent()) {
            throw new TableloadException(ErrorCode.USAGE, directory + " must be a directory of "
                    + System.getProperty("user.name") + "'s closed to others (mode 700) to hold the daemon's socket; "
                    + why.get());
        }
    }
}
