package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionPathsTest {

    @Test
    void escapesHiveSpecialCharactersAsUpperCaseHex() {
        assertThat(PartitionPaths.escape("a/b:c=d%e#f?g'h\"i*j\\k{l[m]n^o"))
                .isEqualTo("a%2Fb%3Ac%3Dd%25e%23f%3Fg%27h%22i%2Aj%5Ck%7Bl%5Bm%5Dn%5Eo");
    }

    @Test
    void leavesSpacesCommasAndUnicodeAlone() {
        assertThat(PartitionPaths.escape("Rio, RJ — São Paulo 東京")).isEqualTo("Rio, RJ — São Paulo 東京");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(PartitionPaths.escape("a\nb\u0001")).isEqualTo("a%0Ab%01");
    }

    @Test
    void nullAndEmptyBecomeTheDefaultPartition() {
        assertThat(PartitionPaths.escape(null)).isEqualTo(PartitionPaths.DEFAULT_PARTITION);
        assertThat(PartitionPaths.escape("")).isEqualTo(PartitionPaths.DEFAULT_PARTITION);
    }

    @Test
    void unescapeUndoesEscapeAndKeepsMalformedEscapes() {
        String raw = "a/b:c=d%e#f?g ,ü%";
        assertThat(PartitionPaths.unescape(PartitionPaths.escape(raw))).isEqualTo(raw);
        assertThat(PartitionPaths.unescape("100%")).isEqualTo("100%");
        assertThat(PartitionPaths.unescape("%zz%4")).isEqualTo("%zz%4");
    }

    @Test
    void pathJoinsEscapedKeyValuePairsInKeyOrder() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("country", "a/b");
        values.put("dt", null);
        assertThat(PartitionPaths.path(values)).isEqualTo("country=a%2Fb/dt=__HIVE_DEFAULT_PARTITION__");
        assertThat(PartitionPaths.path(Map.of())).isEmpty();
    }

    @Test
    void parseReadsAMetastoreNameBackIntoValues() {
        Map<String, String> values = PartitionPaths.parse("country=a%2Fb%3Dc/dt=__HIVE_DEFAULT_PARTITION__",
                List.of("country", "dt"));
        assertThat(values).containsExactly(Map.entry("country", "a/b=c"), new java.util.AbstractMap.SimpleEntry<>("dt", null));
    }

    @Test
    void parseRejectsNamesThatDoNotFitTheKeys() {
        assertThatThrownBy(() -> PartitionPaths.parse("country=FI", List.of("country", "dt")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionPaths.parse("dt=1/country=FI", List.of("country", "dt")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partitionRecordDerivesItsPathAndKeepsNullValuesInOrder() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("b", "x");
        values.put("a", null);
        Partition p = Partition.of(values, "s3://bucket/t/b=x/a=__HIVE_DEFAULT_PARTITION__", StorageFormat.PARQUET);
        assertThat(p.values().keySet()).containsExactly("b", "a");
        assertThat(p.values().get("a")).isNull();
        assertThat(p.path()).isEqualTo("b=x/a=__HIVE_DEFAULT_PARTITION__");
        assertThatThrownBy(() -> new Partition(values, "s3://x", "b=y/a=z", StorageFormat.PARQUET)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.asList(p.values().values().toArray())).containsExactly("x", null);
    }
}
