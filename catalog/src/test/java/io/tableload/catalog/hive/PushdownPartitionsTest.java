package io.tableload.catalog.hive;

import io.tableload.sandbox.hms.HiveMetastoreSandbox;

/** Partition filtering with filters pushed to the metastore, which evaluates them with direct SQL. */
class PushdownPartitionsTest extends PartitionFilteringContract {
    @Override
    String metastoreUri() {
        return HiveMetastoreSandbox.shared().uri();
    }

    @Override
    String database() {
        return "catalog_pushdown";
    }
}
