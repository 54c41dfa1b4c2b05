package io.tableload.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    @Test
    void givesTheJdkMacsBytesForKeysShorterAndLongerThanABlock() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Mac mac = Mac.getInstance("HmacSHA256");
        Random random = new Random(42);
        for (int keyLength : new int[] {1, 32, 63, 64, 65, 200}) {
            for (int dataLength : new int[] {0, 1, 55, 56, 64, 1000}) {
                byte[] key = new byte[keyLength];
                byte[] data = new byte[dataLength];
                random.nextBytes(key);
                random.nextBytes(data);
                mac.init(new SecretKeySpec(key, "HmacSHA256"));

                assertThat(HmacSha256.of(sha256, key, data))
                        .as("key of %d bytes, data of %d bytes", keyLength, dataLength)
                        .isEqualTo(mac.doFinal(data));
            }
        }
    }

    @Test
    void matchesTheRfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThat(java.util.HexFormat.of().formatHex(HmacSha256.of(sha256(), key, data)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void leavesTheDigestReadyForOtherUse() throws Exception {
        MessageDigest sha256 = sha256();
        sha256.update(new byte[] {1, 2, 3}); // left over from elsewhere

        HmacSha256.of(sha256, new byte[] {7}, new byte[] {8});

        assertThat(sha256.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
