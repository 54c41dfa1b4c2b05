package io.tableload.cli;

import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import io.tableload.load.PlannedFile;
import io.tableload.load.RowDeletes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of tables, partitions and files that scripts read; kept stable on purpose. */
final class TableJson {
    private TableJson() {}

    static Map<String, Object> table(Table t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", t.ref().toString());
        m.put("database", t.ref().database());
        m.put("name", t.ref().table());
        m.put("tableType", t.tableType());
        m.put("format", t.icebergMetadataLocation().isPresent() ? "ICEBERG" : t.format().name());
        t.icebergMetadataLocation().ifPresent(metadata -> m.put("icebergMetadata", metadata));
        m.put("location", t.location());
        m.put("columns", columns(t.columns()));
        m.put("partitionKeys", columns(t.partitionKeys()));
        m.put("parameters", t.parameters());
        return m;
    }

    static Map<String, Object> partition(Partition p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", p.values());
        m.put("path", p.path());
        m.put("location", p.location());
        m.put("format", p.format().name());
        return m;
    }

    static List<Map<String, Object>> partitions(List<Partition> partitions) {
        return partitions.stream().map(TableJson::partition).toList();
    }

    /** A planned file; {@code localPath} is null in a dry run. */
    static Map<String, Object> file(PlannedFile f, String localPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", f.url());
        if (localPath != null) {
            m.put("path", localPath);
        } else {
            m.put("relativePath", f.relativePath());
        }
        m.put("size", f.size());
        m.put("partition", f.partitionValues());
        if (!f.deletes().isEmpty()) {
            m.put("deletes", f.deletes().stream().map(RowDeletes::url).toList());
        }
        return m;
    }

    private static List<Map<String, Object>> columns(List<Column> columns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.type());
            if (c.comment() != null && !c.comment().isEmpty()) {
                m.put("comment", c.comment());
            }
            out.add(m);
        }
        return out;
    }
}
