package io.tableload.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tableload.catalog.Column;
import io.tableload.catalog.Table;
import io.tableload.load.IcebergManifests.Entry;
import io.tableload.load.IcebergMetadata.Field;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves out the data files of an Iceberg table where a {@code --where} can select no row, by
 * the least and greatest value of each column that the manifests keep per file, as Iceberg's own
 * scans skip files: with {@code --where "id BETWEEN 1000 AND 2000"}, the files whose ids all lie
 * outside are not fetched.
 *
 * <p>Of the expression's top-level {@code AND} terms, those comparing one column with a constant
 * are used ({@code = < <= > >=}, {@code BETWEEN}, {@code IN}, and for strings {@code LIKE 'ab%'}
 * and {@code starts_with}): {@code amount > 100} can hold in a file only if its greatest amount
 * is above 100. DuckDB parses the expression and evaluates
 * these conditions on a small table of the files' bounds, typed as the extract's view types the
 * columns, so the constants compare as in the extract's query. A file without bounds for a
 * column is kept, and so are all files for columns of types whose bounds are not read here
 * (floating point, as the bounds leave NaN out, nanosecond timestamps, nested types). Anything
 * not understood prunes nothing: the extract's query still applies the whole expression.
 */
final class BoundsPruning {
    private static final Logger LOG = LoggerFactory.getLogger(BoundsPruning.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDS = "tableload_file_bounds";
    private static final String INDEX = "tableload_file";
    private static final String LESS = "COMPARE_LESSTHAN";
    private static final String AT_MOST = "COMPARE_LESSTHANOREQUALTO";
    private static final String GREATER = "COMPARE_GREATERTHAN";
    private static final String AT_LEAST = "COMPARE_GREATERTHANOREQUALTO";
    private static final String EQUAL = "COMPARE_EQUAL";
    /** A comparison read the other way round: {@code 5 < id} is {@code id > 5}. */
    private static final Map<String, String> FLIPPED = Map.of(LESS, GREATER, AT_MOST, AT_LEAST, GREATER, LESS,
            AT_LEAST, AT_MOST, EQUAL, EQUAL);
    /** DuckDB's names of {@code LIKE} and the functions testing a string's start. */
    private static final Set<String> PREFIX_FUNCTIONS = Set.of("~~", "starts_with", "prefix");
    /** Iceberg types whose bounds read back exactly as the values the extract's query compares. */
    private static final Set<String> READ_TYPES = Set.of("int", "long", "date", "timestamp", "timestamptz", "string");

    /** A column the files may have bounds for: its field id, Iceberg type, and type in the extract's view. */
    private record Bounded(int fieldId, JsonNode icebergType, String duckDbType) {
    }

    private BoundsPruning() {
    }

    /**
     * The files among {@code files} whose columns' bounds leave room for a row {@code where}
     * selects, in order.
     *
     * @param table the table as the extract's view declares it (partition keys apart)
     * @param fields the schema's top-level fields, for their ids and Iceberg types
     */
    static List<Entry> prune(Table table, List<Field> fields, List<Entry> files, String where) {
        Map<String, Bounded> bounded = bounded(table, fields);
        if (files.isEmpty() || !mentionsOneOf(bounded.keySet(), where)) {
            return files; // and DuckDB stays off the planning's path
        }
        WhereExpression.check(where); // one expression, inside its parentheses
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckDbTable.inUtc(duckDb); // as the extract's query compares timestamps
            JsonNode statement = WherePruning.parse(duckDb, "SELECT * FROM " + BOUNDS + " WHERE (" + where + ")");
            if (statement == null) {
                return files;
            }
            ObjectNode node = (ObjectNode) statement.path("statements").path(0).path("node");
            List<Bounded> used = new ArrayList<>();
            List<JsonNode> conditions = new ArrayList<>();
            for (JsonNode term : WherePruning.andTerms(node.path("where_clause"))) {
                conditions.addAll(conditions(term, bounded, used));
            }
            if (conditions.isEmpty()) {
                return files;
            }
            ArrayNode select = JSON.createArrayNode().add(columnRef(INDEX));
            conditions.forEach(select::add);
            node.set("select_list", select);
            node.set("where_clause", NullNode.getInstance());
            String query = WherePruning.deparse(duckDb, statement);
            List<Entry> kept = evaluate(duckDb, files, used, conditions.size(), query);
            LOG.debug("--where keeps {} of {} files by their columns' bounds: {}", kept.size(), files.size(), query);
            return kept;
        } catch (SQLException | IOException e) {
            LOG.debug("--where prunes no file by its bounds: {}", e.toString());
            return files;
        }
    }

