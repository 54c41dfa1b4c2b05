package io.tableload.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Translates a Hive Metastore column type ({@code int}, {@code decimal(10,2)},
 * {@code map<string,array<int>>}, {@code struct<a:int,b:string>}, ...) to the DuckDB type that
 * DuckDB reports for that column when it reads a Parquet file written by Hive or Spark.
 *
 * <p>The result declares the columns of an empty DuckDB table shaped like the Hive table, so a
 * user's WHERE expression can be bound against the table's columns before anything is
 * downloaded. A type with no faithful DuckDB counterpart ({@code uniontype}, interval types,
 * {@code void}), and any text that is not a well-formed Hive type, has no translation: a wrong
 * guess would let an expression pass that fails on the real data, or reject one that works.
 *
 * <p>The parser is a small recursive descent over the grammar
 * <pre>
 * type   := primitive | array '&lt;' type '&gt;' | map '&lt;' type ',' type '&gt;'
 *         | struct '&lt;' field (',' field)* '&gt;'
 * field  := name ':' type
 * </pre>
 * Keywords are matched case-insensitively and whitespace is allowed between any two tokens.
 */
final class DuckDbColumnTypes {
    /** Hive's precision and scale for a {@code decimal} written without them. */
    private static final int DEFAULT_DECIMAL_PRECISION = 10;
    private static final int DEFAULT_DECIMAL_SCALE = 0;
    /** Both Hive and DuckDB keep at most 38 decimal digits. */
    private static final int MAX_DECIMAL_PRECISION = 38;
    /**
     * Far deeper than any real schema; it only keeps a pathological type string from exhausting
     * the stack of this recursive parser.
     */
    private static final int MAX_NESTING = 100;

    private DuckDbColumnTypes() {
    }

    /**
     * Returns the DuckDB type for a Hive column type, or empty when there is none: the type has
     * no faithful DuckDB counterpart, or the text is not a well-formed Hive type.
     */
    static Optional<String> of(String hiveType) {
        if (hiveType == null) {
            return Optional.empty();
        }
        Parser parser = new Parser(hiveType);
        try {
            String duckDbType = parser.type(0);
            parser.expectEnd();
            return Optional.of(duckDbType);
        } catch (NotMapped e) {
            return Optional.empty();
        }
    }

    /** A decimal type's digits in all and after the point. */
    record Decimal(int precision, int scale) {
    }

    /** The precision and scale of a Hive {@code decimal} type; empty for any other type. */
    static Optional<Decimal> decimal(String hiveType) {
        return of(hiveType).filter(t -> t.startsWith("DECIMAL(")).map(t -> {
            String[] digits = t.substring("DECIMAL(".length(), t.length() - 1).split(",");
            return new Decimal(Integer.parseInt(digits[0]), Integer.parseInt(digits[1]));
        });
    }

    /** Whether a DuckDB type this class returns is a list, map or struct. */
    static boolean isNested(String duckDbType) {
        return duckDbType.endsWith("[]") || duckDbType.startsWith("MAP(") || duckDbType.startsWith("STRUCT(");
    }

    /**
     * Thrown anywhere in the parse to abandon it: the caller only needs to know that there is no
     * type, so one shared instance without a stack trace is enough.
     */
    private static final class NotMapped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotMapped INSTANCE = new NotMapped();

