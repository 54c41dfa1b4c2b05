package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.StorageFormat;
import io.tableload.catalog.Table;
import io.tableload.catalog.TableDescription;
import io.tableload.catalog.TableNotFoundException;
import io.tableload.catalog.TableRef;
import io.tableload.sandbox.hms.HiveMetastoreExtension;
import io.tableload.sandbox.hms.HiveMetastoreSandbox;
import io.tableload.sandbox.hms.HiveTestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Table lookups against the sandbox metastore: shape, formats, what cannot be loaded, what is missing. */
@ExtendWith(HiveMetastoreExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveMetastoreCatalogTableTest {
    private static final String DB = "catalog_lookup";

    private HiveMetastoreCatalog catalog;

    @BeforeAll
    void createTables(HiveMetastoreSandbox hms) {
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase(DB);
            data.table(DB, "sales").column("id", "bigint", "row id").column("amount", "decimal(12,2)")
                    .column("tags", "array<string>").column("attrs", "map<string,struct<a:int,b:string>>")
                    .partitionKey("country", "string").partitionKey("dt", "date")
                    .location("s3a://bucket/warehouse/sales/").parameter("owner_team", "ml").create();
            data.table(DB, "sales_orc").column("id", "bigint").location("s3://bucket/orc").orc().create();
            data.table(DB, "sales_text").column("id", "bigint").location("s3://bucket/text").text().create();
            data.table(DB, "sales_csv").column("id", "string").location("s3://bucket/csv")
                    .storage("org.apache.hadoop.hive.serde2.OpenCSVSerde", "org.apache.hadoop.mapred.TextInputFormat",
                            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat").create();
            data.table(DB, "sales_json").column("id", "bigint").location("s3://bucket/json")
                    .storage("org.apache.hive.hcatalog.data.JsonSerDe", "org.apache.hadoop.mapred.TextInputFormat",
                            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat").create();
            data.table(DB, "sales_avro").column("id", "bigint").location("s3://bucket/avro")
                    .storage("org.apache.hadoop.hive.serde2.avro.AvroSerDe",
                            "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
                            "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat").create();
            data.table(DB, "snapshot").column("id", "bigint").location("s3n://bucket/snapshot").create();
            data.table(DB, "sales_view").column("id", "bigint").view("SELECT id FROM catalog_lookup.sales").create();
            data.table(DB, "sales_iceberg").column("id", "bigint").location("s3://bucket/iceberg").iceberg()
                    .parameter("metadata_location", "s3a://bucket/iceberg/metadata/00002-a.metadata.json").create();
            data.table(DB, "sales_iceberg_unregistered").column("id", "bigint").location("s3://bucket/iceberg").iceberg()
                    .parameter("metadata_location", null).create();
            // As Spark registers a Delta Lake table, and as Hudi's sync tool a Hudi one.
            data.table(DB, "sales_delta").column("col", "array<string>").location("s3://bucket/delta")
                    .parameter("spark.sql.sources.provider", "DELTA").create();
            data.table(DB, "sales_hudi").column("id", "bigint").location("s3://bucket/hudi")
                    .storage("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                            "org.apache.hudi.hadoop.HoodieParquetInputFormat",
                            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat").create();
            data.table(DB, "sales_acid").column("id", "bigint").transactional().create(); // in the metastore's warehouse
            // As Spark registers a table Hive cannot read: columns and location in its own properties.
            data.table(DB, "sales_spark").column("col", "array<string>")
                    .location("s3://bucket/warehouse/sales_spark-__PLACEHOLDER__")
                    .parameter("spark.sql.sources.provider", "parquet")
                    .storage("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                            "org.apache.hadoop.mapred.SequenceFileInputFormat",
                            "org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat").create();
        }
        catalog = Catalogs.open(hms.uri());
    }

    @AfterAll
    void close() {
        catalog.close();
    }

    @Test
    void tableLookupReturnsColumnsKeysLocationTypeAndParameters() {
        Table t = catalog.table(TableRef.parse(DB + ".sales"));

        assertThat(t.ref()).isEqualTo(new TableRef(DB, "sales"));
        assertThat(t.columns()).containsExactly(new Column("id", "bigint", "row id"), new Column("amount", "decimal(12,2)"),
                new Column("tags", "array<string>"), new Column("attrs", "map<string,struct<a:int,b:string>>"));
        assertThat(t.partitionKeys()).containsExactly(new Column("country", "string"), new Column("dt", "date"));
        assertThat(t.location()).isEqualTo("s3://bucket/warehouse/sales");
        assertThat(t.format()).isEqualTo(StorageFormat.PARQUET);
        assertThat(t.tableType()).isEqualTo("EXTERNAL_TABLE");
        assertThat(t.parameters()).containsEntry("owner_team", "ml").containsEntry("EXTERNAL", "TRUE");
        assertThat(t.isPartitioned()).isTrue();
    }

    @Test
    void formatComesFromTheSerdeAndInputFormatTheMetastoreStores() {
        assertThat(format("sales_orc")).isEqualTo(StorageFormat.ORC);
        assertThat(format("sales_text")).isEqualTo(StorageFormat.TEXT);
        assertThat(format("sales_csv")).isEqualTo(StorageFormat.TEXT);
        assertThat(format("sales_json")).isEqualTo(StorageFormat.JSON);
        assertThat(format("sales_avro")).isEqualTo(StorageFormat.AVRO);
    }

    @Test
    void anUnpartitionedTableResolvesToItsOneLocation() {
        Table t = catalog.table(new TableRef(DB, "snapshot"));

        assertThat(t.isPartitioned()).isFalse();
        assertThat(catalog.partitions(t, PartitionFilter.all()))
                .containsExactly(Partition.of(Map.of(), "s3://bucket/snapshot", StorageFormat.PARQUET));
    }

    @Test
    void aSpecOnAnUnpartitionedTableIsAUsageError() {
        Table t = catalog.table(new TableRef(DB, "snapshot"));

        assertThatThrownBy(() -> catalog.partitions(t, PartitionFilter.parse("dt=2024-01-01")))
                .isInstanceOf(TableloadException.class).hasMessageContaining("not partitioned")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
    }

    @Test
    void aViewCannotBeLoadedDirectly() {
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "sales_view")))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining("views cannot be loaded directly")
                .hasMessageContaining("SELECT id FROM catalog_lookup.sales")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
    }

    @Test
    void anIcebergTableNamesItsMetadataFileAndOneWithoutIsRefused() {
        assertThat(catalog.table(new TableRef(DB, "sales_iceberg")).icebergMetadataLocation())
                .contains("s3a://bucket/iceberg/metadata/00002-a.metadata.json");
        assertThat(catalog.table(new TableRef(DB, "sales")).icebergMetadataLocation()).isEmpty();
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "sales_iceberg_unregistered")))
                .isInstanceOf(TableloadException.class)
                .hasMessageContaining("registered as an Iceberg table but names no metadata file")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
    }

    @Test
    void tablesWhoseFilesAreNotAllTheirRowsAreRefusedNamingTheirFormat() {
        Map<String, String> formats = Map.of("sales_delta", "a Delta Lake table", "sales_hudi", "a Hudi table",
                "sales_acid", "a Hive transactional (ACID) table");
        formats.forEach((table, format) -> assertThatThrownBy(() -> catalog.table(new TableRef(DB, table)))
                .as(table)
                .isInstanceOf(TableloadException.class)
                .hasMessageStartingWith("table " + DB + "." + table + " is " + format)
                .hasMessageContaining("deleted")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void aTableRegisteredInSparksOwnFormIsRefusedSayingSo() {
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "sales_spark")))
                .isInstanceOf(TableloadException.class)
                .hasMessageStartingWith("table " + DB + ".sales_spark was registered by Spark in a form only Spark reads")
                .extracting(e -> ((TableloadException) e).code()).isEqualTo(ErrorCode.USAGE);
    }

    @Test
    void describeShowsATableALoadRefusesWithTheReasonTheLoadGives() {
        for (String name : List.of("sales_view", "sales_iceberg_unregistered", "sales_delta", "sales_hudi", "sales_spark")) {
            TableRef ref = new TableRef(DB, name);
            String refusal = catchThrowableOfType(TableloadException.class, () -> catalog.table(ref)).getMessage();

            TableDescription described = catalog.describe(ref);

            assertThat(described.table().ref()).as(name).isEqualTo(ref);
            assertThat(described.loadable()).as(name).isFalse();
            assertThat(described.notLoadable()).as(name).contains(refusal);
        }
        TableDescription delta = catalog.describe(new TableRef(DB, "sales_delta"));
        assertThat(delta.table().location()).isEqualTo("s3://bucket/delta");
        assertThat(delta.table().parameters()).containsEntry("spark.sql.sources.provider", "DELTA");
        assertThat(catalog.describe(new TableRef(DB, "sales_view")).table().columns()).containsExactly(new Column("id", "bigint"));
        // This metastore hands a transactional table only to clients that claim to read those.
        assertThatThrownBy(() -> catalog.describe(new TableRef(DB, "sales_acid")))
                .hasMessageStartingWith("table " + DB + ".sales_acid is a Hive transactional (ACID) table");
    }

    @Test
    void describeOfALoadableTableIsTheTableALoadSees() {
        TableRef ref = new TableRef(DB, "sales");

        TableDescription described = catalog.describe(ref);

        assertThat(described.loadable()).isTrue();
        assertThat(described.notLoadable()).isEmpty();
        assertThat(described.table()).isEqualTo(catalog.table(ref));
        assertThatThrownBy(() -> catalog.describe(new TableRef(DB, "sale"))).isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void aMissingTableIsNotFoundAndNamesSimilarTables() {
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "sale")))
                .isInstanceOfSatisfying(TableNotFoundException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.code().exitCode()).isEqualTo(3);
                    assertThat(e.databaseMissing()).isFalse();
                    assertThat(e.suggestions()).startsWith(DB + ".sales").contains(DB + ".sales_orc");
                    assertThat(e.getMessage()).contains(DB + ".sale does not exist").contains("did you mean " + DB + ".sales");
                });
    }

    @Test
    void aMissingTableWithNothingSimilarSaysToCheckTheName() {
        assertThatThrownBy(() -> catalog.table(new TableRef(DB, "zzqqxx")))
                .isInstanceOfSatisfying(TableNotFoundException.class, e -> {
                    assertThat(e.suggestions()).isEmpty();
                    assertThat(e.getMessage()).contains("check the name");
                });
    }

    @Test
    void aMissingDatabaseIsNotFoundWithExitCode3AndNamesSimilarDatabases() {
        assertThatThrownBy(() -> catalog.table(new TableRef("catalog_lookupp", "sales")))
                .isInstanceOfSatisfying(TableNotFoundException.class, e -> {
                    assertThat(e.code().exitCode()).isEqualTo(3);
                    assertThat(e.databaseMissing()).isTrue();
                    assertThat(e.suggestions()).contains(DB);
                    assertThat(e.getMessage()).contains("database \"catalog_lookupp\" does not exist");
                });
        assertThatThrownBy(() -> catalog.tables("catalog_lookupp"))
                .isInstanceOfSatisfying(TableloadException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).contains(DB);
                });
    }

    @Test
    void databasesAndTablesAreListedSorted() {
        assertThat(catalog.databases()).contains("default", DB).isSorted();
        assertThat(catalog.tables(DB)).containsExactly("sales", "sales_acid", "sales_avro", "sales_csv", "sales_delta",
                "sales_hudi", "sales_iceberg", "sales_iceberg_unregistered", "sales_json", "sales_orc", "sales_spark", "sales_text", "sales_view", "snapshot");
    }

    private StorageFormat format(String table) {
        return catalog.table(new TableRef(DB, table)).format();
    }
}
