package io.tableload.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The daemon's {@code System.out} and {@code System.err}: what a thread working for a client's
 * command writes there (a log line, a progress bar) goes to that client; anything else to the
 * daemon's own.
 */
final class DaemonStreams {
    private DaemonStreams() {}

    /** Replaces {@code System.out} and {@code System.err} with streams that follow {@link Invocation#current()}. */
    static void install() {
        Charset charset = Charset.defaultCharset(); // the clients' too: LANG is part of their address
        System.setOut(new PrintStream(new Routed(System.out, true), true, charset));
        System.setErr(new PrintStream(new Routed(System.err, false), true, charset));
    }

    private static final class Routed extends OutputStream {
        private final OutputStream own;
        private final boolean stdout;

        Routed(OutputStream own, boolean stdout) {
            this.own = own;
            this.stdout = stdout;
        }

        private OutputStream target() {
            Invocation invocation = Invocation.current();
            OutputStream client = stdout ? invocation.out() : invocation.err();
            return client != null ? client : own;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target().write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
