package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.s3.internal.ClientFactory;
import io.tableload.sandbox.s3.Fault;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bucket in another region than the one configured (or defaulted to us-east-1) is reached as
 * AWS asks: its first answer names the bucket's region, and every request goes there from then
 * on, on both GET transports, for listings, HEADs and PUTs too.
 */
@ExtendWith(S3ServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3SessionBucketRegionTest {
    private static final String BUCKET_REGION = "eu-west-1";

    private S3Server server;
    private S3Url root;
    private FaultProxy proxy;

    @TempDir
    Path dir;

    @BeforeAll
    void upload(S3Server server) {
        this.server = server;
        this.root = S3Url.parse("s3://" + server.createUniqueBucket("regions") + "/set");
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            for (int i = 0; i < 5; i++) {
                s3.put("objects/" + i + ".txt", "object " + i, PutOptions.defaults());
            }
        }
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(server.endpoint()).bucketRegion(BUCKET_REGION);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
        System.clearProperty(ClientFactory.GETS_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "sdk"})
    void everyOperationReachesABucketInAnotherRegionAfterItsFirstRedirect(String transport) {
        System.setProperty(ClientFactory.GETS_PROPERTY, transport);
        S3Settings usEast = Sessions.settings(proxy.endpoint()).withRegion("us-east-1");

        try (S3Session s3 = S3Session.open(usEast, root, Destination.directory(dir))) {
            assertThat(s3.listRecursive(List.of("objects/"))).hasSize(5);
            assertThat(s3.getRecursive(List.of("objects/")))
                    .extracting(o -> new String(o.bytes(), StandardCharsets.UTF_8))
                    .containsExactly("object 0", "object 1", "object 2", "object 3", "object 4");
            assertThat(s3.get("objects/1.txt").text()).isEqualTo("object 1");
            assertThat(s3.info("objects/2.txt", GetOptions.defaults()).size()).isEqualTo(8);
            s3.put("written/" + transport + ".txt", "new", PutOptions.defaults());
        }

        List<FaultProxy.Seen> seen = proxy.seen();
        // Each client (the direct GET path, the SDK's) learns the bucket's region once.
        assertThat(seen).filteredOn(r -> r.fault() == Fault.WRONG_REGION).hasSizeBetween(1, 2);
        assertThat(seen).filteredOn(r -> r.fault() == null).hasSizeGreaterThanOrEqualTo(10);
        assertThat(seen.get(seen.size() - 1).method()).isEqualTo("PUT");
        assertThat(seen.get(seen.size() - 1).fault()).isNull();
        try (S3Session s3 = S3Session.open(Sessions.settings(server), root, Destination.memory())) {
            assertThat(s3.get("written/" + transport + ".txt").text()).isEqualTo("new");
        }
    }
}
