package io.tableload.catalog.hive;

import io.tableload.catalog.MetastoreSettings;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;

/**
 * Partition filtering with pushdown off: partition names are listed, the filter is evaluated
 * here, and the matches are fetched by their escaped names.
 */
class LocalEvaluationPartitionsTest extends PartitionFilteringContract {
    @Override
    String metastoreUri() {
        return HiveMetastoreSandbox.shared().uri();
    }

    @Override
    String database() {
        return "catalog_local";
    }

    @Override
    MetastoreSettings settings(String uri) {
        return super.settings(uri).withFilterPushdown(false);
    }
}
