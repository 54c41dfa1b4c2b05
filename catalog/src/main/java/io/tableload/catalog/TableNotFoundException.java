package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.List;

/**
 * The table, or its whole database, does not exist ({@link ErrorCode#NOT_FOUND}). The message
 * names what was asked and suggests similar names when there are some.
 */
public final class TableNotFoundException extends TableloadException {
    private static final long serialVersionUID = 1L;

    private final TableRef ref;
    private final boolean databaseMissing;
    private final List<String> suggestions;

    public TableNotFoundException(TableRef ref, boolean databaseMissing, List<String> suggestions) {
        super(ErrorCode.NOT_FOUND, message(ref, databaseMissing, suggestions));
        this.ref = ref;
        this.databaseMissing = databaseMissing;
        this.suggestions = List.copyOf(suggestions);
    }

    /** The table that was asked for. */
    public TableRef ref() {
        return ref;
    }

    /** Whether the database itself is missing (else only the table is). */
    public boolean databaseMissing() {
        return databaseMissing;
    }

    /** Similar existing names (tables as {@code db.table}, or databases), best first; may be empty. */
    public List<String> suggestions() {
        return suggestions;
    }

    private static String message(TableRef ref, boolean databaseMissing, List<String> suggestions) {
        String what = databaseMissing
                ? "database \"" + ref.database() + "\" does not exist (asked for table " + ref + ")"
                : "table " + ref + " does not exist";
        String hint = suggestions.isEmpty()
                ? (databaseMissing ? "; check the database name" : "; check the name, or list the database's tables")
                : "; did you mean " + String.join(", ", suggestions) + "?";
        return what + hint;
    }
}
