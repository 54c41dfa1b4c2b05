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
import io.tableload.s3.Cancellation;
import io.tableload.s3.Destination;
import io.tableload.s3.PutOptions;
import io.tableload.s3.PutRequest;
import io.tableload.s3.PutResult;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Url;
import io.tableload.s3.ServerSideEncryption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code tableload s3 put}: uploads files in parallel. */
final class S3PutCommand implements Callable<Integer> {
    /** How long a signal waits for the uploads under way to be aborted before the process ends. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(10);
    private final CommandSpec spec;

    private S3PutCommand() {
        spec = Declarations.command(this, "put",
                "Upload local files to S3 in parallel.",
                "One file to a URL not ending in / writes that key; otherwise each file goes to URL/<its name>,"
                        + " and a directory DIR's files to URL/<DIR's name>/<path inside DIR>, as cp -r copies it.");
        Verbosity.declare(spec);
        S3Options.declare(spec);
        // The label says it all: without hideParamSyntax, picocli repeats it for each of the two values at least.
        spec.addPositional(PositionalParamSpec.builder(parametersOf("2..*", "PATH... URL",
                "Local files or directories, then the target s3:// URL.")).hideParamSyntax(true).build());
        spec.addOption(flag("--no-overwrite")
                .description("Leave existing objects alone (a conditional PUT, not a racy check first).").build());
        spec.addOption(option("--content-type").paramLabel("TYPE").description("Content type of the uploaded objects.").build());
        spec.addOption(option("--metadata").paramLabel("KEY=VALUE").type(Map.class).auxiliaryTypes(String.class, String.class)
                .description("User metadata for the uploaded objects.").build());
        spec.addOption(option("--sse").paramLabel("ALGORITHM")
                .description("Ask S3 to encrypt the objects: AES256, aws:kms or aws:kms:dsse (aws:kms when only"
                        + " --sse-kms-key-id is given); for buckets that refuse uploads without it.").build());
        spec.addOption(option("--sse-kms-key-id").paramLabel("KEY")
                .description("The KMS key (id, ARN or alias) for --sse aws:kms; else the account's default key.").build());
        spec.addOption(Declarations.json());
    }

    /** {@code options} with the encryption {@code --sse} and {@code --sse-kms-key-id} ask for. */
    private PutOptions withEncryption(PutOptions options) {
        String algorithm = value(spec, "--sse");
        String kmsKey = value(spec, "--sse-kms-key-id");
        if (algorithm == null && kmsKey == null) {
            return options;
        }
        try {
            return options.withEncryption(ServerSideEncryption.parse(algorithm == null ? "aws:kms" : algorithm,
                    Optional.ofNullable(kmsKey)));
        } catch (IllegalArgumentException e) {
            throw new TableloadException(ErrorCode.USAGE, "bad --sse or --sse-kms-key-id: " + e.getMessage());
        }
    }

    static CommandSpec spec() {
        return new S3PutCommand().spec;
    }

