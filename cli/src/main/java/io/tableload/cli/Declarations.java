package io.tableload.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shorthands for declaring the commands with picocli's programmatic API, and for reading the
 * values parsed into them.
 *
 * <p>The commands are declared in code rather than with picocli's annotations. Reading
 * annotations makes the JDK generate a proxy class for each annotation type (JDK 17 cannot keep
 * those in the class-data archive), and picocli reflect over every member of every command class,
 * at every start: together about a sixth of the CPU of a short load (bench/README.md, "Start-up").
 */
final class Declarations {
    private Declarations() {}

    /**
     * A command named {@code name} that runs {@code command}, with the standard
     * {@code -h/--help} and {@code -V/--version} options. They are declared here, not with
     * picocli's {@code mixinStandardHelpOptions}, which reads them from an annotated class.
     */
    static CommandSpec command(Callable<Integer> command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** An option that takes a value, a string unless the builder says another type. */
    static OptionSpec.Builder option(String name, String... aliases) {
        return OptionSpec.builder(name, aliases).type(String.class);
    }

    /** An option without a value: given or not. */
    static OptionSpec.Builder flag(String name, String... aliases) {
        return OptionSpec.builder(name, aliases).type(boolean.class);
    }

    /** {@code --json}, as the commands other than a load describe it. */
    static OptionSpec json() {
        return flag("--json").description("Print one JSON document on stdout.").build();
    }

    /** The value of {@code option} (any of its names): its default or null when not given. */
    static <T> T value(CommandSpec spec, String option) {
        return spec.findOption(option).getValue();
    }

    /** Whether the flag {@code option} was given. */
    static boolean isSet(CommandSpec spec, String option) {
        return Boolean.TRUE.equals(spec.findOption(option).getValue());
    }

    /** The values of a repeatable option: empty when not given. */
    static <T> List<T> values(CommandSpec spec, String option) {
        List<T> values = spec.findOption(option).getValue();
        return values == null ? List.of() : values;
    }

    /**
     * The command's only positional parameter: {@code arity} strings (at least one), shown as
     * {@code label}; {@link #parameters} reads them.
     */
    static PositionalParamSpec parametersOf(String arity, String label, String description) {
        return PositionalParamSpec.builder().required(true).arity(arity).paramLabel(label).type(List.class)
                .auxiliaryTypes(String.class).description(description).build();
    }

    /** The values of the command's only positional parameter. */
    static List<String> parameters(CommandSpec spec) {
        List<String> values = spec.positionalParameters().get(0).getValue();
        return values == null ? List.of() : values;
    }
}
