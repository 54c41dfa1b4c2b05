package io.tableload.samples;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * The columns of the sample {@code sales} table, as stored in its Parquet files. The partition
 * columns {@code country} (string) and {@code dt} (date) are not in the files, as with any Hive table.
 */
public final class SalesSchema {
    public static final Schema AMOUNT = LogicalTypes.decimal(12, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    public static final Schema UNIT_PRICE = LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    public static final Schema TIMESTAMP = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    public static final Schema SALE = SchemaBuilder.record("sale").namespace("io.tableload.samples").fields()
            .requiredLong("order_id")
            .name("ordered_at").type(TIMESTAMP).noDefault()
            .requiredLong("customer_id")
            .requiredString("product")
            .requiredInt("quantity")
            .name("unit_price").type(UNIT_PRICE).noDefault()
            .name("amount").type(AMOUNT).noDefault()
            .requiredString("currency")
            .optionalString("discount_code")
            .endRecord();

    /** The Hive column types of the file columns, in order, for registering the table. */
    public static final String[][] HIVE_COLUMNS = {
        {"order_id", "bigint"},
        {"ordered_at", "timestamp"},
        {"customer_id", "bigint"},
        {"product", "string"},
        {"quantity", "int"},
        {"unit_price", "decimal(10,2)"},
        {"amount", "decimal(12,2)"},
        {"currency", "string"},
        {"discount_code", "string"},
    };

    private SalesSchema() {}
}
