package io.tableload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TableVersionTest {
    @Test
    void digitsAreASnapshotIdAndAnythingElseABranchOrTag() {
        assertThat(TableVersion.parse("8744736658442914487")).isEqualTo(TableVersion.snapshot(8744736658442914487L));
        assertThat(TableVersion.parse("audit-2024")).isEqualTo(TableVersion.ref("audit-2024"));
        assertThat(TableVersion.parse("2024")).isEqualTo(TableVersion.snapshot(2024));
    }

    @Test
    void aBlankVersionIsAUsageErrorSayingWhatToGive() {
        assertThatThrownBy(() -> TableVersion.parse(" "))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("blank").hasMessageContaining("branch or tag name");
    }

    @Test
    void aTimeIsAnInstantWithItsOffsetOrADateAndTimeOrADateInUtc() {
        assertThat(TableVersion.parseTime("2024-06-01T12:00:00+02:00")).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(TableVersion.parseTime("2024-06-01T10:00:00Z")).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(TableVersion.parseTime("2024-06-01 10:00:00")).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(TableVersion.parseTime("2024-06-01")).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    }

    @Test
    void aTextThatIsNoTimeIsAUsageErrorSayingWhatATimeLooksLike() {
        assertThatThrownBy(() -> TableVersion.parseTime("last tuesday"))
                .isInstanceOfSatisfying(TableloadException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("'last tuesday'").hasMessageContaining("2024-06-01T10:00:00Z");
    }
}
