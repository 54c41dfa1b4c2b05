package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.TableloadException;
import java.time.LocalDate;
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