        private NotMapped() {
            super("no DuckDB type", null, false, false);
        }
    }

    /** One parse of one type string; {@code position} only moves forward. */
    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        /** Parses one type at the current position; {@code depth} counts enclosing types. */
        String type(int depth) {
            if (depth > MAX_NESTING) {
                throw NotMapped.INSTANCE;
            }
            String keyword = keyword();
            return switch (keyword) {
                case "tinyint" -> "TINYINT";
                case "smallint" -> "SMALLINT";
                case "int", "integer" -> "INTEGER";
                case "bigint" -> "BIGINT";
                case "float" -> "FLOAT";
                case "double" -> {
                    skipOptionalKeyword("precision");
                    yield "DOUBLE";
                }
                case "decimal", "numeric" -> decimal();
                case "string" -> "VARCHAR";
                case "varchar", "char" -> {
                    // DuckDB's VARCHAR has no length; Hive's is only a write-time limit.
                    length();
                    yield "VARCHAR";
                }
                case "boolean" -> "BOOLEAN";
                case "date" -> "DATE";
                case "timestamp" -> timestamp();
                case "binary" -> "BLOB";
                case "array" -> array(depth);
                case "map" -> map(depth);
                case "struct" -> struct(depth);
                // uniontype has no DuckDB equivalent that Parquet readers produce; interval
                // types and void cannot be stored in Parquet at all; anything else is unknown.
                default -> throw NotMapped.INSTANCE;
            };
        }

        /** {@code decimal}, {@code decimal(p)} or {@code decimal(p,s)}, after the keyword. */
        private String decimal() {
            int precision = DEFAULT_DECIMAL_PRECISION;
            int scale = DEFAULT_DECIMAL_SCALE;
            if (skipOptional('(')) {
                precision = number();
                scale = skipOptional(',') ? number() : 0;
                expect(')');
            }
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
                throw NotMapped.INSTANCE;
            }
            return "DECIMAL(" + precision + "," + scale + ")";
        }

        /** The {@code (n)} that Hive requires after {@code varchar} and {@code char}. */
        private void length() {
            expect('(');
            if (number() < 1) {
                throw NotMapped.INSTANCE;
            }
            expect(')');
        }

        /** {@code timestamp} or {@code timestamp with local time zone}, after the first word. */
        private String timestamp() {
            if (!skipOptionalKeyword("with")) {
                return "TIMESTAMP";
            }
            // Hive's only zoned timestamp is "with local time zone": an instant, which is what
            // DuckDB's TIMESTAMP WITH TIME ZONE holds too.
            for (String word : List.of("local", "time", "zone")) {
                if (!keyword().equals(word)) {
                    throw NotMapped.INSTANCE;
                }
            }
            return "TIMESTAMP WITH TIME ZONE";
        }

        private String array(int depth) {
            expect('<');
            String element = type(depth + 1);
            expect('>');
            return element + "[]";
        }

        private String map(int depth) {
            expect('<');
            String key = type(depth + 1);
            expect(',');
            String value = type(depth + 1);
            expect('>');
            return "MAP(" + key + ", " + value + ")";
        }

        private String struct(int depth) {
            expect('<');
            List<String> fields = new ArrayList<>();
            Set<String> foldedNames = new HashSet<>();
            do {
                // Hive allows struct<>, DuckDB has no empty STRUCT: expect a name right away.
                String name = fieldName();
                // DuckDB compares field names ignoring ASCII case only, and rejects a STRUCT
                // whose names collide that way, as Spark may write "a" and "A".
                if (!foldedNames.add(asciiLowerCase(name))) {
                    throw NotMapped.INSTANCE;
                }
                expect(':');
                fields.add(DuckDbTable.quoteIdentifier(name) + " " + type(depth + 1)); // quoted: never a keyword
            } while (skipOptional(','));
            expect('>');
            return "STRUCT(" + String.join(", ", fields) + ")";
        }

        /**
         * A struct field name: either backquoted, where a doubled backquote stands for one as in
         * HiveQL, or bare. A bare name may hold letters, digits, '_', '.', '$' and spaces,
         * as Hive's own type parser allows: Hive writes a field declared as {@code `a b`} back
         * to the metastore as {@code a b}, without the quotes.
         */
        private String fieldName() {
            skipWhitespace();
            if (position < text.length() && text.charAt(position) == '`') {
                return backquotedName();
            }
            int start = position;
            while (position < text.length() && isBareNameChar(text.charAt(position))) {
                position++;
            }
            // Spaces before the name are skipped above, those after it are not part of it.
            String name = text.substring(start, position).stripTrailing();
            if (name.isEmpty()) {
                throw NotMapped.INSTANCE;
            }
            return name;
        }

        private String backquotedName() {
            StringBuilder name = new StringBuilder();
            position++; // the opening backquote
            while (true) {
                if (position >= text.length()) {
                    throw NotMapped.INSTANCE; // never closed
                }
                char c = text.charAt(position++);
                if (c != '`') {
                    name.append(c);
                } else if (position < text.length() && text.charAt(position) == '`') {
                    name.append('`');
                    position++;
                } else {
                    break;
                }
            }
            // DuckDB rejects a zero-length identifier.
            if (name.length() == 0) {
                throw NotMapped.INSTANCE;
            }
            return name.toString();
        }

        private static boolean isBareNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$' || c == ' ';
        }

        /**
         * The next run of ASCII letters, digits and underscores, lower-cased; empty when the
         * next token is punctuation or the text has ended.
         */
        private String keyword() {
            skipWhitespace();
            int start = position;
            while (position < text.length() && isKeywordChar(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position).toLowerCase(Locale.ROOT);
        }

        private static boolean isKeywordChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }

        /** Consumes the keyword if it comes next; otherwise leaves the position where it was. */
        private boolean skipOptionalKeyword(String expected) {
            int start = position;
            if (keyword().equals(expected)) {
                return true;
            }
            position = start;
            return false;
        }

        /**
         * A non-negative decimal number. More than nine digits cannot be a valid precision,
         * scale or length, and could overflow an int, so they end the parse.
         */
        private int number() {
            skipWhitespace();
            int start = position;
            while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            int digits = position - start;
            if (digits == 0 || digits > 9) {
                throw NotMapped.INSTANCE;
            }
            return Integer.parseInt(text, start, position, 10);
        }

        private void expect(char punctuation) {
            if (!skipOptional(punctuation)) {
                throw NotMapped.INSTANCE;
            }
        }

        /** Consumes the punctuation if it comes next. */
        private boolean skipOptional(char punctuation) {
            skipWhitespace();
            if (position < text.length() && text.charAt(position) == punctuation) {
                position++;
                return true;
            }
            return false;
        }

        /** Anything left after a complete type, such as {@code int>} or {@code int x}, is an error. */
        void expectEnd() {
            skipWhitespace();
            if (position != text.length()) {
                throw NotMapped.INSTANCE;
            }
        }

        private void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }
    }

    private static String asciiLowerCase(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}
