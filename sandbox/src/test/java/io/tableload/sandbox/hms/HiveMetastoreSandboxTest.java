package io.tableload.sandbox.hms;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.hms.HiveTestData.PartitionSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HiveMetastoreExtension.class)
class HiveMetastoreSandboxTest {

    @Test
    void handsOutOneSharedLoopbackMetastore(HiveMetastoreSandbox hms) {
        assertThat(hms.uri()).isEqualTo("thrift://127.0.0.1:" + hms.port());
        assertThat(HiveMetastoreSandbox.shared()).isSameAs(hms);
    }

    @Test
    void acceptsS3LocationsAndEscapesPartitionNamesTheHiveWay(HiveMetastoreSandbox hms) {
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase("sandbox_s3");
            data.table("sandbox_s3", "events")
                    .column("id", "bigint")
                    .partitionKey("country", "string")
                    .partitionKey("dt", "string")
                    .location("s3a://bucket/events")
                    .create();
            data.addPartitions("sandbox_s3", "events", List.of(
                    PartitionSpec.of("FI", "2024-01-01"),
                    PartitionSpec.of("a/b:c=d%e#f?g", "x"),
                    new PartitionSpec(Arrays.asList(null, "2024-01-02"), "s3://elsewhere/p")));

            assertThat(data.partitionNames("sandbox_s3", "events")).containsExactlyInAnyOrder(
                    "country=FI/dt=2024-01-01",
                    "country=a%2Fb%3Ac%3Dd%25e%23f%3Fg/dt=x",
                    "country=__HIVE_DEFAULT_PARTITION__/dt=2024-01-02");
        }
    }

    @Test
    void addsMorePartitionsThanOneDerbyBatchTakes(HiveMetastoreSandbox hms) {
        try (HiveTestData data = HiveTestData.connect(hms.uri())) {
            data.createDatabase("sandbox_many");
            data.table("sandbox_many", "t").column("x", "int").partitionKey("n", "int").create();
            List<PartitionSpec> specs = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                specs.add(PartitionSpec.of(Integer.toString(i)));
            }
            data.addPartitions("sandbox_many", "t", specs);

            assertThat(data.partitionNames("sandbox_many", "t")).hasSize(250).contains("n=0", "n=249");
        }
    }
}
