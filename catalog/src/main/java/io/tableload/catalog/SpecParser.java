package io.tableload.catalog;

import io.tableload.ErrorCode;
import io.tableload.TableloadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one partition spec: predicates joined by commas (AND), each {@code key OP value} with
 * {@code OP} one of {@code = != <> < <= > >=}, or {@code key in (v1,v2)}, {@code key is null},
 * {@code key is not null}, {@code key is latest}. Values may be single-quoted ({@code city='Rio, RJ'}, a quote inside
 * doubled: {@code 'O''Brien'}); unquoted values are trimmed.
 */
final class SpecParser {
    static final String GRAMMAR = "write predicates joined by commas, like country=FI,dt>=2024-01-01, with"
            + " = != < <= > >=, key in (a,b), key is null, key is not null, key is latest; quote values that hold commas,"
            + " parentheses or quotes: city='Rio, RJ', name='O''Brien'";

    private static final Pattern KEY = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(.*)", Pattern.DOTALL);
    private static final Pattern IS_NULL = Pattern.compile("(?i)is\\s+null\\s*");
    private static final Pattern IS_NOT_NULL = Pattern.compile("(?i)is\\s+not\\s+null\\s*");
    private static final Pattern IS_LATEST = Pattern.compile("(?i)is\\s+latest\\s*");
    private static final Pattern IN = Pattern.compile("(?i)in\\s*\\((.*)\\)\\s*", Pattern.DOTALL);
    private static final Pattern OPERATOR = Pattern.compile("(!=|<>|<=|>=|=|<|>)(.*)", Pattern.DOTALL);

    private final String spec;

    private SpecParser(String spec) {
        this.spec = spec;
    }

    static List<Predicate> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new TableloadException(ErrorCode.USAGE, "empty partition spec: " + GRAMMAR);
        }
        SpecParser parser = new SpecParser(spec);
        List<Predicate> predicates = new ArrayList<>();
        for (String part : parser.split(spec, true)) {
            predicates.add(parser.predicate(part));
        }
        return predicates;
    }

    private Predicate predicate(String text) {
        if (text.isBlank()) {
            throw error("it has an empty predicate (two commas in a row, or a comma at an end)");
        }
        Matcher key = KEY.matcher(text);
        if (!key.matches()) {
            throw error("\"" + text.strip() + "\" does not start with a partition key name");
        }
        String name = key.group(1).toLowerCase(Locale.ROOT);
        String rest = key.group(2);
        if (IS_NOT_NULL.matcher(rest).matches()) {
            return new Predicate(name, Predicate.Op.IS_NOT_NULL, List.of());
        }
        if (IS_NULL.matcher(rest).matches()) {
            return new Predicate(name, Predicate.Op.IS_NULL, List.of());
        }
        if (IS_LATEST.matcher(rest).matches()) {
            return new Predicate(name, Predicate.Op.IS_LATEST, List.of());
        }
        Matcher in = IN.matcher(rest);
        if (in.matches()) {
            List<String> values = new ArrayList<>();
            for (String v : split(in.group(1), false)) {
                values.add(value(v, name));
            }
            return new Predicate(name, Predicate.Op.IN, values);
        }
        Matcher op = OPERATOR.matcher(rest);
        if (!op.matches()) {
            throw error("\"" + text.strip() + "\" has no operator after the key " + name);
        }
        Predicate.Op operator = switch (op.group(1)) {
            case "=" -> Predicate.Op.EQ;
            case "!=", "<>" -> Predicate.Op.NE;
            case "<" -> Predicate.Op.LT;
            case "<=" -> Predicate.Op.LE;
            case ">" -> Predicate.Op.GT;
            default -> Predicate.Op.GE;
        };
        return new Predicate(name, operator, List.of(value(op.group(2), name)));
    }

    private String value(String raw, String key) {
        String v = raw.strip();
        if (v.isEmpty()) {
            throw error("the value for " + key + " is empty (for a NULL partition write " + key + " is null)");
        }
        if (v.charAt(0) == '\'') {
            if (v.length() < 2 || v.charAt(v.length() - 1) != '\'') {
                throw error("the value " + v + " for " + key + " has an unclosed quote");
            }
            String inner = v.substring(1, v.length() - 1);
            if (inner.replace("''", "").indexOf('\'') >= 0) {
                throw error("the value " + v + " for " + key + " has a lone quote inside; double it: ''");
            }
            return inner.replace("''", "'");
        }
        if (v.indexOf('\'') >= 0) {
            throw error("the value " + v + " for " + key + " has a quote; quote the whole value and double the"
                    + " quote inside, like name='O''Brien'");
        }
        if (v.indexOf('(') >= 0 || v.indexOf(')') >= 0) {
            throw error("the value " + v + " for " + key + " has a parenthesis; quote the value");
        }
        return v;
    }

    /** Splits at commas outside single quotes (and, at the top level, outside parentheses). */
    private List<String> split(String text, boolean topLevel) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // a doubled quote toggles twice: still right
            } else if (!quoted && topLevel && c == '(') {
                depth++;
            } else if (!quoted && topLevel && c == ')') {
                depth--;
                if (depth < 0) {
                    throw error("it has a ')' without a matching '('");
                }
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted) {
            throw error("it has an unclosed quote");
        }
        if (depth > 0) {
            throw error("it has a '(' without a matching ')'");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private TableloadException error(String problem) {
        return new TableloadException(ErrorCode.USAGE, "bad partition spec \"" + spec + "\": " + problem + ". " + GRAMMAR);
    }
}
