package io.tableload.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads the plain XML documents S3 answers with, element by element: start and end tags (names
 * without their namespace prefix, attributes skipped), and the text of elements that hold only
 * text, with the predefined entities, character references and CDATA sections resolved. The XML
 * declaration, processing instructions and comments are skipped; a document type declaration is
 * refused, so no entity beyond the predefined ones can be declared. Tags must nest properly.
 *
 * <p>Why not the JDK's StAX parser: setting it up cost every command about 25 ms of CPU, and on
 * a listing of 1,000 objects it took a few times longer than this, plus the compiling of its
 * code. The documents it reads are small and machine-written. Every problem is an
 * {@link IllegalArgumentException} naming what was wrong and where.
 */
final class XmlElements {
    /** What {@link #next()} found. */
    enum Event { START, END, END_OF_DOCUMENT }

    private final String xml;
    private final Deque<String> open = new ArrayDeque<>();
    private int pos;
    private String name;
    /** The current start tag was self-closing ({@code <a/>}): its end comes next, with no text. */
    private boolean emptyElement;
    private boolean endOfEmptyElementDue;

    XmlElements(byte[] utf8) {
        this.xml = new String(utf8, StandardCharsets.UTF_8);
    }

    /** The local name of the tag {@link #next()} stopped at. */
    String name() {
        return name;
    }

    /**
     * How many elements are open: after a start tag, that element counts; after an end tag (or
     * {@link #text()}, which reads one), it no longer does.
     */
    int depth() {
        return open.size();
    }

    /** Moves to the next start or end tag, skipping the text between tags. */
    Event next() {
        if (endOfEmptyElementDue) {
            endOfEmptyElementDue = false;
            emptyElement = false;
            name = open.pop();
            return Event.END;
        }
        while (true) {
            int lt = xml.indexOf('<', pos);
            if (lt < 0) {
                if (!open.isEmpty()) {
                    throw problem("the document ends inside <" + open.peek() + ">", xml.length());
                }
                pos = xml.length();
                return Event.END_OF_DOCUMENT;
            }
            pos = lt;
            if (skipMarkup()) {
                continue;
            }
            if (xml.startsWith("</", pos)) {
                readEndTag();
                return Event.END;
            }
            readStartTag();
            return Event.START;
        }
    }

    /**
     * The text of the element whose start tag {@link #next()} just returned, up to and including
     * its end tag; an element inside it is an error.
     */
    String text() {
        if (emptyElement) {
            emptyElement = false;
            endOfEmptyElementDue = false;
            open.pop();
            return "";
        }
        StringBuilder text = new StringBuilder();
        while (true) {
            int stop = nextSpecial(pos);
            if (stop < 0) {
                throw problem("the document ends inside <" + open.peek() + ">", xml.length());
            }
            text.append(xml, pos, stop);
            pos = stop;
            if (xml.charAt(pos) == '&') {
                readReference(text);
            } else if (xml.startsWith("<![CDATA[", pos)) {
                int end = after("]]>", "a CDATA section");
                text.append(xml, pos + "<![CDATA[".length(), end - "]]>".length());
                pos = end;
            } else if (skipMarkup()) {
                // a comment or processing instruction inside the text
            } else if (xml.startsWith("</", pos)) {
                readEndTag();
                return text.toString();
            } else {
                throw problem("<" + open.peek() + "> holds an element, where text was expected", pos);
            }
        }
    }

    private int nextSpecial(int from) {
        for (int i = from; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '<' || c == '&') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Skips a declaration, processing instruction, comment or CDATA section at {@code pos} (text
     * between tags is not read; {@link #text()} reads CDATA before it gets here); refuses a DTD.
     */
    private boolean skipMarkup() {
        if (xml.startsWith("<?", pos)) {
            pos = after("?>", "a processing instruction");
            return true;
        }
        if (xml.startsWith("<!--", pos)) {
            pos = after("-->", "a comment");
            return true;
        }
        if (xml.startsWith("<![CDATA[", pos)) {
            pos = after("]]>", "a CDATA section");
            return true;
        }
        if (xml.startsWith("<!", pos)) {
            throw problem("a document type declaration is not accepted", pos);
        }
        return false;
    }

    private int after(String end, String what) {
        int at = xml.indexOf(end, pos);
        if (at < 0) {
            throw problem(what + " does not end", pos);
        }
        return at + end.length();
    }

    private void readStartTag() {
        int nameEnd = nameEnd(pos + 1);
        String tag = localName(pos + 1, nameEnd);
        int i = nameEnd;
        char quote = 0;
        for (; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                break;
            }
        }
        if (i >= xml.length()) {
            throw problem("the tag <" + tag + " does not end", pos);
        }
        emptyElement = xml.charAt(i - 1) == '/';
        endOfEmptyElementDue = emptyElement;
        open.push(tag);
        name = tag;
        pos = i + 1;
    }

    private void readEndTag() {
        int nameEnd = nameEnd(pos + 2);
        String tag = localName(pos + 2, nameEnd);
        int gt = nameEnd;
        while (gt < xml.length() && Character.isWhitespace(xml.charAt(gt))) {
            gt++;
        }
        if (gt >= xml.length() || xml.charAt(gt) != '>') {
            throw problem("the end tag </" + tag + " is malformed", pos);
        }
        if (open.isEmpty() || !open.peek().equals(tag)) {
            throw problem("</" + tag + "> does not close " + (open.isEmpty() ? "any element" : "<" + open.peek() + ">"), pos);
        }
        open.pop();
        name = tag;
        emptyElement = false;
        pos = gt + 1;
    }

    private int nameEnd(int from) {
        int i = from;
        while (i < xml.length()) {
            char c = xml.charAt(i);
            if (c == '>' || c == '/' || Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        if (i == from) {
            throw problem("a tag has no name", from - 1);
        }
        return i;
    }

    /** The name without its namespace prefix ({@code s3:Key} is {@code Key}). */
    private String localName(int from, int to) {
        int start = from;
        for (int i = from; i < to; i++) {
            if (xml.charAt(i) == ':') {
                start = i + 1;
            }
        }
        return xml.substring(start, to);
    }

    private void readReference(StringBuilder text) {
        int semicolon = xml.indexOf(';', pos);
        if (semicolon < 0 || semicolon - pos > 12) {
            throw problem("a bare '&' in text", pos);
        }
        String ref = xml.substring(pos + 1, semicolon);
        switch (ref) {
            case "lt" -> text.append('<');
            case "gt" -> text.append('>');
            case "amp" -> text.append('&');
            case "quot" -> text.append('"');
            case "apos" -> text.append('\'');
            default -> {
                if (!ref.startsWith("#") || ref.length() < 2) {
                    throw problem("the entity &" + ref + "; is not one XML predefines", pos);
                }
                int codePoint;
                try {
                    codePoint = ref.charAt(1) == 'x'
                            ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                } catch (NumberFormatException e) {
                    throw problem("the character reference &" + ref + "; is malformed", pos);
                }
                if (!Character.isValidCodePoint(codePoint)) {
                    throw problem("the character reference &" + ref + "; names no character", pos);
                }
                text.appendCodePoint(codePoint);
            }
        }
        pos = semicolon + 1;
    }

    private IllegalArgumentException problem(String what, int at) {
        return new IllegalArgumentException(what + " (at character " + at + ")");
    }
}
