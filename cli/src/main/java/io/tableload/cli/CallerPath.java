package io.tableload.cli;

import io.tableload.TableloadException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts a path option as its caller meant it: a relative path is taken in the caller's working
 * directory, which for a command the daemon runs is its client's ({@link Invocation#path}).
 */
final class CallerPath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        try {
            return Invocation.current().path(value);
        } catch (TableloadException refused) { // as a conversion error, so that picocli names the option
            throw new CommandLine.TypeConversionException(refused.getMessage());
        }
    }
}
