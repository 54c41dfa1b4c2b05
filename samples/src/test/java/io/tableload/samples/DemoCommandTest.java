package io.tableload.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs {@code tableload demo} end to end in this JVM, as the launcher would, with a small table. */
class DemoCommandTest {
    @Test
    void theDemoLoadsAndExtractsThenLeavesNothingRunningOrOnDisk() {
        List<ProcessHandle> childrenBefore = ProcessHandle.current().children().toList();

        LauncherRun run = LauncherRun.of("demo", "--size-mb", "2", "--days", "1");

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("$ tableload describe --table sales")
                .contains("$ tableload --table sales --partition country=FI --dest ")
                .contains("first rows of the extract:")
                .contains("order_id,country,dt,product,amount,discount_code")
                .contains("demo finished in")
                .doesNotContain("(exit 4");
        assertThat(run.out().split("\\(exit 0, ", -1)).hasSize(4); // describe, load and extract all exited 0
        assertThat(run.out()).containsPattern("first rows of the extract:\\n    order_id[^\\n]*\\n    \\d+,(FI|SE),");
        // The metastore ran as a child JVM: it must be gone, not left to die with this JVM.
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList())
                .containsExactlyInAnyOrderElementsOf(childrenBefore.stream().filter(ProcessHandle::isAlive).toList());
        Matcher dest = Pattern.compile("--dest (\\S+)/sales-fi").matcher(run.out());
        assertThat(dest.find()).isTrue();
        assertThat(Path.of(dest.group(1))).doesNotExist();
    }

    @Test
    void theDemoRefusesAnEmptyTable() {
        LauncherRun run = LauncherRun.of("demo", "--size-mb", "0");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--size-mb and --days must be 1 or more");
    }
}
