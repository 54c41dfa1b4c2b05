package io.tableload.cli;

import static io.tableload.cli.Declarations.flag;
import static io.tableload.cli.Declarations.isSet;
import static io.tableload.cli.Declarations.option;
import static io.tableload.cli.Declarations.parameters;
import static io.tableload.cli.Declarations.parametersOf;
import static io.tableload.cli.Declarations.value;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.s3.BatchResult;
import io.tableload.s3.Destination;
import io.tableload.s3.Download;
import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Object;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Url;
import io.tableload.s3.internal.EachAtOnce;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tableload s3 get}: downloads objects in parallel. */
final class S3GetCommand implements Callable<Integer> {
    private final CommandSpec spec;
    // The parsed values, read when the command runs.
    private List<String> urls;
    private boolean recursive;
    private Path dest;
    private boolean json;

    private S3GetCommand() {
        spec = Declarations.command(this, "get",
                "Download S3 objects in parallel, large ones in ranged parts.",
                "An object lands at DEST/<its name>; with --recursive, everything under a prefix lands at"
                        + " DEST/<key relative to the prefix>. No key can write outside DEST.",
                "Prints the local paths on stdout.");
        Verbosity.declare(spec);
        S3Options.declare(spec);
        spec.addPositional(parametersOf("1..*", "URL", "s3://bucket/key, or s3://bucket/prefix with --recursive"));
        spec.addOption(flag("-r", "--recursive").description("Download everything under each prefix.").build());
        spec.addOption(option("--dest").paramLabel("DIR").type(Path.class).converters(new CallerPath()).defaultValue(".")
                .description("Where to put the files (default: the current directory).").build());
        spec.addOption(Declarations.json());
    }

    static CommandSpec spec() {
        return new S3GetCommand().spec;
    }

    @Override
    public Integer call() {
        urls = parameters(spec);
        S3Options.checkUrls(urls);
        recursive = isSet(spec, "--recursive");
        dest = value(spec, "--dest");
        json = isSet(spec, "--json");
        long start = System.nanoTime();
        BatchResult<S3Object> result;
        try (S3Session session = S3Session.open(S3Options.settings(spec), new Destination.Memory());
                Progress progress = Progress.forTerminal("s3 get", json)) {
            List<Download> downloads = recursive ? underPrefixes(session) : single();
            result = session.download(downloads, dest, progress, Invocation.current().cancellationOnHangUp());
            if (!recursive) {
                result = withPrefixHints(session, result);
            }
        }
        double seconds = Sizes.seconds(System.nanoTime() - start);
        report(result, seconds);
        if (!result.allSucceeded()) {
            TableloadException first = result.failures().get(0).error().orElseThrow();
            for (BatchResult.Item<S3Object> failure : result.failures()) {
                spec.commandLine().getErr().println("tableload: " + failure.error().orElseThrow().getMessage());
            }
            spec.commandLine().getErr().flush();
            return first.code().exitCode();
        }
        return 0;
    }

    private List<Download> single() {
        List<Download> downloads = new ArrayList<>();
        for (String u : urls) {
            S3Url url = S3Url.parse(u);
            if (url.key().isEmpty()) {
                throw new TableloadException(ErrorCode.USAGE, u + " names a bucket, not an object:"
                        + " add --recursive to download everything in it, or name an object in it");
            }
            downloads.add(Download.of(url, url.name()));
        }
        return downloads;
    }

    /**
     * A URL that names no object but a prefix of some ({@code s3://bucket/dir/}, or without the
     * slash) was most likely meant with {@code --recursive}: its not-found error says so. Only
     * the first few missing URLs are looked at, one listing each.
     */
    private static BatchResult<S3Object> withPrefixHints(S3Session session, BatchResult<S3Object> result) {
        int lookups = 0;
        List<BatchResult.Item<S3Object>> items = new ArrayList<>();
        for (BatchResult.Item<S3Object> item : result.items()) {
            TableloadException error = item.error().orElse(null);
            if (error != null && error.code() == ErrorCode.NOT_FOUND && lookups++ < 10 && holdsObjects(session, item.request())) {
                error = new TableloadException(ErrorCode.NOT_FOUND, error.getMessage() + "; " + item.request()
                        + " is a prefix with objects under it: add --recursive to download them", error);
                item = BatchResult.Item.failure(item.request(), error);
            }
            items.add(item);
        }
        return new BatchResult<>(items);
    }

    private static boolean holdsObjects(S3Session session, String url) {
        try {
            return !session.listPaths(List.of(url)).isEmpty();
        } catch (TableloadException e) {
            return false; // a missing bucket, say: the not-found error already says what is wrong
        }
    }

    /** Everything under each URL, the URLs listed at once, in the order given. */
    private List<Download> underPrefixes(S3Session session) {
        List<Download> downloads = new ArrayList<>();
        EachAtOnce.map(urls, S3Options.LISTINGS_AT_ONCE, "tableload-list", u -> {
            S3Url prefix = S3Url.parse(u).asPrefix();
            List<Download> under = new ArrayList<>();
            for (ListEntry e : session.listRecursive(List.of(prefix.toString()))) {
                if (e.isFolderMarker()) {
                    continue; // no data, and no name a file could take
                }
                under.add(Download.of(e.url(), e.url().key().substring(prefix.key().length()), e.size()));
            }
            return under;
        }).forEach(downloads::addAll);
        return downloads;
    }

    private void report(BatchResult<S3Object> result, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        List<S3Object> done = result.successes();
        long bytes = done.stream().mapToLong(S3Object::size).sum();
        if (json) {
            List<Map<String, Object>> files = new ArrayList<>();
            for (S3Object o : done) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("url", o.url().toString());
                f.put("path", o.localPath().map(Path::toString).orElse(null));
                f.put("size", o.size());
                files.add(f);
            }
            List<Map<String, Object>> failed = new ArrayList<>();
            for (BatchResult.Item<S3Object> item : result.failures()) {
                failed.add(Map.of("request", item.request(), "error", item.error().orElseThrow().getMessage()));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dest", dest.toAbsolutePath().normalize().toString());
            doc.put("files", files);
            doc.put("failed", failed);
            doc.put("bytes", bytes);
            doc.put("seconds", seconds);
            Json.print(out, doc);
        } else {
            for (S3Object o : done) {
                o.localPath().ifPresent(path -> out.println(Printable.line(path)));
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("downloaded " + done.size() + " object(s), " + Sizes.bytes(bytes) + " in " + seconds + " s ("
                    + Sizes.rate(bytes, seconds) + ")" + (result.allSucceeded() ? "" : "; " + result.failures().size() + " failed"));
            err.flush();
        }
    }
}
