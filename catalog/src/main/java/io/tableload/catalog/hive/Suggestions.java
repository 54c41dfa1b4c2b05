package io.tableload.catalog.hive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Picks names close to a misspelled one, for "did you mean" hints. */
final class Suggestions {
    private static final int MAX = 5;

    private Suggestions() {
    }

    /** Up to five candidates within a few edits of {@code wanted} (or containing it), closest first. */
    static List<String> similar(String wanted, List<String> candidates) {
        record Scored(String name, int distance) {
        }
        int limit = Math.max(2, wanted.length() / 3);
        List<Scored> scored = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(wanted, c);
            boolean contains = wanted.length() >= 3 && (c.contains(wanted) || wanted.contains(c));
            if (d <= limit || contains) {
                scored.add(new Scored(c, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(MAX).map(Scored::name).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
