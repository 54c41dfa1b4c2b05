package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A table by database and name, as Hive names it: lower case letters, digits and underscores.
 *
 * @param database the database (Hive's {@code default} when a reference has none)
 * @param table the table name
 */
public record TableRef(String database, String table) {
    /** The database Hive uses for unqualified names. */
    public static final String DEFAULT_DATABASE = "default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    public TableRef {
        database = checkName(database, "database", database + "." + table);
        table = checkName(table, "table", database + "." + table);
    }

    /**
     * Parses {@code table} (database {@code default}) or {@code db.table}. Names are lower-cased as
     * Hive does; quoted names, empty parts, more than one dot and characters other than letters,
     * digits and underscores are rejected with a {@link ErrorCode#USAGE} error.
     */
    public static TableRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw usage("a table name is required: give TABLE or DATABASE.TABLE");
        }
        String trimmed = text.strip();
        int dot = trimmed.indexOf('.');
        if (dot < 0) {
            return new TableRef(DEFAULT_DATABASE, trimmed, text);
        }
        if (trimmed.indexOf('.', dot + 1) >= 0) {
            throw usage("table name \"" + text + "\" has more than one dot: give TABLE or DATABASE.TABLE");
        }
        return new TableRef(trimmed.substring(0, dot), trimmed.substring(dot + 1), text);
    }

    private TableRef(String database, String table, String original) {
        this(checkName(database, "database", original), checkName(table, "table", original));
    }

    /** {@code database.table}. */
    @Override
    public String toString() {
        return database + "." + table;
    }

    private static String checkName(String name, String what, String original) {
        if (name == null || name.isEmpty()) {
            throw usage("table name \"" + original + "\" has an empty " + what + " name: give TABLE or DATABASE.TABLE");
        }
        // Checked before lower-casing: toLowerCase folds look-alikes such as the Kelvin sign into ASCII.
        if (!NAME.matcher(name).matches()) {
            throw usage("table name \"" + original + "\" has an invalid " + what + " name \"" + name
                    + "\": Hive names use only letters, digits and underscores, without quotes or backticks;"
                    + " give TABLE or DATABASE.TABLE");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static TableloadException usage(String message) {
        return new TableloadException(ErrorCode.USAGE, message);
    }
}
