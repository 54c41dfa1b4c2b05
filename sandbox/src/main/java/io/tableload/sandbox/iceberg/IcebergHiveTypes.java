package io.tableload.sandbox.iceberg;

import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The Hive column type Iceberg's Hive catalog writes to the metastore for an Iceberg type. */
final class IcebergHiveTypes {
    private IcebergHiveTypes() {
    }

    static String of(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp with local time zone"
                    : "timestamp";
            case STRING, UUID, TIME -> "string";
            case FIXED, BINARY -> "binary";
            case DECIMAL -> "decimal(" + ((Types.DecimalType) type).precision() + ","
                    + ((Types.DecimalType) type).scale() + ")";
            case LIST -> "array<" + of(type.asListType().elementType()) + ">";
            case MAP -> "map<" + of(type.asMapType().keyType()) + "," + of(type.asMapType().valueType()) + ">";
            case STRUCT -> "struct<" + type.asStructType().fields().stream()
                    .map(f -> f.name() + ":" + of(f.type())).collect(Collectors.joining(",")) + ">";
            default -> throw new IllegalArgumentException("no Hive type for Iceberg's " + type);
        };
    }
}
