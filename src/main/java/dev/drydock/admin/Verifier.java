package dev.drydock.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks the journal against an expected count of matching requests and explains a failure like a diff. */
final class Verifier {
    private static final int SHOWN = 5;

    private Verifier() {
    }

    static void verify(RequestJournal journal, CountMatcher expected, RequestPattern pattern) {
        if (!journal.enabled()) {
            throw new IllegalStateException("the request journal is off (journal size 0): nothing to verify against");
        }
        List<LoggedRequest> all = journal.all();
        List<LoggedRequest> matching = new ArrayList<>();
        for (LoggedRequest r : all) {
            if (pattern.matches(r)) {
                matching.add(r);
            }
        }
        if (expected.matches(matching.size())) {
            return;
        }
        throw new VerificationException(message(expected, pattern, all, matching));
    }

    static String message(CountMatcher expected, RequestPattern pattern, List<LoggedRequest> all,
                          List<LoggedRequest> matching) {
        StringBuilder sb = new StringBuilder();
        sb.append("Expected ").append(expected.describe()).append(" matching\n    ")
                .append(pattern.describe()).append("\nbut received ").append(matching.size()).append(".\n");
        if (all.isEmpty()) {
            sb.append("\nNo requests were recorded.");
            return sb.toString();
        }
        if (!matching.isEmpty()) {
            sb.append("\nMatching requests:\n");
            for (LoggedRequest r : matching.subList(0, Math.min(matching.size(), 2 * SHOWN))) {
                sb.append("  #").append(r.id()).append(' ').append(r.summary()).append('\n');
            }
        }
        List<LoggedRequest> others = new ArrayList<>(all);
        others.removeAll(matching);
        if (!others.isEmpty()) {
            record Scored(LoggedRequest r, List<String> diff, int distance) {
            }
            List<Scored> scored = new ArrayList<>();
            for (LoggedRequest r : others) {
                List<String> diff = pattern.mismatches(r);
                scored.add(new Scored(r, diff, distance(pattern.path().text(),
                        pattern.rawPath() ? r.rawPath() : r.path())));
            }
            scored.sort(Comparator.comparingInt((Scored s) -> s.diff().size()).thenComparingInt(Scored::distance)
                    .thenComparing(s -> -s.r().id()));
            int shown = Math.min(SHOWN, scored.size());
            sb.append("\nClosest recorded requests (").append(shown).append(" of ").append(all.size())
                    .append(" recorded):\n");
            for (Scored s : scored.subList(0, shown)) {
                sb.append("  #").append(s.r().id()).append(' ').append(s.r().summary()).append('\n');
                for (String line : s.diff()) {
                    sb.append("      ").append(line).append('\n');
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    /** Edit distance, bounded in length so a huge path cannot make a failure message slow. */
    static int distance(String a, String b) {
        a = a.length() > 200 ? a.substring(0, 200) : a;
        b = b.length() > 200 ? b.substring(0, 200) : b;
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
