package io.tableload.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * Converts a path option as its caller meant it: a relative path is taken in the caller's working
 * directory, which for a command the daemon runs is its client's ({@link Invocation#path}).
 */
final class CallerPath implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        return Invocation.current().path(value);
    }
}
