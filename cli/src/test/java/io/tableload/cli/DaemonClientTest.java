package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonClientTest {

    @Test
    void commandsNamingThisProcesssOwnStreamsOrFilesStayInItsOwnProcess() {
        // In the daemon, /dev/stdin would be the daemon's stdin, not the caller's.
        assertThat(DaemonClient.servable(new String[] {"s3", "put", "/dev/stdin", "s3://b/k"})).isFalse();
        assertThat(DaemonClient.servable(new String[] {"--table", "t", "--output=/dev/fd/3"})).isFalse();
        assertThat(DaemonClient.servable(new String[] {"--table", "t", "--output", "/proc/self/fd/1"})).isFalse();
        assertThat(DaemonClient.servable(new String[] {"--table", "t", "@args.txt"})).isFalse();
        assertThat(DaemonClient.servable(new String[] {"demo"})).isFalse();

        assertThat(DaemonClient.servable(new String[] {"--table", "t", "--dest", "/dev/shm/tableload/t"})).isTrue();
        assertThat(DaemonClient.servable(new String[] {"s3", "get", "s3://b/dev/stdin", "--dest", "out"})).isTrue();
    }
}
