package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tableload.catalog.TableRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultDestinationTest {

    @Test
    void theWholeTableIsNamedByTheTableAlone() {
        assertThat(LoadCommand.selectionName(List.of())).isEmpty();
        assertThat(LoadCommand.defaultDestination(TableRef.parse("db.sales"), List.of(), Optional.empty(), 0).getFileName())
                .isEqualTo(Path.of("db.sales"));
    }

    @Test
    void plainSpecsNameTheirDirectoryAsTheyAreJoinedByPlus() {
        assertThat(LoadCommand.selectionName(List.of("country=FI"))).isEqualTo(".country=FI");
        assertThat(LoadCommand.selectionName(List.of("country=FI,dt=2024-01-01", "country=SE")))
                .isEqualTo(".country=FI,dt=2024-01-01+country=SE");
    }

    @Test
    void specsWithOtherCharactersOrTooLongAreNamedByADigestThatNoPlainSpecLooksLike() {
        String quoted = LoadCommand.selectionName(List.of("country = 'SE'"));
        String compared = LoadCommand.selectionName(List.of("dt>=2024-01-01"));
        String slash = LoadCommand.selectionName(List.of("path=a/../../b"));
        String longSpec = LoadCommand.selectionName(List.of("country=" + "X".repeat(100)));

        assertThat(List.of(quoted, compared, slash, longSpec)).allMatch(name -> name.matches("\\.sel-[0-9a-f]{12}"))
                .doesNotHaveDuplicates();
        assertThat(LoadCommand.selectionName(List.of("country = 'SE'"))).as("stable").isEqualTo(quoted);
    }

    @Test
    void differentSelectionsNeverShareADirectory() {
        List<List<String>> selections = List.of(List.of("a=1"), List.of("a=1", "b=2"), List.of("a=1+b=2"),
                List.of("a=1,b=2"), List.of("b=2", "a=1"), List.of("a = 1"), List.of("a=1 "));
        assertThat(selections.stream().map(LoadCommand::selectionName).toList()).doesNotHaveDuplicates();
    }

    @Test
    void aShardAddsItsPlaceAfterTheSelection() {
        Path dest = LoadCommand.defaultDestination(TableRef.parse("db.sales"), List.of("country=FI"),
                Optional.of(io.tableload.load.ShardSpec.parse("1/4")), 0);

        assertThat(dest.getFileName()).isEqualTo(Path.of("db.sales.country=FI.shard-1-of-4"));
    }
}
