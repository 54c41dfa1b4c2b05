package io.tableload.cli;

import io.tableload.s3.Destination;
import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Session;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload s3 ls}: lists objects, one level or recursively. */
@Command(addMethodSubcommands = false, name = "ls", mixinStandardHelpOptions = true, description = {
    "List objects under S3 prefixes, in key order.",
    "One level by default (prefixes shown as PRE), everything below with --recursive."})
final class S3LsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Verbosity verbosity;
    @Mixin S3Options s3;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "s3://bucket/prefix")
    List<String> urls;

    @Option(names = {"-r", "--recursive"}, description = "List every object below, not just one level.")
    boolean recursive;

    @Option(names = "--json", description = "Print one JSON document on stdout.")
    boolean json;

    @Override
    public Integer call() {
        List<ListEntry> entries;
        try (S3Session session = S3Session.open(s3.settings(), new Destination.Memory())) {
            entries = recursive ? session.listRecursive(urls) : session.listPaths(urls);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ListEntry e : entries) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("url", e.url().toString());
                row.put("prefix", e.isPrefix());
                if (!e.isPrefix()) {
                    row.put("size", e.size());
                    row.put("lastModified", e.lastModified().map(Object::toString).orElse(null));
                    row.put("etag", e.etag().orElse(null));
                }
                rows.add(row);
            }
            Json.print(out, Map.of("entries", rows));
        } else {
            for (ListEntry e : entries) {
                out.println(e.isPrefix() ? String.format("%24s %12s %s", "", "PRE", e.url())
                        : String.format("%24s %12d %s", e.lastModified().map(Object::toString).orElse(""), e.size(), e.url()));
            }
            out.flush();
        }
        return 0;
    }
}
