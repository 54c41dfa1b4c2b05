package io.tableload.catalog;

import java.util.Objects;

/**
 * A table column or partition key.
 *
 * @param name the column name, lower case as Hive stores it
 * @param type the Hive type as the metastore spells it ({@code string}, {@code decimal(10,2)},
 *     {@code array<struct<a:int>>}...)
 * @param comment the column comment, or {@code null} when there is none
 */
public record Column(String name, String type, String comment) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
        if (comment != null && comment.isEmpty()) {
            comment = null;
        }
    }

    public Column(String name, String type) {
        this(name, type, null);
    }

    /**
     * A struct field's name as Hive writes it in a type ({@code struct<name:type>}): between
     * backquotes, doubled inside, when it is not a plain word.
     */
    public static String structFieldName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
    }
}
