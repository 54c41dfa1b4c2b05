package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import io.tableload.s3.ListEntry;
import io.tableload.s3.S3Session;
import io.tableload.s3.S3Url;
import io.tableload.s3.internal.EachAtOnce;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the data files under each partition's location, all partitions at once, and names where
 * each file lands: {@code <partition path>/<key relative to the partition location>}.
 */
final class FilePlanner {
    /** Listings wait on S3, not on the CPU: many may run at once. */
    private static final int MAX_PARALLEL_LISTINGS = 32;

    private final S3Session s3;

    FilePlanner(S3Session s3) {
        this.s3 = s3;
    }

    List<PlannedFile> files(Table table, List<Partition> partitions) {
        List<S3Url> locations = partitions.stream().map(p -> location(table, p)).toList();
        List<List<ListEntry>> listings = listAll(locations);
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            Partition partition = partitions.get(i);
            String prefix = locations.get(i).asPrefix().key();
            for (ListEntry entry : listings.get(i)) {
                String relative = entry.url().key().substring(prefix.length());
                if (!DataFiles.isDataFile(relative, entry.size())) {
                    continue;
                }
                String path = partition.path().isEmpty() ? relative : partition.path() + "/" + relative;
                files.add(new PlannedFile(entry.url().toString(), path, entry.size(), partition.values()));
            }
        }
        return files;
    }

    private List<List<ListEntry>> listAll(List<S3Url> locations) {
        return EachAtOnce.map(locations, MAX_PARALLEL_LISTINGS, "tableload-list",
                location -> s3.listRecursive(List.of(location.asPrefix().toString())));
    }

    private static S3Url location(Table table, Partition partition) {
        String location = partition.location();
        if (!location.startsWith("s3://")) {
            String what = partition.values().isEmpty() ? "the table " + table.ref() : "the partition " + partition.path()
                    + " of " + table.ref();
            throw new TableloadException(ErrorCode.USAGE, what + " is stored at " + location
                    + ", which is not on S3; tableload loads from S3 (s3://, s3a://, s3n://) only");
        }
        return S3Url.parse(location);
    }
}
