package io.tableload.cli;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        for (String missing : missingArgumentFiles(args)) {
            err.println("tableload: there is no file " + missing.substring(1) + " to read arguments from, so '"
                    + missing + "' was taken as an argument itself");
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ErrorCode.USAGE.exitCode();
    }

    /**
     * The arguments {@code @FILE} whose file is not there. Picocli reads the arguments in such a
     * file in place of {@code @FILE}, but passes {@code @FILE} on as it is when there is no file,
     * where it reads as a stray argument; naming the missing file says what went wrong.
     */
    private static List<String> missingArgumentFiles(String[] args) {
        List<String> missing = new ArrayList<>();
        for (String arg : args) {
            if (arg.length() > 1 && arg.startsWith("@") && !exists(arg.substring(1))) {
                missing.add(arg);
            }
        }
        return missing;
    }

    private static boolean exists(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
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
