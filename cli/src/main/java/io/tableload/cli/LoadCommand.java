package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.value;
import static io.tableload.cli.Declarations.values;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.TableRef;
import io.tableload.load.Extract;
import io.tableload.load.LoadOptions;
import io.tableload.load.LoadPlan;
import io.tableload.load.LoadedTable;
import io.tableload.load.LocalFile;
import io.tableload.load.PlannedFile;
import io.tableload.load.ShardSpec;
import io.tableload.load.TableLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The default command: {@code tableload --table T [--partition SPEC]...} loads the matching files
 * into a destination, optionally hands them to DuckDB for {@code --where/--columns/--limit/--output}.
 * Its options live on the root command; this class declares them and does the work.
 */
final class LoadCommand {
    /** The longest selection a default destination names as it is, rather than by a digest. */
    private static final int MAX_PLAIN_SELECTION = 80;
    private final CommandSpec spec;
    private final Path dest;
    private final Path output;
    private final String where;
    private final List<String> columns;
    private final Long limit;
    private final boolean dryRun;
    private final String shard;
    private final boolean byPartition;
    private final boolean json;

    /** The load that the parsed options of {@code spec} ask for. */
    LoadCommand(CommandSpec spec) {
        this.spec = spec;
        dest = value(spec, "--dest");
        output = value(spec, "--output");
        where = value(spec, "--where");
        columns = values(spec, "--columns");
        limit = value(spec, "--limit");
        dryRun = isSet(spec, "--dry-run");
        shard = value(spec, "--shard");
        byPartition = isSet(spec, "--by-partition");
        json = isSet(spec, "--json");
    }

    /** Adds the load's options to the root command {@code spec}. */
    static void declare(CommandSpec spec) {
        spec.addOption(option("--dest").paramLabel("DIR").type(Path.class).converters(new CallerPath()).description(
                "Where to load (replaced whole on each load). Default: /dev/shm/tableload/DB.TABLE.SELECTION"
                        + " (one per --partition selection), or the system temp dir when tmpfs is missing or too small.").build());
        spec.addOption(option("--output").paramLabel("FILE").type(Path.class).converters(new CallerPath())
                .description("Write the (filtered) rows to FILE: .parquet, .csv, .json or .jsonl;"
                        + " .csv.gz, .jsonl.zst and the like compress the text formats.").build());
        spec.addOption(option("--where").paramLabel("EXPR")
                .description("DuckDB SQL condition on the rows, partition columns included (needs --output).").build());
        spec.addOption(option("--columns").paramLabel("A,B").hideParamSyntax(true).type(List.class).auxiliaryTypes(String.class).splitRegex(",")
                .description("Columns to keep, in order (needs --output).").build());
        spec.addOption(option("--limit").paramLabel("N").type(Long.class).description("At most N rows (needs --output).").build());
        spec.addOption(flag("--dry-run").description("Print the plan (partitions, files, bytes) and download nothing.").build());
        spec.addOption(option("--shard").paramLabel("I/N")
                .description("Load only shard I of N (I from 0), balanced by bytes; see 'tableload plan'.").build());
        spec.addOption(flag("--by-partition").description("With --shard: keep each partition whole within one shard.").build());
        spec.addOption(flag("--json").description("Print one JSON document on stdout instead of paths.").build());
    }

