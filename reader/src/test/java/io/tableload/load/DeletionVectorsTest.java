package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DeletionVectorsTest {
    /** A deletion-vector-v1 blob as Iceberg writes it: positions 3 and 70000 under key 0, 5 under key 2. */
    private static byte[] blob() {
        RoaringBitmap low = RoaringBitmap.bitmapOf(3, 70000);
        RoaringBitmap high = RoaringBitmap.bitmapOf(5);
        int vectorSize = 8 + 4 + low.serializedSizeInBytes() + 4 + high.serializedSizeInBytes();
        ByteBuffer vector = ByteBuffer.allocate(vectorSize).order(ByteOrder.LITTLE_ENDIAN);
        vector.putLong(2).putInt(0);
        low.serialize(vector);
        vector.putInt(2);
        high.serialize(vector);
        ByteBuffer blob = ByteBuffer.allocate(4 + 4 + vectorSize + 4);
        blob.putInt(4 + vectorSize).putInt(0xD1D33964).put(vector.array());
        CRC32 crc = new CRC32();
        crc.update(blob.array(), 4, 4 + vectorSize);
        blob.putInt((int) crc.getValue());
        return blob.array();
    }

    @Test
    void theDeletedPositionsComeBackInOrderWithTheirHigh32Bits() {
        assertThat(DeletionVectors.positions(blob(), "dv")).containsExactly(3L, 70000L, (2L << 32) + 5);
    }

    @Test
    void aDamagedBlobIsRefusedNamingTheVectorAndWhy() {
        byte[] damaged = blob();
        damaged[14] ^= 1;
        byte[] notAVector = blob();
        notAVector[5] = 0;
        byte[] cut = Arrays.copyOf(blob(), blob().length - 3);

        assertThatThrownBy(() -> DeletionVectors.positions(damaged, "s3://b/t/dv.puffin at 4"))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("s3://b/t/dv.puffin at 4").hasMessageContaining("checksum");
        assertThatThrownBy(() -> DeletionVectors.positions(notAVector, "dv")).hasMessageContaining("magic bytes");
        assertThatThrownBy(() -> DeletionVectors.positions(cut, "dv")).hasMessageContaining("length field");
    }
}
