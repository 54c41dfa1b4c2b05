package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.TableloadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {

    private static List<PlannedFile> files(int count, long seed) {
        Random random = new Random(seed);
        List<PlannedFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String country = "C" + (i % 7);
            files.add(new PlannedFile("s3://b/t/country=" + country + "/part-" + i, "country=" + country + "/part-" + i,
                    1 + random.nextInt(100_000_000), Map.of("country", country)));
        }
        return files;
    }

    private static long bytes(List<PlannedFile> shard) {
        return shard.stream().mapToLong(PlannedFile::size).sum();
    }

    @Test
    void everyFileLandsInExactlyOneShard() {
        List<PlannedFile> files = files(503, 1);
        for (int n : new int[] {1, 2, 3, 8, 64, 600}) {
            List<List<PlannedFile>> shards = ShardPlanner.split(files, n, false);

            assertThat(shards).hasSize(n);
            List<PlannedFile> all = shards.stream().flatMap(List::stream).toList();
            assertThat(all).containsExactlyInAnyOrderElementsOf(files);
        }
    }

    @Test
    void shardsAreBalancedByBytes() {
        List<PlannedFile> files = files(1000, 2);
        long largest = files.stream().mapToLong(PlannedFile::size).max().orElseThrow();

        List<List<PlannedFile>> shards = ShardPlanner.split(files, 8, false);

        long max = shards.stream().mapToLong(ShardPlannerTest::bytes).max().orElseThrow();
        long min = shards.stream().mapToLong(ShardPlannerTest::bytes).min().orElseThrow();
        // Greedy largest-first never lets two shards differ by more than one file.
        assertThat(max - min).isLessThanOrEqualTo(largest);
    }

    @Test
    void byPartitionKeepsEachPartitionWhole() {
        List<List<PlannedFile>> shards = ShardPlanner.split(files(200, 3), 3, true);

        for (int i = 0; i < shards.size(); i++) {
            for (int j = i + 1; j < shards.size(); j++) {
                List<Map<String, String>> a = shards.get(i).stream().map(PlannedFile::partitionValues).distinct().toList();
                List<Map<String, String>> b = shards.get(j).stream().map(PlannedFile::partitionValues).distinct().toList();
                assertThat(a).doesNotContainAnyElementsOf(b);
            }
        }
    }

    @Test
    void theSameInputGivesTheSameSplitAndKeepsPlanOrderInsideAShard() {
        List<PlannedFile> files = files(100, 4);

        List<List<PlannedFile>> first = ShardPlanner.split(files, 4, false);

        assertThat(ShardPlanner.split(files, 4, false)).isEqualTo(first);
        for (List<PlannedFile> shard : first) {
            assertThat(shard).isSortedAccordingTo((x, y) -> Integer.compare(files.indexOf(x), files.indexOf(y)));
        }
    }

    @Test
    void shardSpecParsesIndexFromZeroAndRejectsNonsense() {
        assertThat(ShardSpec.parse("0/4")).isEqualTo(new ShardSpec(0, 4));
        assertThat(ShardSpec.parse("3/4")).isEqualTo(new ShardSpec(3, 4));
        for (String bad : List.of("4/4", "-1/4", "1/0", "a/b", "1", "/4", "1/")) {
            assertThatThrownBy(() -> ShardSpec.parse(bad)).as(bad).isInstanceOf(TableloadException.class);
        }
    }

    @Test
    void markersHiddenFilesAndEmptyObjectsAreNotData() {
        assertThat(DataFiles.isDataFile("part-0.parquet", 10)).isTrue();
        assertThat(DataFiles.isDataFile("sub/part-0.parquet", 10)).isTrue();
        for (String key : List.of("_SUCCESS", "_temporary/0/part-0.parquet", ".part-0.parquet.crc",
                "dt=1_$folder$", "sub/", "_committed_123", "sub/.hidden")) {
            assertThat(DataFiles.isDataFile(key, 10)).as(key).isFalse();
        }
        assertThat(DataFiles.isDataFile("part-0.parquet", 0)).isFalse();
    }
}
