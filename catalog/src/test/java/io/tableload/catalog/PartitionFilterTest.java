package io.tableload.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionFilterTest {

    private static final Table TABLE = new Table(new TableRef("db", "t"), List.of(new Column("x", "int")),
            List.of(new Column("country", "string"), new Column("dt", "date"), new Column("year", "int"),
                    new Column("city", "varchar(40)"), new Column("flag", "boolean"), new Column("price", "decimal(10,2)")),
            "s3://b/t", StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());

    private static Map<String, String> row(String country, String dt, String year, String city) {
        Map<String, String> m = new HashMap<>();
        m.put("country", country);
        m.put("dt", dt);
        m.put("year", year);
        m.put("city", city);
        m.put("flag", "true");
        m.put("price", "1.50");
        return m;
    }

    private static BoundPartitionFilter bind(String... specs) {
        return PartitionFilter.parse(specs).bind(TABLE);
    }

    @Test
    void noSpecTakesEverything() {
        assertThat(PartitionFilter.parse(List.of()).isAll()).isTrue();
        BoundPartitionFilter all = PartitionFilter.all().bind(TABLE);
        assertThat(all.matches(row(null, null, null, null))).isTrue();
        assertThat(all.metastoreFilter()).isEmpty();
    }

    @Test
    void commasAndWithinASpec() {
        BoundPartitionFilter f = bind("country=FI,dt>=2024-01-01");
        assertThat(f.matches(row("FI", "2024-01-02", "1", "a"))).isTrue();
        assertThat(f.matches(row("FI", "2023-12-31", "1", "a"))).isFalse();
        assertThat(f.matches(row("SE", "2024-01-02", "1", "a"))).isFalse();
    }

    @Test
    void aGroupOfPartitionsMayMatchOnlyWhenItsValueRangesLeaveRoomForEverySpecCondition() {
        Map<String, BoundPartitionFilter.ValueRange> march = Map.of(
                "dt", new BoundPartitionFilter.ValueRange("2024-03-01", "2024-03-31", false),
                "country", new BoundPartitionFilter.ValueRange("DE", "FI", true),
                "year", new BoundPartitionFilter.ValueRange("9", "10", false));

        assertThat(bind("dt=2024-03-15").mayMatch(march)).isTrue();
        assertThat(bind("dt=2024-04-01").mayMatch(march)).isFalse();
        assertThat(bind("dt>=2024-03-31").mayMatch(march)).isTrue();
        assertThat(bind("dt>2024-03-31").mayMatch(march)).isFalse();
        assertThat(bind("dt<2024-03-01").mayMatch(march)).isFalse();
        assertThat(bind("dt<=2024-03-01").mayMatch(march)).isTrue();
        assertThat(bind("country in (SE,NO)").mayMatch(march)).isFalse();
        assertThat(bind("country in (SE,EE)").mayMatch(march)).isTrue();
        assertThat(bind("country is null").mayMatch(march)).isTrue();
        assertThat(bind("year is null").mayMatch(march)).isFalse();
        assertThat(bind("year=10").mayMatch(march)).isTrue(); // typed: 10 lies between 9 and 10, "10" sorts before "9"
        assertThat(bind("year!=10").mayMatch(march)).isTrue();
        assertThat(bind("dt=2024-04-01,country=FI").mayMatch(march)).isFalse();
        assertThat(bind("dt=2024-04-01", "country=FI").mayMatch(march)).isTrue(); // either spec may
        assertThat(bind("dt is latest").mayMatch(march)).isTrue();
        assertThat(bind("city=x").mayMatch(march)).isTrue(); // no range: any value
        assertThat(bind("country=FI").mayMatch(Map.of("country", new BoundPartitionFilter.ValueRange(null, null, true))))
                .isFalse();
        assertThat(bind("year!=10").mayMatch(Map.of("year", new BoundPartitionFilter.ValueRange("10", "10", false))))
                .isFalse();
    }

    @Test
    void isLatestSelectsTheGreatestValueOfItsKeyAmongThePartitionsTheRestOfItsSpecMatches() {
        List<Map<String, String>> rows = List.of(row("FI", "2024-01-09", "9", "a"), row("FI", "2024-01-10", "10", "a"),
                row("SE", "2024-01-10", "10", "a"), row("SE", "2024-01-11", "100", "b"), row("NO", null, null, "a"));

        assertThat(bind("country=FI,dt is latest").select(rows, r -> r)).containsExactly(rows.get(1));
        assertThat(bind("dt is latest").select(rows, r -> r)).containsExactly(rows.get(3));
        assertThat(bind("city=a,dt is latest").select(rows, r -> r)).containsExactly(rows.get(1), rows.get(2));
        assertThat(bind("year is latest").select(rows, r -> r)).as("numbers, not text").containsExactly(rows.get(3));
        assertThat(bind("country=FI,dt is latest", "country=SE,dt is latest").select(rows, r -> r))
                .containsExactly(rows.get(1), rows.get(3));
        assertThat(bind("country=DK,dt is latest").select(rows, r -> r)).isEmpty();
        assertThat(bind("country=NO,dt is latest").select(rows, r -> r)).as("a NULL value is never the latest").isEmpty();
        assertThat(bind("country=FI").select(rows, r -> r)).containsExactly(rows.get(0), rows.get(1));
        assertThat(PartitionFilter.all().bind(TABLE).select(rows, r -> r)).isEqualTo(rows);
    }

    @Test
    void isLatestIsLeftToBeSettledHereNotSentToTheMetastore() {
        assertThat(bind("country=FI,dt is latest").metastoreFilter()).hasValue("country = 'FI'");
        assertThat(bind("dt is latest").metastoreFilter()).isEmpty();
        assertThat(PartitionFilter.parse("country = FI , dt  IS  LATEST")).hasToString("country=FI,dt is latest");
    }

    @Test
    void repeatedSpecsOr() {
        BoundPartitionFilter f = bind("country=FI", "country=SE,year=2020");
        assertThat(f.matches(row("FI", "2024-01-01", "1", "a"))).isTrue();
        assertThat(f.matches(row("SE", "2024-01-01", "2020", "a"))).isTrue();
        assertThat(f.matches(row("SE", "2024-01-01", "2021", "a"))).isFalse();
    }

    @Test
    void integerKeysCompareAsNumbersNotText() {
        BoundPartitionFilter f = bind("year>9");
        assertThat(f.matches(row("FI", "2024-01-01", "10", "a"))).isTrue();
        assertThat(f.matches(row("FI", "2024-01-01", "100", "a"))).isTrue();
        assertThat(f.matches(row("FI", "2024-01-01", "9", "a"))).isFalse();
    }

    @Test
    void dateKeysCompareAsDates() {
        BoundPartitionFilter f = bind("dt<2024-02-01");
        assertThat(f.matches(row("FI", "2024-01-31", "1", "a"))).isTrue();
        assertThat(f.matches(row("FI", "2024-02-01", "1", "a"))).isFalse();
    }

    @Test
    void inListAndNullChecks() {
        assertThat(bind("country in (FI, 'SE')").matches(row("SE", "2024-01-01", "1", "a"))).isTrue();
        assertThat(bind("country in (FI,SE)").matches(row("NO", "2024-01-01", "1", "a"))).isFalse();
        assertThat(bind("country is null").matches(row(null, "2024-01-01", "1", "a"))).isTrue();
        assertThat(bind("country IS NOT NULL").matches(row(null, "2024-01-01", "1", "a"))).isFalse();
        assertThat(bind("price is null").matches(row("FI", "2024-01-01", "1", "a"))).isFalse();
    }

    @Test
    void nullValuesFailEveryComparisonAsInSql() {
        Map<String, String> nullCountry = row(null, "2024-01-01", "1", "a");
        assertThat(bind("country!=FI").matches(nullCountry)).isFalse();
        assertThat(bind("country<ZZ").matches(nullCountry)).isFalse();
        assertThat(bind("country in (FI)").matches(nullCountry)).isFalse();
    }

    @Test
    void quotedValuesMayHoldCommasSpacesParenthesesAndDoubledQuotes() {
        assertThat(bind("city='Rio, RJ'").matches(row("BR", "2024-01-01", "1", "Rio, RJ"))).isTrue();
        assertThat(bind("city='O''Brien (x)'").matches(row("IE", "2024-01-01", "1", "O'Brien (x)"))).isTrue();
        assertThat(bind("city in ('a,b', 'c')").matches(row("X", "2024-01-01", "1", "a,b"))).isTrue();
        assertThat(bind("city = São Paulo ").matches(row("BR", "2024-01-01", "1", "São Paulo"))).isTrue();
    }

    @Test
    void keysAreCaseInsensitive() {
        assertThat(bind("COUNTRY=FI").matches(row("FI", "2024-01-01", "1", "a"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"country", "country=", "=FI", "country=FI,", ",country=FI", "country=FI,,dt=2024-01-01",
        "country='FI", "country=O'Brien", "country='a'b'", "country in (FI", "country in FI", "country ~ FI",
        "country is nul", "city=(x)", "1country=FI"})
    void malformedSpecsAreUsageErrorsQuotingTheSpec(String spec) {
        assertThatThrownBy(() -> PartitionFilter.parse(spec))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("\"" + spec + "\"");
    }

    @Test
    void unknownKeyIsAUsageErrorListingTheKeys() {
        assertThatThrownBy(() -> bind("yeer=2020"))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("yeer")
                .hasMessageContaining("country, dt, year");
    }

    @Test
    void valueOfTheWrongTypeIsAUsageErrorNamingTypeAndKey() {
        assertThatThrownBy(() -> bind("year>twenty"))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("\"twenty\" is not a valid int for partition key year");
        assertThatThrownBy(() -> bind("dt=2024-13-01")).hasMessageContaining("date");
        assertThatThrownBy(() -> bind("flag=maybe")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> bind("price>one")).hasMessageContaining("\"one\" is not a valid decimal(10,2)")
                .hasMessageContaining("a number like 12.5");
    }

    @Test
    void decimalDoubleAndTimestampKeysCompareAsValuesHere() {
        Table typed = new Table(new TableRef("db", "t"), List.of(new Column("x", "int")),
                List.of(new Column("price", "decimal(10,2)"), new Column("ratio", "double"), new Column("ts", "timestamp")),
                "s3://b/t", StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
        BoundPartitionFilter f = PartitionFilter.parse("price>=1.5,ratio<0.5,ts>=2024-01-01 10:00").bind(typed);

        assertThat(f.matches(Map.of("price", "1.50", "ratio", "0.25", "ts", "2024-01-01 10:00:00"))).isTrue();
        assertThat(f.matches(Map.of("price", "10.00", "ratio", "-1e3", "ts", "2024-02-01 00:00:00.5"))).isTrue();
        assertThat(f.matches(Map.of("price", "1.49", "ratio", "0.25", "ts", "2024-01-01 10:00:00"))).isFalse();
        assertThat(f.matches(Map.of("price", "1.50", "ratio", "0.5", "ts", "2024-01-01 10:00:00"))).isFalse();
        assertThat(f.matches(Map.of("price", "1.50", "ratio", "0.25", "ts", "2024-01-01 09:59:59.999"))).isFalse();
        assertThat(PartitionFilter.parse("ts=2024-01-01").bind(typed).matches(Map.of("price", "1", "ratio", "1",
                "ts", "2024-01-01 00:00:00"))).isTrue();
        // The metastore's filter would compare these as text ('10.00' < '9.00'): they are compared here only.
        assertThat(f.metastoreFilter()).isEmpty();
        assertThatThrownBy(() -> PartitionFilter.parse("ts>yesterday").bind(typed))
                .hasMessageContaining("a timestamp like 2024-01-31 10:00:00");
    }

    @Test
    void specOnAnUnpartitionedTableIsAUsageError() {
        Table plain = new Table(new TableRef("db", "plain"), List.of(new Column("x", "int")), List.of(), "s3://b/p",
                StorageFormat.PARQUET, "EXTERNAL_TABLE", Map.of());
        assertThatThrownBy(() -> PartitionFilter.parse("x=1").bind(plain))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("not partitioned");
        assertThat(PartitionFilter.all().bind(plain).isAll()).isTrue();
    }

    @Test
    void metastoreFilterRendersTypedLiterals() {
        assertThat(bind("country=FI,year>=2020,dt<2024-02-01").metastoreFilter())
                .contains("country = 'FI' and year >= 2020 and dt < '2024-02-01'");
        assertThat(bind("country in (FI,SE)", "year=7").metastoreFilter())
                .contains("((country = 'FI' or country = 'SE')) or (year = 7)");
    }

    @Test
    void metastoreFiltersGiveEachSpecOnItsOwn() {
        assertThat(bind("country=FI,year>=2020", "year=7").metastoreFilters())
                .contains(List.of("country = 'FI' and year >= 2020", "year = 7"));
        assertThat(bind("country=FI", "dt is null").metastoreFilters()).isEmpty();
    }

    @Test
    void metastoreFilterLeavesOutWhatItCannotSayExactly() {
        // NULL checks, booleans, collation-sensitive string ranges are evaluated locally only.
        assertThat(bind("country=FI,dt is null,flag=true,city>abc").metastoreFilter()).contains("country = 'FI'");
        assertThat(bind("city>=2024-01").metastoreFilter()).contains("city >= '2024-01'");
        assertThat(bind("country=FI", "dt is null").metastoreFilter()).isEmpty();
    }

    @Test
    void aQuoteInAValueNeverReachesTheMetastoreFilter() {
        BoundPartitionFilter f = bind("country='FI'' or country != ''x',year=1");
        assertThat(f.metastoreFilter()).contains("year = 1");
        assertThat(f.matches(row("FI' or country != 'x", "2024-01-01", "1", "a"))).isTrue();
        assertThat(f.matches(row("FI", "2024-01-01", "1", "a"))).isFalse();
        BoundPartitionFilter backslash = bind("city='a\\'' or 1=1'");
        assertThat(backslash.metastoreFilter()).isEmpty();
        assertThat(backslash.matches(row("X", "2024-01-01", "1", "a\\' or 1=1"))).isTrue();
    }

    @Test
    void toStringShowsTheNormalizedSpecs() {
        assertThat(PartitionFilter.parse("country = FI , city='Rio, RJ'", "dt is null"))
                .hasToString("country=FI,city='Rio, RJ' OR dt is null");
        assertThat(PartitionFilter.all()).hasToString("all partitions");
    }
}
