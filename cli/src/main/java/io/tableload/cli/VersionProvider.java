package io.tableload.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, so it is never maintained by hand. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"tableload " + (version == null ? "(development build)" : version)};
    }
}
