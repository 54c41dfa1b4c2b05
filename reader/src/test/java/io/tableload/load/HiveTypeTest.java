package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.TableloadException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.avro.LogicalTypes;
import org.junit.jupiter.api.Test;

class HiveTypeTest {

    @Test
    void partitionValuesParseToTheJavaValueOfTheirDeclaredType() {
        assertThat(HiveType.of("tinyint").parse("k", "-128")).isEqualTo(-128);
        assertThat(HiveType.of("smallint").parse("k", " 32767")).isEqualTo(32767);
        assertThat(HiveType.of("bigint").parse("k", "9000000000")).isEqualTo(9_000_000_000L);
        assertThat(HiveType.of("DATE").parse("k", "2024-01-01")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(HiveType.of("varchar(5)").parse("k", " a ")).isEqualTo(" a ");
        assertThat(HiveType.of("int").parse("k", null)).isNull();
    }

    @Test
    void decimalTimestampAndDoubleValuesParseAtTheirDeclaredPrecision() {
        assertThat(HiveType.of("decimal(5,2)").parse("k", "1.5")).isEqualTo(new BigDecimal("1.50"));
        assertThat(HiveType.of("DECIMAL").parse("k", "42")).isEqualTo(new BigDecimal("42"));
        assertThat(HiveType.of("timestamp").parse("k", "2024-01-31 10:00:00.1234567"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 0, 0, 123_456_000));
        assertThat(HiveType.of("timestamp").parse("k", "2024-01-31")).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(HiveType.of("float").parse("k", "0.25")).isEqualTo(0.25);
        assertThatThrownBy(() -> HiveType.of("decimal(3,2)").parse("price", "12.5"))
                .hasMessageContaining("partition column price is declared decimal(3,2) but a partition has the value '12.5'");
    }

    @Test
    void decimalAndTimestampColumnsAreTypedInDuckDbAndInRecords() {
        assertThat(HiveType.of("decimal(12, 2)").duckDbType()).isEqualTo("DECIMAL(12,2)");
        assertThat(HiveType.of("timestamp").duckDbType()).isEqualTo("TIMESTAMP");
        assertThat(HiveType.of("decimal(12,2)").avroSchema().getTypes().get(1).getLogicalType())
                .isEqualTo(LogicalTypes.decimal(12, 2));
        assertThat(HiveType.of("timestamp").avroSchema().getTypes().get(1).getLogicalType())
                .isEqualTo(LogicalTypes.localTimestampMicros());
        assertThat(HiveType.of("decimal(40,2)").duckDbType()).as("beyond Hive's 38 digits: text").isEqualTo("VARCHAR");
    }

    @Test
    void aValueOutsideItsDeclaredTypesRangeIsRefusedNamingTheColumnAndTheValue() {
        // DuckDB would refuse it later, in words of its own, when the typed partition column is built.
        assertThatThrownBy(() -> HiveType.of("tinyint").parse("level", "300"))
                .isInstanceOf(TableloadException.class)
                .hasMessage("partition column level is declared tinyint but a partition has the value '300';"
                        + " fix the partition in the metastore");
        assertThatThrownBy(() -> HiveType.of("smallint").parse("level", "-40000"))
                .hasMessageContaining("declared smallint");
    }
}
