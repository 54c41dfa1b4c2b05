package io.tableload.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A table as the metastore describes it, whether or not tableload can load it.
 *
 * @param table the table
 * @param notLoadable why tableload cannot load it (a view, a Delta Lake or Hudi table, one
 *     Spark registered in a form only Spark reads...), in the words a load's error gives; empty when
 *     it can be loaded
 */
public record TableDescription(Table table, Optional<String> notLoadable) {
    public TableDescription {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(notLoadable, "notLoadable");
    }

    /** Whether tableload can load the table. */
    public boolean loadable() {
        return notLoadable.isEmpty();
    }
}
