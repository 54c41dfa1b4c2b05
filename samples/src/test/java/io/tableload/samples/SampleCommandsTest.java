package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sample commands from the README, run as the launcher runs them, on about 2 MB of sales. */
class SampleCommandsTest {
    @Test
    void demoTrainPrintsTheErrorOfTheModelForTheCountry() {
        LauncherRun run = LauncherRun.of("demo", "train", "--country", "SE", "--size-mb", "2", "--days", "1");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("== loading default.sales, country=SE")
                .containsPattern("tested on \\d+ held-out rows in [0-9.]+ s: RMSE [0-9.]+, R\\^2 0\\.9\\d+");
    }

    @Test
    void demoFanOutReportsEveryCountryOnceAndLoadsEveryFile() {
        LauncherRun run = LauncherRun.of("demo", "fan-out", "--partition", "country in (FI, SE)", "--parallel", "2",
                "--size-mb", "2", "--days", "2");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("\\n  0/2 +FI ").containsPattern("\\n  1/2 +SE ")
                .contains("2 workers loaded 4 of the plan's 4 files");
    }
}
