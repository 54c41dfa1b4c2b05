package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.parameters;
import static io.tableload.cli.Declarations.parametersOf;

import io.tableload.s3.Destination;
import io.tableload.s3.GetOptions;
import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Url;
import io.tableload.s3.internal.EachAtOnce;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload s3 ls}: lists objects, one level or recursively. */
final class S3LsCommand implements Callable<Integer> {
    private final CommandSpec spec;

    private S3LsCommand() {
        spec = Declarations.command(this, "ls",
                "List objects under S3 prefixes, in key order.",
                "One level by default (prefixes shown as PRE), everything below with --recursive.");
        Verbosity.declare(spec);
        S3Options.declare(spec);
        spec.addPositional(parametersOf("1..*", "URL", "s3://bucket/prefix"));
        spec.addOption(flag("-r", "--recursive").description("List every object below, not just one level.").build());
        spec.addOption(Declarations.json());
    }

    /**
     * The object a URL names, when it names one: a URL is listed as a directory, but
     * {@code ls s3://bucket/file.parquet} should show the file, as {@code ls} does for a file.
     */
    private static List<ListEntry> objectAt(S3Session session, String url) {
        S3Object info = session.infoMany(List.of(url), GetOptions.returningMissing()).get(0);
        if (!info.exists()) {
            return List.of();
        }
        return List.of(new ListEntry(info.url(), info.key(), info.size(), info.lastModified(), info.etag(), false));
    }

    static CommandSpec spec() {
        return new S3LsCommand().spec;
    }

    @Override
    public Integer call() {
        List<String> urls = parameters(spec);
        S3Options.checkUrls(urls);
        boolean recursive = isSet(spec, "--recursive");
        List<ListEntry> entries = new ArrayList<>();
        try (S3Session session = S3Session.open(S3Options.settings(spec), new Destination.Memory())) {
            EachAtOnce.map(urls, S3Options.LISTINGS_AT_ONCE, "tableload-list", url -> {
                List<ListEntry> below = recursive ? session.listRecursive(List.of(url)) : session.listPaths(List.of(url));
                boolean namesAFile = !url.endsWith("/") && !S3Url.parse(url).key().isEmpty();
                return below.isEmpty() && namesAFile ? objectAt(session, url) : below;
            }).forEach(entries::addAll);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(spec, "--json")) {
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
                out.println(e.isPrefix() ? String.format("%24s %12s %s", "", "PRE", Printable.line(e.url()))
                        : String.format("%24s %12d %s", e.lastModified().map(Object::toString).orElse(""), e.size(),
                                Printable.line(e.url())));
            }
            out.flush();
        }
        return 0;
    }
}
