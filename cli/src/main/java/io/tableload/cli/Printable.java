package io.tableload.cli;

/**
 * Text from S3 (keys, and the local paths made from them) as one safe line for a terminal or a
 * script reading lines: control characters are shown as escapes ({@code \n}, {@code \t},
 * {@code \x1b}) rather than written raw, so a key holding a newline cannot split one path into
 * two lines and one holding a terminal's escape sequence cannot drive the terminal. {@code --json}
 * output keeps every character exactly.
 */
final class Printable {
    private Printable() {
    }

    static String line(Object value) {
        String text = String.valueOf(value);
        if (text.chars().noneMatch(Printable::isControl)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (isControl(c)) {
                        escaped.append(String.format("\\x%02x", c));
                    } else {
                        escaped.append((char) c);
                    }
                }
            }
        });
        return escaped.toString();
    }

    /** C0 controls, DEL and the C1 controls, which terminals also act on. */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
