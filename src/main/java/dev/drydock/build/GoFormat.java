package dev.drydock.build;

import java.util.List;

/** The few Go formatting verbs the classic builder's history lines use. */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code %q} of a []string: {@code ["a" "b c"]}. */
    static String quotedList(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(quote(items.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code %v} of a []string: {@code [a b c]}. */
    static String plainList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's strconv.Quote for the common cases. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code %q} of an int (a rune): {@code '\x00'}, {@code 'A'}. */
    static String quoteRune(int r) {
        if (r >= 0x20 && r < 0x7f) {
            return r == '\'' ? "'\\''" : r == '\\' ? "'\\\\'" : "'" + (char) r + "'";
        }
        if (r < 0x80) {
            return String.format("'\\x%02x'", r);
        }
        return "'" + new String(Character.toChars(r)) + "'";
    }

    /** Go's time.Duration.String: {@code 0s}, {@code 1.5s}, {@code 500ms}, {@code 1m30s}, {@code 1h0m0s}. */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000) {
                return sign + n + "ns";
            }
            if (n < 1_000_000) {
                return sign + trim(n / 1e3) + "µs";
            }
            return sign + trim(n / 1e6) + "ms";
        }
        long h = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long m = rest / 60_000_000_000L;
        long s = rest % 60_000_000_000L;
        String secs = trim(s / 1e9) + "s";
        if (h > 0) {
            return sign + h + "h" + m + "m" + secs;
        }
        if (m > 0) {
            return sign + m + "m" + secs;
        }
        return sign + secs;
    }

    private static String trim(double v) {
        String s = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return s;
    }

    /** Parses a Go duration ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 1h}) to nanoseconds. */
    static long parseDuration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)")
                .matcher(s);
        long total = 0;
        int pos = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (v * unit);
            pos = m.end();
        }
        if (pos != s.length() || s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + s + "\"");
        }
        return total;
    }
}
