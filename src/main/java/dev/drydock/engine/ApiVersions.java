package dev.drydock.engine;

/**
 * Docker API version strings ("1.41") compared as Docker compares them: numerically, part by part. The engine
 * shapes its answers by the version a request negotiated; the HTTP layer checks the requested one.
 */
public final class ApiVersions {
    private ApiVersions() {
    }

    /** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
    public static int compare(String a, String b) {
        // Part by part without splitting: every request compares versions several times. A missing part is 0.
        int i = 0;
        int j = 0;
        while (i <= a.length() || j <= b.length()) {
            int endA = partEnd(a, i);
            int endB = partEnd(b, j);
            long p = i <= a.length() ? parse(a, i, endA) : 0;
            long q = j <= b.length() ? parse(b, j, endB) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
            i = endA + 1;
            j = endB + 1;
        }
        return 0;
    }

    private static int partEnd(String s, int from) {
        if (from > s.length()) {
            return from;
        }
        int dot = s.indexOf('.', from);
        return dot < 0 ? s.length() : dot;
    }

    /** A part's number; empty or unparsable is 0. */
    private static long parse(String s, int from, int to) {
        if (to - from > 0 && to - from <= 18) {
            long v = 0;
            int k = from;
            for (; k < to; k++) {
                char ch = s.charAt(k);
                if (ch < '0' || ch > '9') {
                    break;
                }
                v = v * 10 + (ch - '0');
            }
            if (k == to) {
                return v;
            }
        }
        return parse(s.substring(from, to));
    }

    private static long parse(String part) {
        try {
            return part.isEmpty() ? 0 : Long.parseLong(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static boolean lessThan(String a, String b) {
        return compare(a, b) < 0;
    }

    /** True when {@code version} is at least {@code min}; a null version means the newest, so always true. */
    public static boolean atLeast(String version, String min) {
        return version == null || compare(version, min) >= 0;
    }
}
