package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries whose rows are read as the caller goes ({@link DuckDbTable#stream}). */
class QueryStreamTest {
    private static final List<PartitionColumn> PARTITION_COLUMNS =
            List.of(new PartitionColumn("country", "string"), new PartitionColumn("dt", "date"));
    private static final String BY_ID = "SELECT id, country, dt, amount, tags FROM sales ORDER BY id";

    @TempDir Path dir;
    private List<LocalFile> files;

    @BeforeEach
    void writeTwoPartitions() throws Exception {
        files = ParquetFiles.writeCountryDayFiles(dir, 3000, List.of(List.of("FI", "2024-01-01"), List.of("SE", "2024-01-01")));
    }

    @Test
    void aStreamGivesTheRowsAndColumnsAQueryGives() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files);
                QueryStream stream = table.stream(BY_ID)) {
            QueryResult whole = table.query(BY_ID);

            List<List<Object>> streamed = new ArrayList<>();
            stream.forEachRemaining(streamed::add);

            assertThat(stream.columns()).containsExactly("id", "country", "dt", "amount", "tags");
            assertThat(streamed).hasSize(6000).isEqualTo(whole.rows());
            assertThat(streamed.get(3000)).startsWith(3000L, "SE", LocalDate.of(2024, 1, 1));
            assertThat(stream.hasNext()).isFalse();
        }
    }

    @Test
    void streamsAndQueriesRunSideBySideWithoutDisturbingEachOther() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files);
                QueryStream ids = table.stream("SELECT id FROM sales ORDER BY id");
                QueryStream countries = table.stream("SELECT country FROM sales ORDER BY id DESC")) {
            long idSum = 0;
            int seCount = 0;
            int read = 0;
            while (ids.hasNext() | countries.hasNext()) {
                if (ids.hasNext()) {
                    idSum += (Long) ids.next().get(0);
                }
                if (countries.hasNext() && "SE".equals(countries.next().get(0))) {
                    seCount++;
                }
                if (++read % 1000 == 0) {
                    assertThat(table.query("SELECT count(*) FROM sales").rows()).containsExactly(List.of(6000L));
                }
            }

            assertThat(idSum).isEqualTo(5999L * 6000 / 2);
            assertThat(seCount).isEqualTo(3000);
        }
    }

    @Test
    void closingTheTableEndsAStreamLeftOpenEvenOneWaitingForRows() throws Exception {
        DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files);
        QueryStream leftOpen = table.stream(BY_ID);
        leftOpen.next();
        QueryStream busy = table.stream("SELECT sum(hash(i)) FROM range(1000000000000) t(i)"); // hours of work
        AtomicBoolean busyHadRows = new AtomicBoolean(true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                busyHadRows.set(busy.hasNext());
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Thread.sleep(300); // under way

        table.close();

        reader.get(10, TimeUnit.SECONDS);
        assertThat(thrown.get()).isNull();
        assertThat(busyHadRows).isFalse();
        assertThat(leftOpen.hasNext()).isFalse();
    }

    @Test
    void aQueryThatFailsIsAUsageErrorWhenTheStreamStarts() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files)) {
            assertThatThrownBy(() -> table.stream("SELECT no_such_column FROM sales"))
                    .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageStartingWith("the query failed: ").hasMessageContaining("no_such_column");
            assertThat(table.query("SELECT count(*) FROM sales").rows()).containsExactly(List.of(6000L));
        }
    }

    @Test
    void aValueThatFailsMidStreamIsAUsageErrorFromNext() {
        try (DuckDbTable table = new DuckDbTable("sales", PARTITION_COLUMNS, files);
                QueryStream stream = table.stream("SELECT CASE WHEN id < 5000 THEN id ELSE error('bad row ' || id) END"
                        + " FROM sales ORDER BY id")) {
            assertThatThrownBy(() -> stream.forEachRemaining(row -> { }))
                    .isInstanceOf(TableloadException.class).hasMessageContaining("bad row 5000");
            assertThat(stream.hasNext()).isFalse();
        }
    }
}
