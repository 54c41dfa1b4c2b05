package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tableload.TableloadException;
import io.tableload.catalog.Column;
import io.tableload.catalog.Partition;
import io.tableload.catalog.Table;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves out the partitions a {@code --where} excludes by their partition values alone, before
 * their files are listed or fetched, as a SQL engine prunes partitions by its WHERE: with
 * {@code --where "dt >= '2024-06-01' AND amount > 100"}, only the partitions from June on.
 *
 * <p>DuckDB parses the expression ({@code json_serialize_sql}); of its top-level {@code AND}
 * terms, those that read partition columns only (no other column, subquery or random function)
 * are evaluated on a small table of each partition's typed values, exactly as the extract's
 * query would see them. A row can pass the {@code WHERE} only if every such term is true for its
 * partition, so a partition where one is false or null holds no row of the extract. Anything not
 * understood (an {@code OR} across kinds of column, a syntax error, a term DuckDB cannot bind
 * here) prunes nothing: the extract's own query still applies the whole expression, and reports
 * its errors.
 */
final class WherePruning {
    private static final Logger LOG = LoggerFactory.getLogger(WherePruning.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALUES = "tableload_partition_candidates";
    private static final String INDEX = "tableload_candidate";
    /** Functions whose value differs from one call to the next: a term calling one says nothing of a partition. */
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid", "uuidv4", "uuidv7",
            "nextval", "currval", "setseed");

    private WherePruning() {}

