package io.tableload.s3;

import io.tableload.TableloadException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a batch, one {@link Item} per request, in request order: partial failure as
 * data. Call {@link #values()} for all-or-nothing behaviour.
 *
 * @param items one entry per request, in the order the requests were given
 */
public record BatchResult<T>(List<Item<T>> items) {
    public BatchResult {
        items = List.copyOf(items);
    }

    /**
     * The outcome of one request: exactly one of {@code value} and {@code error} is present.
     *
     * @param request what was asked, as the caller wrote it (a key or URL)
     */
    public record Item<T>(String request, Optional<T> value, Optional<TableloadException> error) {
        public Item {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(error, "error");
            if (value.isPresent() == error.isPresent()) {
                throw new IllegalArgumentException("an item has either a value or an error");
            }
        }

        public static <T> Item<T> success(String request, T value) {
            return new Item<>(request, Optional.of(value), Optional.empty());
        }

        public static <T> Item<T> failure(String request, TableloadException error) {
            return new Item<>(request, Optional.empty(), Optional.of(error));
        }

        public boolean succeeded() {
            return value.isPresent();
        }
    }

    /** Whether every request succeeded. */
    public boolean allSucceeded() {
        return items.stream().allMatch(Item::succeeded);
    }

    /** The successful values, in request order. */
    public List<T> successes() {
        return items.stream().filter(Item::succeeded).map(i -> i.value().orElseThrow()).toList();
    }

    /** The failed items, in request order. */
    public List<Item<T>> failures() {
        return items.stream().filter(i -> !i.succeeded()).toList();
    }

    /**
     * Every value in request order, or the first failure (in request order) thrown, with the
     * number of other failures in its message so nothing is hidden.
     */
    public List<T> values() {
        List<Item<T>> failed = failures();
        if (failed.isEmpty()) {
            return successes();
        }
        TableloadException first = failed.get(0).error().orElseThrow();
        if (failed.size() == 1) {
            throw first;
        }
        throw new BatchFailedException(first, failed.size(), items.size());
    }
}
