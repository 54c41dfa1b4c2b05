package io.tableload.catalog.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tableload.catalog.Column;
import io.tableload.catalog.StorageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

class SparkTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"Id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{\"comment\":\"order id\"}},"
            + "{\"name\":\"amount\",\"type\":\"decimal(12,2)\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"code\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"__CHAR_VARCHAR_TYPE_STRING\":\"varchar(8)\"}},"
            + "{\"name\":\"at\",\"type\":\"timestamp_ntz\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"lines\",\"type\":{\"type\":\"array\",\"elementType\":{\"type\":\"struct\",\"fields\":["
            + "{\"name\":\"unit price\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"qty\",\"type\":\"integer\",\"nullable\":true,\"metadata\":{}}]},\"containsNull\":true},"
            + "\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":\"short\","
            + "\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}},"
            + "{\"name\":\"country\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}]}";

    @Test
    void sparksSchemaBecomesHiveColumnsWithoutThePartitionColumns() {
        SparkTable spark = SparkTable.of(sparkOnly(Map.of("spark.sql.sources.schema", SCHEMA))).orElseThrow();

        assertThat(spark.columns()).containsExactly(
                new Column("id", "bigint", "order id"), new Column("amount", "decimal(12,2)"),
                new Column("code", "varchar(8)"), new Column("at", "timestamp"),
                new Column("lines", "array<struct<`unit price`:double,qty:int>>"),
                new Column("attrs", "map<string,smallint>"));
        assertThat(spark.location()).isEqualTo("s3://bucket/warehouse/orders");
        assertThat(spark.format()).isEqualTo(StorageFormat.PARQUET);
    }

    @Test
    void aSchemaInPartsIsJoined() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("spark.sql.sources.schema.numParts", "3");
        int third = SCHEMA.length() / 3;
        parameters.put("spark.sql.sources.schema.part.0", SCHEMA.substring(0, third));
        parameters.put("spark.sql.sources.schema.part.1", SCHEMA.substring(third, 2 * third));
        parameters.put("spark.sql.sources.schema.part.2", SCHEMA.substring(2 * third));

        assertThat(SparkTable.of(sparkOnly(parameters)).orElseThrow().columns()).hasSize(6);
        parameters.remove("spark.sql.sources.schema.part.1");
        assertThat(SparkTable.of(sparkOnly(parameters))).as("a part missing").isEmpty();
    }

    @Test
    void withoutASchemaOrWithATypeHiveCannotNameTheTableStaysUnread() {
        assertThat(SparkTable.of(sparkOnly(Map.of()))).isEmpty();
        String interval = "{\"type\":\"struct\",\"fields\":[{\"name\":\"d\",\"type\":\"interval day to second\","
                + "\"nullable\":true,\"metadata\":{}}]}";
        assertThat(SparkTable.of(sparkOnly(Map.of("spark.sql.sources.schema", interval)))).isEmpty();
        assertThatThrownBy(() -> SparkTable.hiveType(JSON.readTree("\"variant\""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProviderNamesTheFormat() {
        assertThat(SparkTable.format("parquet")).isEqualTo(StorageFormat.PARQUET);
        assertThat(SparkTable.format("org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat"))
                .isEqualTo(StorageFormat.PARQUET);
        assertThat(SparkTable.format("ORC")).isEqualTo(StorageFormat.ORC);
        assertThat(SparkTable.format("csv")).isEqualTo(StorageFormat.TEXT);
        assertThat(SparkTable.format("com.example.custom")).isEqualTo(StorageFormat.OTHER);
    }

    @Test
    void aHiveCompatibleSparkTableIsReadAsHiveDescribesIt() {
        Table compatible = sparkOnly(Map.of("spark.sql.sources.schema", SCHEMA));
        compatible.getSd().setCols(List.of(new FieldSchema("id", "bigint", null)));
        compatible.getSd().setLocation("s3://bucket/warehouse/orders");

        assertThat(SparkTable.of(compatible)).isEmpty();
    }

    /** A table as Spark registers a data source table Hive cannot describe, with these extra properties. */
    private static Table sparkOnly(Map<String, String> schemaProperties) {
        StorageDescriptor sd = new StorageDescriptor();
        sd.setCols(List.of(new FieldSchema("col", "array<string>", "from deserializer")));
        sd.setLocation("s3://bucket/warehouse/orders-__PLACEHOLDER__");
        SerDeInfo serde = new SerDeInfo();
        serde.setSerializationLib("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
        serde.setParameters(Map.of("path", "s3a://bucket/warehouse/orders/"));
        sd.setSerdeInfo(serde);
        Table t = new Table();
        t.setSd(sd);
        t.setPartitionKeys(List.of(new FieldSchema("country", "string", null)));
        Map<String, String> parameters = new HashMap<>(schemaProperties);
        parameters.put("spark.sql.sources.provider", "parquet");
        t.setParameters(parameters);
        return t;
    }
}