    /** The table's columns whose bounds are read, by their names in lower case. */
    private static Map<String, Bounded> bounded(Table table, List<Field> fields) {
        Map<String, Bounded> bounded = new LinkedHashMap<>();
        for (Column c : table.columns()) {
            Optional<String> duckDbType = DuckDbColumnTypes.of(c.type());
            for (Field f : fields) {
                String type = f.type().asText().toLowerCase(Locale.ROOT);
                if (f.name().equalsIgnoreCase(c.name()) && duckDbType.isPresent()
                        && (READ_TYPES.contains(type) || type.startsWith("decimal("))) {
                    bounded.put(c.name().toLowerCase(Locale.ROOT), new Bounded(f.id(), f.type(), duckDbType.get()));
                }
            }
        }
        return bounded;
    }

    /** Whether one of {@code columns} stands as a word in {@code where}: no term can compare one otherwise. */
    private static boolean mentionsOneOf(Set<String> columns, String where) {
        return columns.stream().anyMatch(c -> Pattern.compile("(?<![\\p{L}\\p{N}_$])" + Pattern.quote(c)
                + "(?![\\p{L}\\p{N}_$])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(where).find());
    }

    /**
     * What a term says of a file's bounds, as conditions on {@code lo_N} and {@code hi_N} (the
     * bounds of {@code used}'s N-th column): each must not be false for the file to hold a row
     * the term selects. None for a term of another shape.
     */
    private static List<JsonNode> conditions(JsonNode term, Map<String, Bounded> bounded, List<Bounded> used) {
        String kind = term.path("class").asText();
        String type = term.path("type").asText();
        if (kind.equals("COMPARISON") && FLIPPED.containsKey(type)) {
            Optional<Bounded> left = column(term.path("left"), bounded);
            Optional<Bounded> right = column(term.path("right"), bounded);
            if (left.isPresent() && WherePruning.isConstant(term.path("right"))) {
                return compared(type, index(left.get(), used), term.path("right"));
            }
            if (right.isPresent() && WherePruning.isConstant(term.path("left"))) {
                return compared(FLIPPED.get(type), index(right.get(), used), term.path("left"));
            }
        } else if (kind.equals("BETWEEN")) {
            Optional<Bounded> input = column(term.path("input"), bounded);
            if (input.isPresent() && WherePruning.isConstant(term.path("lower"))
                    && WherePruning.isConstant(term.path("upper"))) {
                int i = index(input.get(), used);
                return List.of(compare(AT_LEAST, columnRef("hi_" + i), term.path("lower")),
                        compare(AT_MOST, columnRef("lo_" + i), term.path("upper")));
            }
        } else if (kind.equals("FUNCTION") && PREFIX_FUNCTIONS.contains(term.path("function_name").asText())
                && term.path("children").size() == 2) {
            Optional<Bounded> input = column(term.path("children").get(0), bounded);
            JsonNode value = term.path("children").get(1);
            Optional<String> prefix = input.isPresent() && input.get().icebergType().asText().equals("string")
                    ? prefix(term.path("function_name").asText(), value) : Optional.empty();
            if (prefix.isPresent()) {
                return prefixed(index(input.get(), used), value, prefix.get());
            }
        } else if (type.equals("COMPARE_IN") && term.path("children").size() > 1) {
            Optional<Bounded> input = column(term.path("children").get(0), bounded);
            List<JsonNode> values = new ArrayList<>();
            term.path("children").forEach(values::add);
            values = values.subList(1, values.size());
            if (input.isPresent() && values.stream().allMatch(WherePruning::isConstant)) {
                int i = index(input.get(), used);
                ArrayNode any = JSON.createArrayNode();
                for (JsonNode value : values) {
                    any.add(conjunction("CONJUNCTION_AND", compared(EQUAL, i, value)));
                }
                return List.of(values.size() == 1 ? any.get(0) : conjunction("CONJUNCTION_OR", any));
            }
        }
        return List.of();
    }

    /**
     * The prefix a string must have for {@code LIKE} ({@code ~~}) with a literal pattern of a
     * prefix then {@code %} (no other wildcard), or for {@code starts_with} and {@code prefix}
     * with a literal; empty for any other pattern or value, and for an empty prefix.
     */
    private static Optional<String> prefix(String function, JsonNode value) {
        JsonNode literal = value.path("value");
        if (!value.path("class").asText().equals("CONSTANT") || literal.path("is_null").asBoolean(true)
                || !literal.path("type").path("id").asText().equals("VARCHAR")) {
            return Optional.empty();
        }
        String text = literal.path("value").asText();
        if (function.equals("~~")) {
            String head = text.endsWith("%") ? text.substring(0, text.length() - 1) : null;
            text = head == null || head.contains("%") || head.contains("_") ? "" : head;
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /**
     * A string with {@code prefix} said of the bounds of {@code used}'s {@code i}-th column: such
     * strings run from the prefix up to, not including, the least string after all of them (the
     * prefix with its last character one higher). {@code value} is the constant to reword.
     */
    private static List<JsonNode> prefixed(int i, JsonNode value, String prefix) {
        List<JsonNode> conditions = new ArrayList<>();
        conditions.add(compare(AT_LEAST, columnRef("hi_" + i), text(value, prefix)));
        int[] points = prefix.codePoints().toArray();
        int n = points.length;
        while (n > 0 && points[n - 1] == Character.MAX_CODE_POINT) {
            n--; // nothing comes after the highest character: the one before it goes up instead
        }
        if (n > 0) {
            int next = points[n - 1] + 1;
            points[n - 1] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
            conditions.add(compare(LESS, columnRef("lo_" + i), text(value, new String(points, 0, n))));
        }
        return conditions;
    }

    /** A copy of the string constant {@code value} holding {@code text} instead. */
    private static JsonNode text(JsonNode value, String text) {
        ObjectNode copy = value.deepCopy();
        ((ObjectNode) copy.path("value")).put("value", text);
        return copy;
    }

    /** {@code column <op> value} said of the bounds of {@code used}'s {@code i}-th column. */
    private static List<JsonNode> compared(String op, int i, JsonNode value) {
        return switch (op) {
            case LESS, AT_MOST -> List.of(compare(op, columnRef("lo_" + i), value));
            case GREATER, AT_LEAST -> List.of(compare(op, columnRef("hi_" + i), value));
            default -> List.of(compare(AT_MOST, columnRef("lo_" + i), value),
                    compare(AT_LEAST, columnRef("hi_" + i), value));
        };
    }

    /** The bounded column {@code node} reads, when it is a column reference alone. */
    private static Optional<Bounded> column(JsonNode node, Map<String, Bounded> bounded) {
        JsonNode names = node.path("column_names");
        if (!node.path("class").asText().equals("COLUMN_REF") || names.size() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(bounded.get(names.get(0).asText().toLowerCase(Locale.ROOT)));
    }

    private static int index(Bounded column, List<Bounded> used) {
        int i = used.indexOf(column);
        if (i < 0) {
            used.add(column);
            i = used.size() - 1;
        }
        return i;
    }

    private static ObjectNode compare(String op, JsonNode left, JsonNode right) {
        ObjectNode comparison = JSON.createObjectNode();
        comparison.put("class", "COMPARISON").put("type", op).put("alias", "");
        comparison.set("left", left.deepCopy());
        comparison.set("right", right.deepCopy());
        return comparison;
    }

    private static ObjectNode conjunction(String type, Iterable<JsonNode> children) {
        ObjectNode conjunction = JSON.createObjectNode();
        conjunction.put("class", "CONJUNCTION").put("type", type).put("alias", "");
        ArrayNode array = conjunction.putArray("children");
        children.forEach(array::add);
        return conjunction;
    }

    private static ObjectNode columnRef(String name) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("class", "COLUMN_REF").put("type", "COLUMN_REF").put("alias", "");
        ref.putArray("column_names").add(name);
        return ref;
    }

    /**
     * Runs {@code query} (the file's index, then each condition) over the files' bounds, and
     * keeps the files where no condition is false: a missing bound makes a condition null.
     */
    private static List<Entry> evaluate(Connection duckDb, List<Entry> files, List<Bounded> used, int conditions,
            String query) throws SQLException {
        StringBuilder columns = new StringBuilder(INDEX + " INTEGER");
        for (int i = 0; i < used.size(); i++) {
            columns.append(", lo_").append(i).append(' ').append(used.get(i).duckDbType())
                    .append(", hi_").append(i).append(' ').append(used.get(i).duckDbType());
        }
        try (Statement s = duckDb.createStatement()) {
            s.execute("CREATE TABLE " + BOUNDS + " (" + columns + ")");
        }
        try (PreparedStatement insert = duckDb.prepareStatement("INSERT INTO " + BOUNDS + " VALUES (?"
                + ", ?, ?".repeat(used.size()) + ")")) {
            for (int f = 0; f < files.size(); f++) {
                insert.setInt(1, f);
                for (int i = 0; i < used.size(); i++) {
                    insert.setString(2 + 2 * i, text(files.get(f).lowerBounds(), used.get(i)));
                    insert.setString(3 + 2 * i, text(files.get(f).upperBounds(), used.get(i)));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<String> names = new ArrayList<>(List.of(INDEX));
        List<String> notFalse = new ArrayList<>();
        for (int c = 0; c < conditions; c++) {
            names.add("c" + c);
            notFalse.add("c" + c + " IS NOT FALSE");
        }
        return WherePruning.selected(duckDb, files, "SELECT " + INDEX + " FROM (" + query + ") AS b("
                + String.join(", ", names) + ") WHERE " + String.join(" AND ", notFalse));
    }

    /** A file's bound of a column as text DuckDB casts to the column's type; null when it has none. */
    private static String text(Map<Integer, ByteBuffer> bounds, Bounded column) {
        ByteBuffer bound = bounds.get(column.fieldId());
        return bound == null ? null : IcebergTypes.boundText(bound, "identity", column.icebergType()).orElse(null);
    }
}