    int run() {
        boolean extracting = output != null;
        if (!extracting && (where != null || !columns.isEmpty() || limit != null)) {
            throw new TableloadException(ErrorCode.USAGE, "--where, --columns and --limit select rows for --output FILE; add --output");
        }
        if (byPartition && shard == null) {
            throw new TableloadException(ErrorCode.USAGE, "--by-partition keeps each partition whole within a shard;"
                    + " add --shard I/N, or leave it out to load every selected partition");
        }
        Optional<ShardSpec> shardSpec = Optional.ofNullable(shard).map(ShardSpec::parse);
        Extract extract = extracting ? new Extract(Optional.ofNullable(where), columns,
                limit == null ? OptionalLong.empty() : OptionalLong.of(limit), output) : null;
        TableRef ref = TableOptions.ref(spec);
        long start = System.nanoTime();
        try (TableLoader loader = TableLoader.open(MetastoreOptions.settings(spec), S3Options.settings(spec))) {
            if (extract != null && (!dryRun || extract.where().isPresent())) {
                loader.prepareQueries(); // DuckDB opens while the metastore answers
            }
            // An extract into temporary files fetches only the partitions its --where can select;
            // files kept in --dest are the --partition selection whole, for whatever reads them next.
            Optional<String> pruneBy = dest == null && extract != null ? extract.where() : Optional.empty();
            LoadPlan plan = loader.plan(ref, TableOptions.filter(spec), pruneBy, TableOptions.version(spec));
            if (shardSpec.isPresent()) {
                plan = plan.shard(shardSpec.get(), byPartition);
            }
            if (extract != null && dryRun) {
                loader.check(plan, extract); // what the load would check before and during its download
            }
            double planSeconds = Sizes.seconds(System.nanoTime() - start);
            Optional<Path> kept = Optional.ofNullable(dest);
            if (kept.isEmpty() && !extracting) {
                kept = Optional.of(defaultDestination(ref, values(spec, "--partition"), shardSpec, plan.bytes()));
            }
            if (dryRun) {
                printPlan(plan, planSeconds, kept);
                return 0;
            }
            try (Progress progress = Progress.forTerminal(ref.toString(), json);
                    LoadedTable loaded = loader.load(plan, loadOptions(kept, progress, extract))) {
                progress.close();
                long rows = loaded.exportedRows().orElse(-1); // the load ran the extract before keeping anything
                double seconds = Sizes.seconds(System.nanoTime() - start);
                report(loaded, kept.isPresent(), rows, planSeconds, seconds);
            }
        }
        return 0;
    }

    /**
     * The load into {@code kept} (or a temporary directory), exported with {@code extract} when
     * given, and cancelled when the daemon's client that asked for it goes away (which a command
     * in a process of its own never sees).
     */
    private static LoadOptions loadOptions(Optional<Path> kept, Progress progress, Extract extract) {
        LoadOptions options = new LoadOptions(kept, progress).withCancellation(Invocation.current().cancellationOnHangUp());
        return extract == null ? options : options.withExtract(extract);
    }

    /**
     * {@code /dev/shm/tableload/DB.TABLE[.SELECTION][.shard-I-of-N]} when tmpfs has room, else under
     * the temp dir. Each selection of partitions has a directory of its own, so that loads of
     * different partitions at once (one job per country, say) never replace each other's files.
     */
    static Path defaultDestination(TableRef ref, List<String> partitionSpecs, Optional<ShardSpec> shard, long bytes) {
        String name = ref.toString() + selectionName(partitionSpecs)
                + shard.map(s -> ".shard-" + s.index() + "-of-" + s.count()).orElse("");
        Path shm = Path.of("/dev/shm");
        try {
            if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() > bytes) {
                return shm.resolve("tableload").resolve(name);
            }
        } catch (IOException e) {
            // fall back to the temp dir
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tableload", name);
    }

