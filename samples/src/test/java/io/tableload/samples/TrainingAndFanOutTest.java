package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.catalog.PartitionFilter;
import io.tableload.catalog.TableRef;
import io.tableload.load.LoadPlan;
import io.tableload.load.LoadedTable;
import io.tableload.load.ShardSpec;
import io.tableload.load.TableLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The training step and the fan-out against a real local stack with about 3 MB of sales. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingAndFanOutTest {
    private static final String THREE_COUNTRIES = "country in (FI, SE, NO)";

    private LocalStack stack;
    private TableLoader loader;

    @BeforeAll
    void startStack() {
        stack = LocalStack.startTransient();
        SampleTables.install(stack, 3_000_000, 2, 42);
        loader = TableLoader.open(stack.metastoreSettings(), stack.s3Settings());
    }

    @AfterAll
    void stopStack() {
        if (loader != null) {
            loader.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void trainingOnOneCountryPredictsTheAmountOfHeldOutOrders() {
        try (LoadedTable fi = loader.load(TableRef.parse("sales"), PartitionFilter.parse("country=FI"))) {
            long rows = (Long) fi.query("SELECT count(*) FROM sales").rows().get(0).get(0);

            TrainingStep.Result fit = TrainingStep.train(fi);

            assertThat(fit.trainRows() + fit.testRows()).isEqualTo(rows);
            assertThat((double) fit.testRows() / rows).isBetween(0.15, 0.25);
            // amount is quantity * price, 10% off for one order in ten: a close fit, not a perfect
            // one; the discount alone leaves an RMSE of about 5.5.
            assertThat(fit.r2()).isBetween(0.99, 0.9999);
            assertThat(fit.rmse()).isBetween(3.0, 8.0);
        }
    }

    @Test
    void fanOutRunsOneWorkerPerCountryEachLoadingOnlyItsShard() {
        LoadPlan plan = loader.plan(TableRef.parse("sales"), PartitionFilter.parse(THREE_COUNTRIES));
        Map<String, LoadPlan> expected = CountryShards.of(plan).stream()
                .collect(Collectors.toMap(CountryShards.Shard::country, CountryShards.Shard::plan));

        List<WorkerReport> reports = FanOutCommand.fanOut(stack, List.of(THREE_COUNTRIES), 2).run(3);

        assertThat(reports).extracting(WorkerReport::shard)
                .containsExactly(new ShardSpec(0, 3), new ShardSpec(1, 3), new ShardSpec(2, 3));
        assertThat(reports).extracting(WorkerReport::country).containsExactly("FI", "NO", "SE");
        for (WorkerReport r : reports) {
            assertThat(r.files()).as(r.country()).isEqualTo(expected.get(r.country()).files().size());
            assertThat(r.bytes()).as(r.country()).isEqualTo(expected.get(r.country()).bytes());
            assertThat(r.fit().r2()).as(r.country()).isGreaterThan(0.99);
        }
        assertThat(reports.stream().mapToLong(WorkerReport::bytes).sum()).isEqualTo(plan.bytes());
    }

    @Test
    void fanOutFailsNamingTheWorkersThatFailed() {
        // Two workers for a filter that selects three countries: each worker refuses its shard.
        FanOut fanOut = FanOutCommand.fanOut(stack, List.of(THREE_COUNTRIES), 2);

        assertThatThrownBy(() -> fanOut.run(2))
                .isInstanceOf(FanOut.WorkersFailed.class)
                .hasMessageContaining("2 of 2 workers failed")
                .hasMessageContaining("worker 0/2: exit 2")
                .hasMessageContaining("the filter selects 3");
    }
}
