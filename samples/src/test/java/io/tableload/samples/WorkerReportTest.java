package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.load.ShardSpec;
import org.junit.jupiter.api.Test;

class WorkerReportTest {
    @Test
    void aReportLineReadsBackAsTheSameReport() {
        WorkerReport report = new WorkerReport(new ShardSpec(3, 30), "FI", 7, 133_410,
                new TrainingStep.Result(6410, 1603, 9.7812, 0.992613));

        assertThat(WorkerReport.parse(report.toLine())).contains(report);
    }

    @Test
    void otherLinesAreNotReports() {
        assertThat(WorkerReport.parse("loading 7 files")).isEmpty();
    }

    @Test
    void aTruncatedReportIsAnError() {
        assertThatThrownBy(() -> WorkerReport.parse("RESULT shard=3/30 country=FI files=7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed worker result line");
    }
}