    /**
     * The part of a default destination's name that tells selections apart: nothing for the whole
     * table, the specs themselves (joined by {@code +}) when they are short and made of characters
     * safe in a file name ({@code .country=FI}), else a digest of them ({@code .sel-1a2b3c4d5e6f}).
     * A plain name always holds an {@code =} (the only operator among those characters, so every
     * valid spec made of them has one) and a digest never does: two selections never share a name.
     */
    static String selectionName(List<String> partitionSpecs) {
        if (partitionSpecs.isEmpty()) {
            return "";
        }
        String joined = String.join("+", partitionSpecs);
        boolean plain = partitionSpecs.stream().allMatch(p -> p.matches("[A-Za-z0-9=._,-]+"));
        if (plain && joined.length() <= MAX_PLAIN_SELECTION) {
            return "." + joined;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return ".sel-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /** The plan, and in JSON the directory the load would keep its files in ({@code dest}), if any. */
    private void printPlan(LoadPlan plan, double planSeconds, Optional<Path> kept) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = summary(plan, null);
            doc.put("dest", kept.map(p -> p.toAbsolutePath().normalize().toString()).orElse(null));
            doc.put("seconds", planSeconds);
            Json.print(out, doc);
            return;
        }
        for (PlannedFile f : plan.files()) {
            out.println(f.size() + "\t" + Printable.line(f.url()));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("would load " + plan.files().size() + " file(s), " + Sizes.bytes(plan.bytes()) + ", from "
                + plan.partitions().size() + " partition(s) of " + plan.table().ref() + snapshot(plan)
                + " (planned in " + planSeconds + " s)");
        err.flush();
    }

    private void report(LoadedTable loaded, boolean kept, long rows, double planSeconds, double seconds) {
        LoadPlan plan = loaded.plan();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = summary(plan, loaded);
            if (output != null) {
                doc.put("output", output.toAbsolutePath().toString());
                doc.put("rows", rows);
            }
            doc.put("planSeconds", planSeconds);
            doc.put("fetchSeconds", Sizes.seconds(loaded.fetchTime().toNanos()));
            doc.put("seconds", seconds);
            Json.print(out, doc);
            return;
        }
        if (kept) {
            out.println(loaded.directory());
        }
        if (output != null) {
            out.println(output.toAbsolutePath());
        }
        out.flush();
        double fetch = Sizes.seconds(loaded.fetchTime().toNanos());
        PrintWriter err = spec.commandLine().getErr();
        err.println("loaded " + plan.files().size() + " file(s), " + Sizes.bytes(plan.bytes()) + ", from "
                + plan.partitions().size() + " partition(s) of " + plan.table().ref() + snapshot(plan)
                + (kept ? " into " + loaded.directory() : "") + " in " + fetch + " s (" + Sizes.rate(plan.bytes(), fetch)
                + "; planning " + planSeconds + " s)");
        if (output != null) {
            err.println("wrote " + rows + " row(s) to " + output.toAbsolutePath() + "; " + seconds + " s in all");
        }
        err.flush();
    }

    /**
     * Which snapshot of an Iceberg table a plan is of, and how many of its files have row-level
     * deletes that the load applies, as the summary lines say it; nothing for a Hive table.
     */
    static String snapshot(LoadPlan plan) {
        if (plan.snapshot().isEmpty()) {
            return "";
        }
        long withDeletes = plan.files().stream().filter(f -> !f.deletes().isEmpty()).count();
        return " (snapshot " + plan.snapshot().getAsLong()
                + (withDeletes > 0 ? "; row-level deletes applied to " + withDeletes + " file(s)" : "") + ")";
    }

    private Map<String, Object> summary(LoadPlan plan, LoadedTable loaded) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("table", plan.table().ref().toString());
        plan.snapshot().ifPresent(snapshot -> doc.put("snapshot", snapshot));
        // An --output without --dest loads into a temporary directory that is gone when the command
        // ends: no local path is given for what no longer exists.
        boolean filesKept = loaded != null && !(dest == null && output != null);
        doc.put("dest", filesKept ? loaded.directory().toString() : null);
        if (shard != null) {
            doc.put("shard", shard);
        }
        doc.put("partitions", TableJson.partitions(plan.partitions()));
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < plan.files().size(); i++) {
            LocalFile local = filesKept ? loaded.files().get(i) : null;
            files.add(TableJson.file(plan.files().get(i), local == null ? null : local.path().toString()));
        }
        doc.put("files", files);
        doc.put("bytes", plan.bytes());
        return doc;
    }
}
