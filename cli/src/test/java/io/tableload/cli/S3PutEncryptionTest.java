package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.sandbox.s3.FaultProxy;
import io.tableload.sandbox.s3.S3Server;
import io.tableload.sandbox.s3.S3ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tableload s3 put --sse}: uploads ask for server-side encryption as the AWS CLI's do. */
@ExtendWith(S3ServerExtension.class)
class S3PutEncryptionTest {
    private static final String SSE = "x-amz-server-side-encryption";

    @TempDir Path tmp;
    private FaultProxy proxy;
    private String bucket;

    @BeforeEach
    void setUp(S3Server server) {
        bucket = server.createUniqueBucket("cli-sse");
        Cli.useCredentials(server.accessKey(), server.secretKey(), server.region());
        proxy = FaultProxy.start(server.endpoint());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private Cli.Result put(String... options) throws IOException {
        Path file = Files.writeString(tmp.resolve("rows-" + options.length + ".csv"), "a,b\n1,2\n");
        String[] args = new String[options.length + 7];
        args[0] = "s3";
        args[1] = "put";
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = file.toString();
        args[options.length + 3] = "s3://" + bucket + "/in/";
        args[options.length + 4] = "--endpoint";
        args[options.length + 5] = proxy.endpoint().toString();
        args[options.length + 6] = "--path-style";
        return Cli.run(args);
    }

    @Test
    void sseAskedForWithOrWithoutAKmsKeyIsSentWithTheUpload() throws IOException {
        assertThat(put("--sse", "AES256").code()).isZero();
        assertThat(put("--sse-kms-key-id", "alias/lake").code()).isZero();
        assertThat(put().code()).isZero();

        assertThat(proxy.seen()).filteredOn(r -> r.method().equals("PUT"))
                .extracting(r -> r.header(SSE).orElse("none") + " " + r.header(SSE + "-aws-kms-key-id").orElse("none"))
                .containsExactly("AES256 none", "aws:kms alias/lake", "none none");
    }

    @Test
    void anSseS3DoesNotHaveExitsWith2BeforeUploading() throws IOException {
        Cli.Result r = put("--sse", "rot13");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad --sse or --sse-kms-key-id: server-side encryption must be AES256,"
                + " aws:kms or aws:kms:dsse, was 'rot13'");
        assertThat(proxy.seen()).isEmpty();
    }
}
