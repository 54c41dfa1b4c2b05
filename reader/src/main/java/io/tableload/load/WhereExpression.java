package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;

/**
 * Checks that a {@code --where} text is one SQL expression that stays inside the parentheses it
 * is put in. DuckDB's JDBC driver runs every statement of a multi-statement string, even through
 * {@code prepareStatement}, so a {@code ;} could smuggle in a second statement (a {@code COPY}
 * that writes anywhere); and an unbalanced {@code )} could escape the {@code WHERE}.
 *
 * <p>The scan must never believe it is inside a quoted string where DuckDB is not: quotes
 * double to escape, and only in {@code E'...'} strings does a backslash escape the next character.
 * Dollar-quoted strings are scanned as if unquoted, which can only reject more.
 */
final class WhereExpression {
    private WhereExpression() {}

    static String check(String where) {
        if (where.isBlank()) {
            throw usage(where, "it is empty");
        }
        int depth = 0;
        char quote = 0;
        boolean backslashEscapes = false;
        for (int i = 0; i < where.length(); i++) {
            char c = where.charAt(i);
            if (quote != 0) {
                if (backslashEscapes && c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0; // a doubled quote closes and reopens, which nets out the same
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                backslashEscapes = c == '\'' && i > 0 && (where.charAt(i - 1) == 'e' || where.charAt(i - 1) == 'E');
            } else if (c == ';') {
                throw usage(where, "it contains ';' (one expression only)");
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw usage(where, "it closes a parenthesis it did not open");
            }
        }
        if (quote != 0) {
            throw usage(where, "a quoted string or name is not closed");
        }
        if (depth != 0) {
            throw usage(where, "a parenthesis is not closed");
        }
        return where;
    }

    private static TableloadException usage(String where, String problem) {
        return new TableloadException(ErrorCode.USAGE, "--where '" + where + "' is not a valid filter: "
                + problem + ". Give one SQL condition such as \"amount > 100 AND country = 'FI'\"");
    }
}
