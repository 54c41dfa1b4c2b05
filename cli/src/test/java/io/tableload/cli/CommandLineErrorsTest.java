package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineErrorsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(Main.commandLine(args), out, err, args);
    }

    private static int run(CommandLine cmd, StringWriter out, StringWriter err, String... args) {
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s4 ls", "--table", "--table db.t --partition", "--tabel db.t", "--table db.t sandbox2",
        "--table db.t --dest", "--table db.t --retries 1 --request-timeout 1 --dest"})
    void usageErrorsReadTheSameWhetherOrNotTheSubcommandsWereBuilt(String line) {
        String[] args = line.split(" ");
        StringWriter wholeOut = new StringWriter();
        StringWriter wholeErr = new StringWriter();
        int wholeCode = run(Main.commandLine(), wholeOut, wholeErr, args);

        int code = run(args);

        assertThat(code).isEqualTo(wholeCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(wholeErr.toString()).isNotEmpty();
        assertThat(out.toString()).isEqualTo(wholeOut.toString());
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

    @ParameterizedTest
    @ValueSource(strings = {"@no-such-args.txt", "describe @no-such-args.txt", "--table db.t @no-such-args.txt"})
    void anArgumentFileThatIsNotThereIsNamedAsSuch(String line) {
        int code = run(line.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("there is no file no-such-args.txt to read arguments from");
    }

    @Test
    void anEmptyDestOrOutputIsRefusedRatherThanTakenAsTheCurrentDirectory() {
        assertEachRefusesAnEmptyValue("", "an empty path was given", "--dest", "--output");
    }

    @Test
    void anEmptyRegionProfileOrMetastoreIsRefusedRatherThanQuietlyLeftToTheDefault() {
        assertEachRefusesAnEmptyValue(" ", "an empty value was given", "--region", "--profile", "--metastore");
    }

    @Test
    void aRequestPayerOtherThanRequesterIsAUsageError() {
        int code = run("s3", "ls", "--request-payer", "owner", "s3://bucket/prefix/");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--request-payer takes requester (as the AWS CLI's does), was 'owner'");
    }

    /** A load given {@code empty} for each option in turn exits 2 with {@code reason}, naming the option. */
    private void assertEachRefusesAnEmptyValue(String empty, String reason, String... options) {
        for (String option : options) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            int code = run("--table", "sales", option, empty);

            assertThat(code).as(option).isEqualTo(2);
            assertThat(err.toString()).contains("Invalid value for option '" + option + "': " + reason);
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"s3 get", "s3 ls --recursive", "s3 put only-one-path"})
    void s3CommandsWithoutTheirUrlsAreUsageErrors(String line) {
        int code = run(line.split(" "));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("URL").contains("--help' for usage");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--table t --region", "--table t --profile", "--table t --metastore", "--table t --where",
        "--table t --shard", "--table t --output", "--table t --concurrency", "describe --table",
        "s3 put a s3://b/k --content-type", "s3 put a s3://b/k --metadata", "s3 get s3://b/k --endpoint"})
    void optionsThatTakeAValueAreUsageErrorsWithout(String line) {
        String[] args = line.split(" ");

        int code = run(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '" + args[args.length - 1] + "'");
    }

    @Test
    void helpShowsTheValueEachOptionTakes() {
        run("--help");

        assertThat(out.toString()).contains("--region=REGION", "--profile=NAME", "--metastore=URIS",
                "--where=EXPR", "--shard=I/N", "--table=[DB.]TABLE", "--partition=SPEC", "--columns=A,B");
        assertThat(out.toString()).containsPattern("--dry-run\\s").containsPattern("--json\\s");
    }
}
