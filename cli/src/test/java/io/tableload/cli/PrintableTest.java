package io.tableload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void ordinaryTextUnicodeAndSpacesPassUnchanged() {
        assertThat(Printable.line("s3://b/dt=2024-01-01/a b+c%20ü€.parquet")).isEqualTo("s3://b/dt=2024-01-01/a b+c%20ü€.parquet");
    }

    @Test
    void controlCharactersAreEscapedSoOneKeyStaysOneLineAndCannotDriveTheTerminal() {
        assertThat(Printable.line("s3://b/line1\nline2.txt")).isEqualTo("s3://b/line1\\nline2.txt");
        assertThat(Printable.line("a\tb\rc")).isEqualTo("a\\tb\\rc");
        assertThat(Printable.line("x\u001b[31mred\u0007\u007f\u009b")).isEqualTo("x\\x1b[31mred\\x07\\x7f\\x9b");
        assertThat(Printable.line("s3://b/line1\nline2.txt")).doesNotContain("\n");
    }
}
