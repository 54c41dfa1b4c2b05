package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and the documented exit code. A stack trace is printed
 * only with {@code --verbose}, because users and scripts read the message, not the trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("tableload: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ErrorCode.USAGE.exitCode();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = Verbosity.isVerbose(parseResult);
        int exitCode;
        if (e instanceof TableloadException te) {
            err.println("tableload: " + te.getMessage());
            exitCode = te.code().exitCode();
        } else if (e instanceof ParameterException pe) {
            return handleParseException(pe, parseResult.originalArgs().toArray(String[]::new));
        } else {
            err.println("tableload: internal error: " + e
                    + (verbose ? "" : " (run again with --verbose for details)"));
            exitCode = ErrorCode.INTERNAL.exitCode();
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }
}
