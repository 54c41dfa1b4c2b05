package io.tableload.catalog.hive;

/** Partition filtering against a metastore without direct SQL, where integer and date filters fail. */
class JdoMetastorePartitionsTest extends PartitionFilteringContract {
    @Override
    String metastoreUri() {
        return JdoMetastore.get().uri();
    }

    @Override
    String database() {
        return "catalog_jdo";
    }
}