    /** The partitions among {@code partitions} of {@code table} that may hold rows {@code where} selects, in order. */
    static List<Partition> prune(Table table, List<Partition> partitions, String where) {
        if (table.partitionKeys().isEmpty() || partitions.isEmpty() || !mentionsAPartitionColumn(table, where)) {
            return partitions; // and DuckDB, which the extract opens anyway, stays off the planning's path
        }
        WhereExpression.check(where); // one expression, inside its parentheses
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbTable.inUtc(duckDb); // as the extract's query compares timestamps
            JsonNode statement = parse(duckDb, "SELECT * FROM " + VALUES + " WHERE (" + where + ")");
            if (statement == null) {
                return partitions;
            }
            JsonNode whereClause = statement.path("statements").path(0).path("node").path("where_clause");
            Set<String> keys = table.partitionKeys().stream().map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            List<JsonNode> terms = new ArrayList<>();
            for (JsonNode term : andTerms(whereClause)) {
                if (readsOnly(term, keys)) {
                    terms.add(term);
                }
            }
            if (terms.isEmpty()) {
                return partitions;
            }
            ((ObjectNode) statement.path("statements").path(0).path("node")).set("where_clause", and(terms));
            String query = deparse(duckDb, statement);
            List<Partition> kept = evaluate(duckDb, table, partitions, query);
            LOG.debug("--where keeps {} of {} partitions by their values: {}", kept.size(), partitions.size(), query);
            return kept;
        } catch (SQLException | IOException e) {
            LOG.debug("--where prunes no partition: {}", e.toString());
            return partitions;
        }
    }

    /** Whether a partition column's name stands as a word in {@code where}: no term can read one otherwise. */
    private static boolean mentionsAPartitionColumn(Table table, String where) {
        return table.partitionKeys().stream().anyMatch(key -> Pattern.compile("(?<![\\p{L}\\p{N}_$])"
                + Pattern.quote(key.name()) + "(?![\\p{L}\\p{N}_$])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(where).find());
    }

    /** DuckDB's parse tree of {@code sql}, or null when it does not parse. */
    static JsonNode parse(Connection duckDb, String sql) throws SQLException, IOException {
        try (PreparedStatement p = duckDb.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            p.setString(1, sql);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                JsonNode tree = JSON.readTree(r.getString(1));
                return tree.path("error").asBoolean(false) ? null : tree;
            }
        }
    }

    static String deparse(Connection duckDb, JsonNode statement) throws SQLException {
        try (PreparedStatement p = duckDb.prepareStatement("SELECT json_deserialize_sql(?::JSON)")) {
            p.setString(1, statement.toString());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    /** The terms of a top-level {@code AND}, nested ones flattened; the expression itself otherwise. */
    static List<JsonNode> andTerms(JsonNode expression) {
        if ("CONJUNCTION_AND".equals(expression.path("type").asText())) {
            List<JsonNode> terms = new ArrayList<>();
            expression.path("children").forEach(child -> terms.addAll(andTerms(child)));
            return terms;
        }
        return List.of(expression);
    }

    private static JsonNode and(List<JsonNode> terms) {
        if (terms.size() == 1) {
            return terms.get(0);
        }
        ObjectNode and = JSON.createObjectNode();
        and.put("class", "CONJUNCTION").put("type", "CONJUNCTION_AND").put("alias", "");
        ArrayNode children = and.putArray("children");
        terms.forEach(children::add);
        return and;
    }

    /** Whether {@code expression} reads no column, deterministically: a constant, as a comparison's other side. */
    static boolean isConstant(JsonNode expression) {
        Set<String> columns = new HashSet<>();
        return walk(expression, Set.of(), columns) && columns.isEmpty();
    }

    /** Whether {@code term} reads at least one column, and only unqualified partition columns, deterministically. */
    private static boolean readsOnly(JsonNode term, Set<String> keys) {
        Set<String> columns = new HashSet<>();
        return walk(term, keys, columns) && !columns.isEmpty();
    }

    private static boolean walk(JsonNode node, Set<String> keys, Set<String> columns) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                if (!walk(child, keys, columns)) {
                    return false;
                }
            }
            return true;
        }
        if (!node.isObject()) {
            return true;
        }
        String kind = node.path("class").asText("");
        switch (kind) {
            case "COLUMN_REF" -> {
                JsonNode names = node.path("column_names");
                if (names.size() != 1 || !keys.contains(names.get(0).asText().toLowerCase(Locale.ROOT))) {
                    return false; // another column, or one qualified by a name that means nothing here
                }
                columns.add(names.get(0).asText());
                return true;
            }
            case "SUBQUERY", "STAR", "WINDOW", "LAMBDA", "PARAMETER", "COLUMNS" -> {
                return false;
            }
            case "FUNCTION" -> {
                if (VOLATILE.contains(node.path("function_name").asText("").toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
            default -> { }
        }
        for (JsonNode child : node) {
            if (!walk(child, keys, columns)) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code query} over the candidates' typed partition values and keeps those it returns. */
    private static List<Partition> evaluate(Connection duckDb, Table table, List<Partition> partitions, String query)
            throws SQLException {
        List<Column> keys = table.partitionKeys();
        StringBuilder columns = new StringBuilder(INDEX + " INTEGER");
        for (Column key : keys) {
            columns.append(", ").append(DuckDbTable.quoteIdentifier(key.name())).append(' ')
                    .append(HiveType.of(key.type()).duckDbType());
        }
        try (Statement s = duckDb.createStatement()) {
            s.execute("CREATE TABLE " + VALUES + " (" + columns + ")");
        }
        try (PreparedStatement insert = duckDb.prepareStatement("INSERT INTO " + VALUES + " VALUES (?"
                + ", ?".repeat(keys.size()) + ")")) {
            for (int i = 0; i < partitions.size(); i++) {
                insert.setInt(1, i);
                for (int k = 0; k < keys.size(); k++) {
                    Column key = keys.get(k);
                    insert.setObject(k + 2, parsed(key, partitions.get(i).values().get(key.name())));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return selected(duckDb, partitions, "SELECT " + INDEX + " FROM (" + query + ")");
    }

    /** The items among {@code items} whose indexes {@code query} returns, in order. */
    static <T> List<T> selected(Connection duckDb, List<T> items, String query) throws SQLException {
        boolean[] keep = new boolean[items.size()];
        try (Statement s = duckDb.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                keep[r.getInt(1)] = true;
            }
        }
        List<T> kept = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                kept.add(items.get(i));
            }
        }
        return kept;
    }

    /** A partition's value as the extract's view types it; one it cannot type prunes nothing (as SQLException). */
    private static Object parsed(Column key, String raw) throws SQLException {
        try {
            return HiveType.of(key.type()).parse(key.name(), raw);
        } catch (TableloadException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }
}
