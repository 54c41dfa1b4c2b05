package io.tableload.catalog.hive;

import io.tableload.catalog.Column;
import io.tableload.catalog.Locations;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionPaths;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;

/** Turns the metastore's Thrift objects into tableload's values. */
final class ThriftMapping {
    private ThriftMapping() {
    }

    static boolean isView(org.apache.hadoop.hive.metastore.api.Table t) {
        return "VIRTUAL_VIEW".equalsIgnoreCase(t.getTableType());
    }

    static Table table(TableRef ref, org.apache.hadoop.hive.metastore.api.Table t) {
        StorageDescriptor sd = t.getSd();
        List<Column> keys = t.getPartitionKeys() == null ? List.of() : columns(t.getPartitionKeys());
        String type = t.getTableType() == null ? "" : t.getTableType();
        Map<String, String> parameters = t.getParameters() == null ? Map.of() : t.getParameters();
        Optional<SparkTable> spark = SparkTable.of(t);
        if (spark.isPresent()) { // what Hive's fields hold are placeholders
            SparkTable s = spark.get();
            return new Table(ref, s.columns(), keys, s.location(), s.format(), type, parameters);
        }
        List<Column> columns = sd == null || sd.getCols() == null ? List.of() : columns(sd.getCols());
        String location = sd == null ? null : Locations.normalize(sd.getLocation());
        return new Table(ref, columns, keys, location, format(sd), type, parameters);
    }

    static Partition partition(Table table, org.apache.hadoop.hive.metastore.api.Partition p) {
        List<Column> keys = table.partitionKeys();
        List<String> stored = p.getValues();
        if (stored == null || stored.size() != keys.size()) {
            throw new IllegalStateException("partition of " + table.ref() + " has values " + stored
                    + " for the keys " + keys);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            values.put(keys.get(i).name(), PartitionPaths.valueOf(stored.get(i)));
        }
        String location = p.getSd() == null ? null : Locations.normalize(p.getSd().getLocation());
        if (location == null || location.isEmpty()) {
            // Hive places a partition without its own location under the table's.
            location = table.location() + "/" + PartitionPaths.path(values);
        }
        // Spark writes every partition of a data source table as the table's provider says, whatever
        // (placeholder) SerDe it registers the partition with.
        boolean sparkTable = table.parameters().containsKey("spark.sql.sources.provider");
        boolean ownFormat = !sparkTable && p.getSd() != null
                && (serde(p.getSd()) != null || p.getSd().getInputFormat() != null);
        return Partition.of(values, location, ownFormat ? format(p.getSd()) : table.format());
    }

    private static StorageFormat format(StorageDescriptor sd) {
        return sd == null ? StorageFormat.of(null, null) : StorageFormat.of(serde(sd), sd.getInputFormat());
    }

    private static String serde(StorageDescriptor sd) {
        return sd.getSerdeInfo() == null ? null : sd.getSerdeInfo().getSerializationLib();
    }

    private static List<Column> columns(List<FieldSchema> fields) {
        List<Column> columns = new ArrayList<>(fields.size());
        for (FieldSchema f : fields) {
            columns.add(new Column(f.getName().toLowerCase(Locale.ROOT), f.getType(), f.getComment()));
        }
        return columns;
    }
}
