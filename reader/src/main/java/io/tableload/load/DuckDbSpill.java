package io.tableload.load;

import io.tableload.s3.internal.PrivateDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where DuckDB writes what does not fit in its memory (a large sort or join in a query). An
 * in-memory database's default is {@code .tmp} in the current directory, which may be read-only,
 * on a network file system, or somebody else's; and DuckDB makes the files there readable by
 * all. Here each database spills into a directory of its own inside one private (0700) directory
 * per process under {@code java.io.tmpdir} (on disk, where spilling relieves memory; tmpfs would
 * not). DuckDB creates its directory when it first spills and deletes it when the database
 * closes; the private directory goes at the JVM's exit.
 */
final class DuckDbSpill {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbSpill.class);
    private static final AtomicLong DATABASES = new AtomicLong();
    private static Path parent;

    private DuckDbSpill() {
    }

    /**
     * A directory, not yet created, for one database to spill into; empty when no private
     * directory can be made under {@code java.io.tmpdir} (DuckDB's default applies then).
     */
    static Optional<Path> nextDirectory() {
        try {
            return Optional.of(privateParent().resolve("spill-" + DATABASES.incrementAndGet()));
        } catch (RuntimeException e) {
            LOG.debug("DuckDB keeps its default spill directory: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static synchronized Path privateParent() {
        if (parent == null || !Files.isDirectory(parent)) { // made again if a cleaner removed it
            parent = PrivateDirectories.create(Path.of(System.getProperty("java.io.tmpdir")), "tableload-duckdb-");
        }
        return parent;
    }
}
