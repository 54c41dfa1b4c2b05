package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IcebergTypesTest {
    private static ByteBuffer littleEndian(int bytes, long value) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes == 4) {
            b.putInt((int) value);
        } else {
            b.putLong(value);
        }
        return b.flip();
    }

    @Test
    void aManifestListBoundReadsAsThePartitionValueTextOfItsField() {
        assertThat(IcebergTypes.boundText(littleEndian(4, 19783), "day", TextNode.valueOf("timestamp")))
                .contains("2024-03-01");
        assertThat(IcebergTypes.boundText(littleEndian(4, 650), "month", TextNode.valueOf("timestamp")))
                .contains("2024-03");
        assertThat(IcebergTypes.boundText(littleEndian(4, 7), "bucket[16]", TextNode.valueOf("long"))).contains("7");
        assertThat(IcebergTypes.boundText(littleEndian(4, 19783), "identity", TextNode.valueOf("date")))
                .contains("2024-03-01");
        assertThat(IcebergTypes.boundText(littleEndian(8, -42), "identity", TextNode.valueOf("long"))).contains("-42");
        assertThat(IcebergTypes.boundText(ByteBuffer.wrap("Öland".getBytes(StandardCharsets.UTF_8)), "identity",
                TextNode.valueOf("string"))).contains("Öland");
        assertThat(IcebergTypes.boundText(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 0x38}), "identity",
                TextNode.valueOf("decimal(5, 2)"))).contains("-2.00");
    }

    @Test
    void aBoundOfATypeOrLengthItDoesNotReadGivesNoText() {
        assertThat(IcebergTypes.boundText(littleEndian(8, 1), "identity", TextNode.valueOf("double"))).isEmpty();
        assertThat(IcebergTypes.boundText(littleEndian(8, 1), "identity", TextNode.valueOf("int"))).isEmpty();
    }
}
