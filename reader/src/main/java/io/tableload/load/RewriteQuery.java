package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.load.FileColumns.FileColumn;
import io.tableload.load.RowDeletes.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The query a data file is written again with ({@link DataFileRewriter}): its live rows, in their
 * order, those no position delete names and no equality delete matches, with its columns under
 * the table's current names; and the field ids to write them with.
 */
final class RewriteQuery {
    private final PlannedFile file;
    private final Path path;
    private final FileColumns columns;
    private final Map<String, Path> deleteFiles;
    private final List<String> vectors;

    /**
     * @param file the planned file, with its deletes and column mapping
     * @param path where it was fetched
     * @param columns its columns, from its footer
     * @param deleteFiles where its delete files were fetched, by URL
     * @param vectors DuckDB's tables of its deletion vectors' positions ({@code pos})
     */
    RewriteQuery(PlannedFile file, Path path, FileColumns columns, Map<String, Path> deleteFiles, List<String> vectors) {
        this.file = file;
        this.path = path;
        this.columns = columns;
        this.deleteFiles = deleteFiles;
        this.vectors = vectors;
    }

    /**
     * The query. Rows are read with their row numbers when deletes apply: position deletes name
     * rows by them, and the anti-joins would not keep the rows' order without an {@code ORDER BY}.
     */
    String sql() {
        boolean deletes = !file.deletes().isEmpty();
        StringBuilder sql = new StringBuilder("SELECT ").append(select(deletes)).append(" FROM read_parquet(")
                .append(DuckDbTable.quoteLiteral(path.toString())).append(deletes ? ", file_row_number = true" : "")
                .append(") AS d");
        if (deletes) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions())).append(" ORDER BY d.file_row_number");
        }
        return sql.toString();
    }

    /**
     * The {@code COPY} option giving the written file's top-level columns their field ids, those
     * of the fetched file (or its name mapping's), so that it stays a file Iceberg can read; empty
     * when it has none.
     */
    String fieldIds() {
        List<String> ids = new ArrayList<>();
        for (FileColumn c : columns.columns()) {
            Optional<String> name = outputName(c);
            OptionalInt id = c.fieldId().isPresent() || file.columnMapping().isEmpty() ? c.fieldId()
                    : Optional.ofNullable(file.columnMapping().get().idsByName().get(c.name()))
                            .map(OptionalInt::of).orElse(OptionalInt.empty());
            if (name.isPresent() && id.isPresent()) {
                ids.add(DuckDbTable.quoteLiteral(name.get()) + ": " + id.getAsInt());
            }
        }
        return ids.isEmpty() ? "" : ", FIELD_IDS {" + String.join(", ", ids) + "}";
    }

    /** The name a file's column is written under: the table's; empty for a column the table dropped. */
    private Optional<String> outputName(FileColumn c) {
        return file.columnMapping().isEmpty() ? Optional.of(c.name())
                : file.columnMapping().get().currentName(c.name(), c.fieldId());
    }

    private String select(boolean withRowNumbers) {
        if (file.columnMapping().isEmpty()) {
            return withRowNumbers ? "* EXCLUDE (file_row_number)" : "*";
        }
        List<String> select = new ArrayList<>();
        for (FileColumn c : columns.columns()) {
            outputName(c).ifPresent(name -> select.add("d." + DuckDbTable.quoteIdentifier(c.name()) + " AS "
                    + DuckDbTable.quoteIdentifier(name)));
        }
        return String.join(", ", select);
    }

    /**
     * Each delete's condition on a row {@code d}: no position delete names it (by the file's path
     * and the row's position, or in a deletion vector's table), no equality delete matches it (in
     * all its columns, a null matching a null, as Iceberg's equality deletes do).
     */
    private List<String> conditions() {
        List<String> conditions = new ArrayList<>();
        List<RowDeletes> positions = file.deletes().stream().filter(d -> d.kind() == Kind.POSITIONS).toList();
        if (!positions.isEmpty()) {
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet(["
                    + positions.stream().map(d -> DuckDbTable.quoteLiteral(deleteFiles.get(d.url()).toString()))
                            .collect(Collectors.joining(", "))
                    + "], union_by_name = true) AS p WHERE p.file_path = "
                    + DuckDbTable.quoteLiteral(positions.get(0).dataFilePath()) + " AND p.pos = d.file_row_number)");
        }
        for (String vector : vectors) {
            conditions.add("NOT EXISTS (SELECT 1 FROM " + vector + " AS v WHERE v.pos = d.file_row_number)");
        }
        for (RowDeletes equality : file.deletes().stream().filter(d -> d.kind() == Kind.EQUALITY).toList()) {
            Path deletes = deleteFiles.get(equality.url());
            // Without renames a delete file's columns have the table's names; with them, its own.
            FileColumns deleteColumns = file.columnMapping().isPresent() ? deleteColumns(equality, deletes) : null;
            String matches = equality.equalityColumns().stream()
                    .map(c -> valueIn(c) + " IS NOT DISTINCT FROM e." + DuckDbTable.quoteIdentifier(
                            deleteColumns == null ? c : deleteColumns.nameOf(c, file.columnMapping()).orElse(c)))
                    .collect(Collectors.joining(" AND "));
            conditions.add("NOT EXISTS (SELECT 1 FROM read_parquet(" + DuckDbTable.quoteLiteral(deletes.toString())
                    + ") AS e WHERE " + matches + ")");
        }
        return conditions;
    }

    /** The columns of an equality delete file, which may, as data files, hold them under earlier names. */
    private static FileColumns deleteColumns(RowDeletes equality, Path local) {
        try {
            return FileColumns.read(local);
        } catch (IOException | RuntimeException e) {
            throw new TableloadException(ErrorCode.USAGE, "cannot read the columns of the delete file "
                    + equality.url() + ": it is no Parquet file as tableload reads them (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A data row's value of the table's column {@code column}, as Iceberg reads it: the file's
     * column; where the file lacks it, the partition's value for an identity-partitioned column
     * (files adopted from Hive hold none of those), else NULL (a column added after the file was
     * written).
     */
    private String valueIn(String column) {
        Optional<String> inFile = columns.nameOf(column, file.columnMapping());
        if (inFile.isPresent()) {
            return "d." + DuckDbTable.quoteIdentifier(inFile.get());
        }
        for (Map.Entry<String, String> partition : file.partitionValues().entrySet()) {
            if (partition.getKey().equalsIgnoreCase(column)) {
                return partition.getValue() == null ? "NULL" : DuckDbTable.quoteLiteral(partition.getValue());
            }
        }
        return "NULL";
    }
}
