package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Which registered tables hold rows their files do not: as their writers register them. (A metastore
 * that checks client capabilities refuses transactional tables outright; that path is tested
 * against the sandbox metastore in {@link HiveMetastoreCatalogTableTest}.)
 */
class TableFormatsTest {
    @Test
    void transactionalTablesAreKnownByTheirParameterWhateverItsCase() {
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("transactional", "true"), null)))
                .contains(TableFormats.HIVE_TRANSACTIONAL);
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("TRANSACTIONAL", "True"), null)))
                .contains(TableFormats.HIVE_TRANSACTIONAL);
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("transactional", "false"), null))).isEmpty();
    }

    @Test
    void deltaAndHudiTablesAreKnownAsSparkHiveAndHudiRegisterThem() {
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("spark.sql.sources.provider", "delta"), null)))
                .contains(TableFormats.DELTA);
        assertThat(TableFormats.withRowsNotInTheirFiles(
                table(Map.of("storage_handler", "io.delta.hive.DeltaStorageHandler"), null))).contains(TableFormats.DELTA);
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("spark.sql.sources.provider", "hudi"), null)))
                .contains(TableFormats.HUDI);
        assertThat(TableFormats.withRowsNotInTheirFiles(
                table(Map.of(), "org.apache.hudi.hadoop.realtime.HoodieParquetRealtimeInputFormat"))).contains(TableFormats.HUDI);
    }

    @Test
    void plainHiveAndSparkParquetTablesAreLoadable() {
        String parquet = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("EXTERNAL", "TRUE"), parquet))).isEmpty();
        assertThat(TableFormats.withRowsNotInTheirFiles(table(Map.of("spark.sql.sources.provider", "parquet"), parquet)))
                .isEmpty();
        assertThat(TableFormats.withRowsNotInTheirFiles(new Table())).isEmpty();
    }

    @Test
    void sparkOnlyTablesAreKnownByTheirPlaceholderLocationOrColumn() {
        Table placeholderLocation = table(Map.of("spark.sql.sources.provider", "parquet"), null);
        placeholderLocation.getSd().setLocation("s3://b/warehouse/t-__PLACEHOLDER__");
        Table placeholderColumn = table(Map.of("spark.sql.sources.provider", "parquet"), null);
        placeholderColumn.getSd().setCols(List.of(new FieldSchema("col", "array<string>", "from deserializer")));
        Table hiveCompatible = table(Map.of("spark.sql.sources.provider", "parquet"), null);
        hiveCompatible.getSd().setCols(List.of(new FieldSchema("id", "bigint", null)));
        hiveCompatible.getSd().setLocation("s3://b/warehouse/t");
        Table hiveWithSuchAColumn = table(Map.of(), null);
        hiveWithSuchAColumn.getSd().setCols(List.of(new FieldSchema("col", "array<string>", null)));

        assertThat(TableFormats.isSparkOnly(placeholderLocation)).isTrue();
        assertThat(TableFormats.isSparkOnly(placeholderColumn)).isTrue();
        assertThat(TableFormats.isSparkOnly(hiveCompatible)).isFalse();
        assertThat(TableFormats.isSparkOnly(hiveWithSuchAColumn)).isFalse();
    }

    @Test
    void onlyTheMetastoresCapabilityRefusalCountsAsATransactionalTable() {
        assertThat(TableFormats.isRefusalOfTransactionalTable(new MetaException(
                "Your client does not appear to support insert-only tables. To skip capability checks, ..."))).isTrue();
        assertThat(TableFormats.isRefusalOfTransactionalTable(new MetaException(
                "Your client does not appear to support ACID tables."))).isTrue();
        assertThat(TableFormats.isRefusalOfTransactionalTable(new MetaException("java.lang.OutOfMemoryError"))).isFalse();
    }

    private static Table table(Map<String, String> parameters, String inputFormat) {
        Table t = new Table();
        t.setParameters(new HashMap<>(parameters));
        StorageDescriptor sd = new StorageDescriptor();
        sd.setInputFormat(inputFormat);
        t.setSd(sd);
        return t;
    }
}
