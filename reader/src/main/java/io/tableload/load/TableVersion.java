package io.tableload.load;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which version of an Iceberg table a plan reads, as SQL engines time-travel: its current
 * snapshot, a snapshot by id, a branch or tag by name ({@code VERSION AS OF}), or the snapshot
 * that was current at a time ({@code TIMESTAMP AS OF}). A Hive table has only its current version.
 */
public sealed interface TableVersion {
    /** The table as it is now. */
    record Current() implements TableVersion {
    }

    /** The snapshot of this id, as {@link LoadPlan#snapshot()} and {@code tableload snapshots} give it. */
    record Snapshot(long id) implements TableVersion {
    }

    /**
     * The snapshot a branch or tag of this name points at. A tag is read with the schema of its
     * snapshot, a branch with the table's current schema, as Iceberg reads them.
     */
    record Ref(String name) implements TableVersion {
        public Ref {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a branch or tag name cannot be blank");
            }
        }
    }

    /** The snapshot that was the table's current one at this time, by the table's history. */
    record AsOf(Instant time) implements TableVersion {
        public AsOf {
            Objects.requireNonNull(time, "time");
        }
    }

    /** The current snapshot. */
    static TableVersion current() {
        return new Current();
    }

    /** The snapshot of this id. */
    static TableVersion snapshot(long id) {
        return new Snapshot(id);
    }

    /** The snapshot a branch or tag points at. */
    static TableVersion ref(String name) {
        return new Ref(name);
    }

    /** The snapshot current at {@code time}. */
    static TableVersion asOf(Instant time) {
        return new AsOf(time);
    }

    /**
     * A version as a command line names it: a snapshot id (digits), else a branch or tag name.
     *
     * @throws TableloadException {@code USAGE} when it is blank
     */
    static TableVersion parse(String idOrRef) {
        Objects.requireNonNull(idOrRef, "idOrRef");
        if (idOrRef.isBlank()) {
            throw new TableloadException(ErrorCode.USAGE, "the snapshot asked for is blank: give a snapshot id (as"
                    + " `tableload snapshots` lists them) or a branch or tag name");
        }
        return idOrRef.matches("-?[0-9]{1,19}") ? snapshot(Long.parseLong(idOrRef)) : ref(idOrRef);
    }

    /**
     * A time as a command line gives it: an instant with its offset ({@code 2024-06-01T10:00:00Z},
     * {@code 2024-06-01T12:00:00+02:00}), or a date and time, or a date alone (its start), in UTC
     * ({@code 2024-06-01 10:00:00}, {@code 2024-06-01}).
     *
     * @throws TableloadException {@code USAGE} when it is none of these
     */
    static Instant parseTime(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new TableloadException(ErrorCode.USAGE, "cannot read the time '" + text + "': give an"
                            + " ISO-8601 time such as 2024-06-01T10:00:00Z, 2024-06-01 10:00:00 (UTC) or 2024-06-01");
                }
            }
        }
    }
}
