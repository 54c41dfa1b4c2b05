package io.tableload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.s3.internal.ClientFactory;
import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.S3Server;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With requester pays set, every request says the caller pays, as a requester-pays bucket
 * demands: listings, GETs on both transports, HEADs and PUTs; without it, none does.
 */
class S3SessionRequesterPaysTest {
    private static final String PAYER = "x-amz-request-payer";

    private S3Server server;
    private FaultProxy proxy;
    private S3Url root;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() {
        // S3Proxy answers x-amz-request-payer 501 unless told to take it, as AWS does.
        server = S3Server.startTransientTakingAnyHeader();
        proxy = FaultProxy.start(server.endpoint());
        root = S3Url.parse("s3://" + server.createUniqueBucket("payer") + "/set");
    }

    @AfterEach
    void stopServer() {
        proxy.close();
        server.close();
        System.clearProperty(ClientFactory.GETS_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "sdk"})
    void everyRequestSaysTheRequesterPaysWhenAsked(String transport) {
        System.setProperty(ClientFactory.GETS_PROPERTY, transport);
        exercise(Sessions.settings(proxy.endpoint()).withRequesterPays(true));

        assertThat(proxy.seen()).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(r -> assertThat(r.header(PAYER)).as(r.method() + " " + r.target()).contains("requester"));
        assertThat(proxy.seen()).extracting(FaultProxy.Seen::method).contains("GET", "HEAD", "PUT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "sdk"})
    void noRequestSaysSoByDefault(String transport) {
        System.setProperty(ClientFactory.GETS_PROPERTY, transport);
        exercise(Sessions.settings(proxy.endpoint()));

        assertThat(proxy.seen()).hasSizeGreaterThanOrEqualTo(4).allSatisfy(r -> assertThat(r.header(PAYER)).isEmpty());
    }

    private void exercise(S3Settings settings) {
        try (S3Session s3 = S3Session.open(settings, root, Destination.directory(dir))) {
            s3.put("a.txt", "paid for", PutOptions.defaults());
            assertThat(s3.listRecursive(List.of(""))).hasSize(1);
            assertThat(s3.get("a.txt").text()).isEqualTo("paid for");
            assertThat(s3.info("a.txt", GetOptions.defaults()).size()).isEqualTo(8);
        }
    }
}
