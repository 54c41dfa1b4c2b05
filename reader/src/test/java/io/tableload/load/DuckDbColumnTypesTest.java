package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuckDbColumnTypesTest {
    private static final String NESTED_STRUCT = "struct<a:int,b:array<struct<c:string,d:decimal(5,1)>>>";
    private static final String NESTED_STRUCT_IN_DUCKDB =
            "STRUCT(\"a\" INTEGER, \"b\" STRUCT(\"c\" VARCHAR, \"d\" DECIMAL(5,1))[])";

    /**
     * Mapped types other than STRUCTs, each under its Hive type. DuckDB
     * prints these exactly as the mapping writes them, so a DuckDB table can prove it.
     */
    private static final Map<String, String> SCALAR_AND_COLLECTION_TYPES = Map.ofEntries(
            Map.entry("tinyint", "TINYINT"),
            Map.entry("smallint", "SMALLINT"),
            Map.entry("int", "INTEGER"),
            Map.entry("bigint", "BIGINT"),
            Map.entry("float", "FLOAT"),
            Map.entry("double", "DOUBLE"),
            Map.entry("decimal(10,2)", "DECIMAL(10,2)"),
            Map.entry("decimal(38,38)", "DECIMAL(38,38)"),
            Map.entry("decimal", "DECIMAL(10,0)"),
            Map.entry("string", "VARCHAR"),
            Map.entry("boolean", "BOOLEAN"),
            Map.entry("date", "DATE"),
            Map.entry("timestamp", "TIMESTAMP"),
            Map.entry("timestamp with local time zone", "TIMESTAMP WITH TIME ZONE"),
            Map.entry("binary", "BLOB"),
            Map.entry("array<string>", "VARCHAR[]"),
            Map.entry("array<array<int>>", "INTEGER[][]"),
            Map.entry("map<string,int>", "MAP(VARCHAR, INTEGER)"),
            Map.entry("map<string,array<bigint>>", "MAP(VARCHAR, BIGINT[])"),
            Map.entry("array<map<date,binary>>", "MAP(DATE, BLOB)[]"));

    private static String duckDb(String hiveType) {
        Optional<String> type = DuckDbColumnTypes.of(hiveType);
        assertThat(type).as("DuckDB type of %s", hiveType).isPresent();
        return type.get();
    }

    @Test
    void everyPrimitiveMapsToTheTypeDuckDbReadsFromHiveParquet() {
        assertThat(duckDb("tinyint")).isEqualTo("TINYINT");
        assertThat(duckDb("smallint")).isEqualTo("SMALLINT");
        assertThat(duckDb("int")).isEqualTo("INTEGER");
        assertThat(duckDb("integer")).isEqualTo("INTEGER");
        assertThat(duckDb("bigint")).isEqualTo("BIGINT");
        assertThat(duckDb("float")).isEqualTo("FLOAT");
        assertThat(duckDb("double")).isEqualTo("DOUBLE");
        assertThat(duckDb("double precision")).isEqualTo("DOUBLE");
        assertThat(duckDb("string")).isEqualTo("VARCHAR");
        assertThat(duckDb("boolean")).isEqualTo("BOOLEAN");
        assertThat(duckDb("date")).isEqualTo("DATE");
        assertThat(duckDb("timestamp")).isEqualTo("TIMESTAMP");
        assertThat(duckDb("timestamp with local time zone")).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(duckDb("binary")).isEqualTo("BLOB");
    }

    @Test
    void varcharAndCharBecomeVarcharWithoutTheirLength() {
        assertThat(duckDb("varchar(20)")).isEqualTo("VARCHAR");
        assertThat(duckDb("char(3)")).isEqualTo("VARCHAR");
        assertThat(duckDb("varchar(65535)")).isEqualTo("VARCHAR");
    }

    @Test
    void decimalKeepsItsPrecisionAndScaleAndDefaultsLikeHive() {
        assertThat(duckDb("decimal(10,2)")).isEqualTo("DECIMAL(10,2)");
        assertThat(duckDb("numeric(5,1)")).isEqualTo("DECIMAL(5,1)");
        assertThat(duckDb("decimal(7)")).isEqualTo("DECIMAL(7,0)");
        assertThat(duckDb("decimal")).isEqualTo("DECIMAL(10,0)");
        assertThat(duckDb("decimal(1,0)")).isEqualTo("DECIMAL(1,0)");
        assertThat(duckDb("decimal(38,38)")).isEqualTo("DECIMAL(38,38)");
    }

    @Test
    void decimalOutsideTheLimitsOfBothSystemsHasNoType() {
        for (String type : List.of("decimal(40,2)", "decimal(39)", "decimal(0,0)", "decimal(5,6)", "decimal()",
                "decimal(10,)", "decimal(,2)", "decimal(10,2,1)", "decimal(-1,0)", "decimal(99999999999999999999,2)",
                "decimal(10,2")) {
            assertThat(DuckDbColumnTypes.of(type)).as(type).isEmpty();
        }
    }

    @Test
    void nestedTypesMapRecursively() {
        assertThat(duckDb("array<string>")).isEqualTo("VARCHAR[]");
        assertThat(duckDb("array<array<int>>")).isEqualTo("INTEGER[][]");
        assertThat(duckDb("map<string,int>")).isEqualTo("MAP(VARCHAR, INTEGER)");
        assertThat(duckDb("map<string,array<decimal(12,3)>>")).isEqualTo("MAP(VARCHAR, DECIMAL(12,3)[])");
        assertThat(duckDb("array<map<int,string>>")).isEqualTo("MAP(INTEGER, VARCHAR)[]");
        assertThat(duckDb("struct<a:int,b:string>")).isEqualTo("STRUCT(\"a\" INTEGER, \"b\" VARCHAR)");
        assertThat(duckDb(NESTED_STRUCT)).isEqualTo(NESTED_STRUCT_IN_DUCKDB);
        assertThat(duckDb("map<string,struct<x:map<int,array<binary>>>>"))
                .isEqualTo("MAP(VARCHAR, STRUCT(\"x\" MAP(INTEGER, BLOB[])))");
    }

    @Test
    void structFieldNamesAreDoubleQuotedWithEmbeddedQuotesDoubled() {
        assertThat(duckDb("struct<`a b`:int>")).isEqualTo("STRUCT(\"a b\" INTEGER)");
        assertThat(duckDb("struct<`say \"hi\"`:int>")).isEqualTo("STRUCT(\"say \"\"hi\"\"\" INTEGER)");
        assertThat(duckDb("struct<`tick``tock`:int>")).isEqualTo("STRUCT(\"tick`tock\" INTEGER)");
        assertThat(duckDb("struct<`a:b,c<d>`:int>")).isEqualTo("STRUCT(\"a:b,c<d>\" INTEGER)");
        assertThat(duckDb("struct<select:int,from:string>")).isEqualTo("STRUCT(\"select\" INTEGER, \"from\" VARCHAR)");
        // Field names keep their case; only type keywords are case-insensitive.
        assertThat(duckDb("struct<CamelCase:int>")).isEqualTo("STRUCT(\"CamelCase\" INTEGER)");
    }

    @Test
    void aBareStructFieldNameMayHoldSpacesAsHiveWritesItWithoutBackquotes() {
        assertThat(duckDb("struct<a b:int>")).isEqualTo("STRUCT(\"a b\" INTEGER)");
        assertThat(duckDb("struct<x.y$z:int>")).isEqualTo("STRUCT(\"x.y$z\" INTEGER)");
    }

    @Test
    void whitespaceBetweenTokensAndTheCaseOfKeywordsAreTolerated() {
        assertThat(duckDb("  INT  ")).isEqualTo("INTEGER");
        assertThat(duckDb("Decimal ( 10 , 2 )")).isEqualTo("DECIMAL(10,2)");
        assertThat(duckDb("VarChar (20)")).isEqualTo("VARCHAR");
        assertThat(duckDb("DOUBLE \t PRECISION")).isEqualTo("DOUBLE");
        assertThat(duckDb("Timestamp  WITH\tlocal\nTime Zone")).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(duckDb(" MAP < STRING , Array < INT > > ")).isEqualTo("MAP(VARCHAR, INTEGER[])");
        assertThat(duckDb("STRUCT < a : INT , `b c` : ARRAY<String> >"))
                .isEqualTo("STRUCT(\"a\" INTEGER, \"b c\" VARCHAR[])");
        assertThat(duckDb("struct<\n  a:int,\n  b:string\n>")).isEqualTo("STRUCT(\"a\" INTEGER, \"b\" VARCHAR)");
    }

    @Test
    void uniontypeHasNoDuckDbTypeEvenWhenNested() {
        for (String type : List.of("uniontype<int,string>", "UNIONTYPE<int>", "array<uniontype<int,string>>",
                "map<string,uniontype<int,string>>", "struct<a:int,b:uniontype<int,string>>",
                "struct<a:array<struct<u:uniontype<int>>>>")) {
            assertThat(DuckDbColumnTypes.of(type)).as(type).isEmpty();
        }
    }

    @Test
    void typesThatParquetCannotHoldOrThatAreUnknownHaveNoType() {
        for (String type : List.of("foo", "void", "interval_day_time", "interval_year_month", "int8", "list<int>",
                "timestamp with time zone", "timestamp with local time", "long")) {
            assertThat(DuckDbColumnTypes.of(type)).as(type).isEmpty();
        }
    }

    @Test
    void malformedTypesHaveNoType() {
        for (String type : List.of("", "   ", "array<", "array<>", "array<int", "array<int>>", "array<int> x",
                "map<string>", "map<string,int,int>", "struct<a int>", "struct<>", "struct<a:int,>", "struct<:int>",
                "struct<a:>", "struct<``:int>", "struct<`a:int>", "struct<a:int", "varchar", "varchar()",
                "varchar(0)", "varchar(x)", "char(3,1)", "string(5)", "int(5)", "double precisionx", "int,string",
                "<int>", "array<int>;")) {
            assertThat(DuckDbColumnTypes.of(type)).as("[%s]", type).isEmpty();
        }
        assertThat(DuckDbColumnTypes.of(null)).isEmpty();
    }

    @Test
    void structFieldNamesThatDuckDbWouldTakeForTheSameHaveNoType() {
        assertThat(DuckDbColumnTypes.of("struct<a:int,A:string>")).isEmpty();
        assertThat(DuckDbColumnTypes.of("struct<a:int,`a`:string>")).isEmpty();
        // DuckDB folds ASCII case only: these two are different fields to it.
        assertThat(duckDb("struct<é:int,É:string>")).isEqualTo("STRUCT(\"é\" INTEGER, \"É\" VARCHAR)");
    }

    @Test
    void absurdlyDeepNestingHasNoTypeInsteadOfOverflowingTheStack() {
        String deep = "array<".repeat(100_000) + "int" + ">".repeat(100_000);
        String reasonable = "array<".repeat(50) + "int" + ">".repeat(50);

        assertThat(DuckDbColumnTypes.of(deep)).isEmpty();
        assertThat(duckDb(reasonable)).isEqualTo("INTEGER" + "[]".repeat(50));
    }

    @Test
    void duckDbAcceptsEveryMappedTypeAndReportsItBackUnchanged() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            int table = 0;
            for (Map.Entry<String, String> e : SCALAR_AND_COLLECTION_TYPES.entrySet()) {
                String type = duckDb(e.getKey());
                assertThat(type).isEqualTo(e.getValue());
                String name = "t" + table++;

                assertThat(createAndDescribe(connection, name, type)).as(e.getKey()).isEqualTo(type);
            }
        }
    }

    @Test
    void duckDbAcceptsEveryMappedStructType() throws SQLException {
        List<String> structs = List.of(NESTED_STRUCT, "struct<`a b`:int>", "struct<`say \"hi\"`:int>",
                "struct<`tick``tock`:int>", "struct<select:int,from:string>", "struct<a b:int>",
                "struct<x.y$z:int>", "struct<é:int,É:string>", "map<struct<k:int>,struct<v:array<string>>>",
                "array<struct<a:timestamp with local time zone,b:char(3)>>");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            int table = 0;
            for (String hiveType : structs) {
                String name = "s" + table++;

                assertThat(createAndDescribe(connection, name, duckDb(hiveType))).as(hiveType).contains("STRUCT(");
            }
        }
    }

    @Test
    void aWhereClauseOnStructFieldsBindsAgainstTheEmptyTable() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE t (\"c\" " + duckDb(NESTED_STRUCT) + ", \"q\" " + duckDb("struct<`a b`:int>")
                        + ", \"m\" " + duckDb("map<string,int>") + ", \"d\" " + duckDb("decimal(10,2)") + ")");
            }

            for (String where : List.of("c.a > 1", "c.b[1].d > 2.5 AND c.b[1].c LIKE 'x%'", "len(c.b) = 0",
                    "q.\"a b\" = 3", "m['k'] > 1", "d BETWEEN 1 AND 2")) {
                try (PreparedStatement bound = connection.prepareStatement("EXPLAIN SELECT * FROM t WHERE " + where)) {
                    assertThat(bound).as(where).isNotNull();
                }
            }
            // Binding really checks the columns: a field the struct does not have is rejected.
            assertThatThrownBy(() -> connection.prepareStatement("EXPLAIN SELECT * FROM t WHERE c.missing > 1").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("missing");
        }
    }

    /** Creates a one-column table of the given type and returns the type DuckDB reports for it. */
    private static String createAndDescribe(Connection connection, String table, String type) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE " + table + " (\"c\" " + type + ")");
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = 'c'")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
