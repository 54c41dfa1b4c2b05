package io.tableload.sandbox.iceberg;

import io.tableload.sandbox.hms.HiveTestData;
import java.util.Map;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;

/**
 * Keeps an Iceberg table's pointer to its current metadata file in the Hive Metastore, as
 * Iceberg's Hive catalog does: a table of type {@code ICEBERG} whose {@code metadata_location}
 * parameter names the file, and {@code previous_metadata_location} the one before. Each commit
 * writes a new metadata file (through {@link FileIO}) and moves the pointer.
 */
final class MetastoreTableOperations extends BaseMetastoreTableOperations {
    private final HiveTestData metastore;
    private final FileIO io;
    private final String database;
    private final String table;

    MetastoreTableOperations(HiveTestData metastore, FileIO io, String database, String table) {
        this.metastore = metastore;
        this.io = io;
        this.database = database;
        this.table = table;
    }

    @Override
    protected String tableName() {
        return database + "." + table;
    }

    @Override
    public FileIO io() {
        return io;
    }

    @Override
    protected void doRefresh() {
        String location = metastore.tableExists(database, table)
                ? metastore.tableParameters(database, table).get(METADATA_LOCATION_PROP) : null;
        refreshFromMetadataLocation(location);
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        String location = writeNewMetadataIfRequired(base == null, metadata);
        if (base == null) {
            HiveTestData.TableBuilder builder = metastore.table(database, table).location(metadata.location()).iceberg()
                    .parameter(METADATA_LOCATION_PROP, location);
            for (Types.NestedField field : metadata.schema().columns()) {
                builder.column(field.name(), IcebergHiveTypes.of(field.type()));
            }
            builder.create();
        } else {
            metastore.setTableParameters(database, table, Map.of(METADATA_LOCATION_PROP, location,
                    PREVIOUS_METADATA_LOCATION_PROP, base.metadataFileLocation()));
        }
    }
}