    @Override
    public Integer call() {
        List<String> arguments = parameters(spec);
        Map<String, String> metadata = value(spec, "--metadata");
        String contentType = value(spec, "--content-type");
        S3Url target = S3Url.parse(arguments.get(arguments.size() - 1));
        for (String path : arguments.subList(0, arguments.size() - 1)) {
            if (S3Url.looksLikeUrl(path)) {
                throw new TableloadException(ErrorCode.USAGE, "'" + path + "' is an S3 URL where a local PATH must be:"
                        + " s3 put takes local files or directories, then one target URL, last");
            }
        }
        List<Path> paths = arguments.subList(0, arguments.size() - 1).stream().map(Invocation.current()::path).toList();
        PutOptions options;
        try {
            options = PutOptions.defaults().withOverwrite(!isSet(spec, "--no-overwrite"))
                    .withMetadata(metadata == null ? Map.of() : metadata);
        } catch (IllegalArgumentException e) {
            throw new TableloadException(ErrorCode.USAGE, "bad --metadata: " + e.getMessage());
        }
        if (contentType != null) {
            options = options.withContentType(contentType);
        }
        options = withEncryption(options);
        checkPaths(paths, target);
        List<PutResult> results = new ArrayList<>();
        List<BatchResult.Item<PutResult>> failures = new ArrayList<>();
        Cancellation cancellation = Invocation.current().cancellationOnHangUp();
        try (StopOnSignal stop = Invocation.current().isClient() ? null : new StopOnSignal(cancellation, SIGNAL_GRACE);
                S3Session session = S3Session.open(S3Options.settings(spec), new Destination.Memory())) {
            List<PutRequest> files = new ArrayList<>();
            boolean asPrefix = paths.size() > 1 || target.key().isEmpty() || target.key().endsWith("/");
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    collect(session.putFiles(p, prefixOf(target) + p.toAbsolutePath().normalize().getFileName() + "/", options,
                            cancellation), results, failures);
                } else {
                    String key = asPrefix ? prefixOf(target) + p.getFileName() : target.toString();
                    files.add(PutRequest.ofFile(key, p, options));
                }
            }
            if (!files.isEmpty()) {
                collect(session.putMany(files, cancellation), results, failures);
            }
            report(results, failures); // before the stop's close, which does not return after a signal
        }
        if (!failures.isEmpty()) {
            return failures.get(0).error().orElseThrow().code().exitCode();
        }
        return 0;
    }

    /**
     * Refuses, before anything is uploaded, a path that is neither a file nor a directory, and two
     * paths of the same name (a/x.txt and b/x.txt), which would go to the same keys under the
     * target: the second would silently replace the first.
     */
    private static void checkPaths(List<Path> paths, S3Url target) {
        Map<String, Path> files = new HashMap<>();
        Map<String, Path> directories = new HashMap<>();
        for (Path p : paths) {
            boolean directory = Files.isDirectory(p);
            if (!directory && !Files.isRegularFile(p)) {
                throw Files.exists(p)
                        ? new TableloadException(ErrorCode.USAGE, p + " is neither a regular file nor a directory"
                                + " (a pipe or a device, say): there is nothing of a known size to upload")
                        : new TableloadException(ErrorCode.NOT_FOUND, "no such file or directory: " + p);
            }
            if (!Files.isReadable(p)) {
                throw new TableloadException(ErrorCode.ACCESS_DENIED, "cannot upload " + p + ": permission denied;"
                        + " this user may not read it");
            }
            String name = String.valueOf(p.toAbsolutePath().normalize().getFileName());
            Path other = (directory ? directories : files).putIfAbsent(name, p);
            if (other != null) {
                throw new TableloadException(ErrorCode.USAGE, other + " and " + p + " would both be uploaded to "
                        + prefixOf(target) + name + (directory ? "/" : "") + "; upload them in separate commands");
            }
        }
    }

    private static String prefixOf(S3Url target) {
        String s = target.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    private static void collect(BatchResult<PutResult> batch, List<PutResult> results, List<BatchResult.Item<PutResult>> failures) {
        results.addAll(batch.successes());
        failures.addAll(batch.failures());
    }

    private void report(List<PutResult> results, List<BatchResult.Item<PutResult>> failures) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (isSet(spec, "--json")) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PutResult r : results) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("url", r.url().toString());
                row.put("size", r.size());
                row.put("written", r.written());
                row.put("etag", r.etag().orElse(null));
                rows.add(row);
            }
            List<Map<String, Object>> failed = new ArrayList<>();
            for (BatchResult.Item<PutResult> f : failures) {
                failed.add(Map.of("request", f.request(), "error", f.error().orElseThrow().getMessage()));
            }
            Json.print(out, Map.of("objects", rows, "failed", failed));
            return;
        }
        long skipped = 0;
        for (PutResult r : results) {
            if (r.written()) {
                out.println(Printable.line(r.url()));
            } else {
                skipped++;
                err.println("tableload: " + r.url() + " exists; left as it was (--no-overwrite)");
            }
        }
        for (BatchResult.Item<PutResult> f : failures) {
            err.println("tableload: " + f.error().orElseThrow().getMessage());
        }
        err.println("uploaded " + (results.size() - skipped) + " object(s)" + (skipped > 0 ? ", " + skipped + " left as they were" : "")
                + (failures.isEmpty() ? "" : ", " + failures.size() + " failed"));
        out.flush();
        err.flush();
    }
}
