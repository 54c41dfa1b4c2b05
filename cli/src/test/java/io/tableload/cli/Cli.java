package io.tableload.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the tableload command in-process with captured stdout and stderr. */
final class Cli {
    record Result(int code, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(args); // as the command itself builds it
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Points the AWS SDK's default credential chain at the sandbox server through its system
     * properties, the way a user's environment would; returns what to restore.
     */
    static void useCredentials(String accessKey, String secretKey, String region) {
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        System.setProperty("aws.region", region);
    }
}
