package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineErrorsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2AndNoStackTrace() {
        int code = run("--no-such-option");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown option: '--no-such-option'")
                .contains("--help")
                .doesNotContain("at io.tableload");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        int code = run("s4");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'s4'").contains("tableload --help");
    }

    @Test
    void helpListsTheDocumentedExitCodes() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("\\n\\s*7\\s+not enough room at the destination")
                .containsPattern("\\n\\s*6\\s+unreachable after retries")
                .containsPattern("\\n\\s*130\\s+interrupted \\(SIGINT\\); 143: terminated \\(SIGTERM\\)");
    }
}
