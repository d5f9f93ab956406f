package dev.drydock.api;

/** Docker API version strings ("1.41") compared as Docker compares them: numerically, part by part. */
public final class ApiVersion {
    /** The request attribute holding the API version a request asked for (or the server's maximum). */
    public static final String ATTRIBUTE = "drydock.apiVersion";

    private ApiVersion() {
    }

    /** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? parse(x[i]) : 0;
            long q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
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

    public static boolean atLeast(String a, String b) {
        return compare(a, b) >= 0;
    }
}
