package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** printf(1) formatting, shared by the shell builtin and the applet. */
public final class Printf {
    private Printf() {
    }

    /**
     * Formats and writes; the format is reused while arguments remain.
     *
     * @param errPrefix "sh" for the builtin, "printf" for the applet (invalid number messages)
     * @return 0, or 1 when an argument was not a valid number
     */
    public static int run(List<String> args, OutputStream out, OutputStream err, String errPrefix)
        throws IOException {
        if (args.isEmpty()) {
            err.write("printf: usage: printf FORMAT [ARGUMENT...]\n".getBytes(StandardCharsets.UTF_8));
            return 2;
        }
        String fmt = args.get(0);
        int ai = 1;
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        do {
            int startAi = ai;
            int i = 0;
            int n = fmt.length();
            while (i < n) {
                char c = fmt.charAt(i);
                if (c == '\\') {
                    int end = escapeOne(fmt, i, sb, false);
                    if (end < 0) {
                        out.write(bytes(sb));
                        return rc;
                    }
                    i = end;
                    continue;
                }
                if (c != '%') {
                    sb.append(c);
                    i++;
                    continue;
                }
                if (i + 1 < n && fmt.charAt(i + 1) == '%') {
                    sb.append('%');
                    i += 2;
                    continue;
                }
                int j = i + 1;
                StringBuilder spec = new StringBuilder("%");
                while (j < n && "-+ #0".indexOf(fmt.charAt(j)) >= 0) {
                    spec.append(fmt.charAt(j++));
                }
                while (j < n && (Character.isDigit(fmt.charAt(j)) || fmt.charAt(j) == '*')) {
                    if (fmt.charAt(j) == '*') {
                        spec.append(ai < args.size() ? parseLong(args.get(ai++)) : 0);
                        j++;
                    } else {
                        spec.append(fmt.charAt(j++));
                    }
                }
                if (j < n && fmt.charAt(j) == '.') {
                    spec.append(fmt.charAt(j++));
                    while (j < n && (Character.isDigit(fmt.charAt(j)) || fmt.charAt(j) == '*')) {
                        if (fmt.charAt(j) == '*') {
                            spec.append(ai < args.size() ? parseLong(args.get(ai++)) : 0);
                            j++;
                        } else {
                            spec.append(fmt.charAt(j++));
                        }
                    }
                }
                while (j < n && "hlLqjzt".indexOf(fmt.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= n) {
                    sb.append(fmt, i, n);
                    break;
                }
                char conv = fmt.charAt(j);
                String arg = ai < args.size() ? args.get(ai++) : null;
                String s = spec.toString();
                switch (conv) {
                    case 's' -> sb.append(String.format(s + "s", arg == null ? "" : arg));
                    case 'b' -> {
                        StringBuilder b = new StringBuilder();
                        boolean stop = escapes(arg == null ? "" : arg, b, true);
                        sb.append(String.format(s + "s", b));
                        if (stop) {
                            out.write(bytes(sb));
                            return rc;
                        }
                    }
                    case 'c' -> {
                        if (arg != null && !arg.isEmpty()) {
                            sb.append(String.format(s + "s", arg.substring(0, 1)));
                        }
                    }
                    case 'd', 'i', 'u', 'x', 'X', 'o' -> {
                        long v = 0;
                        if (arg != null) {
                            Long p = number(arg);
                            if (p == null) {
                                err.write((errPrefix + ": invalid number '" + arg + "'\n")
                                    .getBytes(StandardCharsets.UTF_8));
                                rc = 1;
                            } else {
                                v = p;
                            }
                        }
                        char jc = conv == 'i' || conv == 'u' ? 'd' : conv;
                        String js = s.replace("#", conv == 'd' || conv == 'i' || conv == 'u' ? "" : "#");
                        if (js.contains(".")) {
                            int dot = js.indexOf('.');
                            int prec = js.length() > dot + 1 ? Integer.parseInt(js.substring(dot + 1)) : 0;
                            String digits = String.format("%" + jc, v);
                            boolean neg = digits.startsWith("-");
                            if (neg) {
                                digits = digits.substring(1);
                            }
                            while (digits.length() < prec) {
                                digits = "0" + digits;
                            }
                            sb.append(String.format(js.substring(0, dot).replace("0", "") + "s",
                                (neg ? "-" : "") + digits));
                        } else {
                            sb.append(String.format(js + jc, v));
                        }
                    }
                    case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                        double v = 0;
                        if (arg != null) {
                            try {
                                v = Double.parseDouble(arg.trim());
                            } catch (NumberFormatException e) {
                                err.write((errPrefix + ": invalid number '" + arg + "'\n")
                                    .getBytes(StandardCharsets.UTF_8));
                                rc = 1;
                            }
                        }
                        sb.append(String.format(s + (conv == 'F' ? 'f' : conv), v));
                    }
                    default -> sb.append(fmt, i, j + 1);
                }
                i = j + 1;
            }
            if (ai == startAi) {
                break;
            }
        } while (ai < args.size());
        out.write(bytes(sb));
        return rc;
    }

    private static long parseLong(String s) {
        Long v = number(s);
        return v == null ? 0 : v;
    }

    /** Parses a printf integer argument ('c → char code, 0x hex, 0 octal); null when invalid. */
    static Long number(String s) {
        String t = s.trim();
        if (t.startsWith("'") || t.startsWith("\"")) {
            return t.length() > 1 ? (long) t.charAt(1) : 0L;
        }
        try {
            boolean neg = t.startsWith("-");
            String u = neg || t.startsWith("+") ? t.substring(1) : t;
            long v;
            if (u.startsWith("0x") || u.startsWith("0X")) {
                v = Long.parseLong(u.substring(2), 16);
            } else if (u.length() > 1 && u.startsWith("0")) {
                v = Long.parseLong(u.substring(1), 8);
            } else {
                v = Long.parseLong(u);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The char standing for byte {@code v} written by an escape: ASCII as itself, 0x80-0xFF as a lone low
     * surrogate (U+DC80 + byte, which no decoded text contains) that {@link #bytes} turns back into the byte.
     */
    static char rawByte(int v) {
        return v < 0x80 ? (char) v : (char) (0xDC00 + v);
    }

    /** UTF-8 of {@code s}, except that the chars {@link #rawByte} made become their single raw byte. */
    public static byte[] bytes(CharSequence s) {
        int n = s.length();
        boolean raw = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF) {
                raw = true;
                break;
            }
        }
        if (!raw) {
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 8);
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : 0;
            if (i == n || (c >= 0xDC80 && c <= 0xDCFF)) {
                byte[] b = s.subSequence(start, i).toString().getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                if (i < n) {
                    out.write(c - 0xDC00);
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes bytes as UTF-8, except that a byte that is not part of valid UTF-8 becomes the char {@link #rawByte}
     * makes for it, so {@link #bytes} writes back exactly the bytes read (a Latin-1 line passes through unharmed).
     */
    public static String text(byte[] b, int len) {
        boolean ascii = true;
        for (int i = 0; i < len && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, 0, len, StandardCharsets.ISO_8859_1);
        }
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b, 0, len);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(len);
        while (true) {
            // Each byte makes at most one char, so the output never overflows.
            java.nio.charset.CoderResult r = dec.decode(in, out, true);
            if (!r.isError()) {
                break;
            }
            for (int i = 0; i < r.length(); i++) {
                out.put(rawByte(in.get() & 0xff));
            }
        }
        dec.flush(out);
        return out.flip().toString();
    }

    /**
     * Appends {@code s} with backslash escapes interpreted (echo -e / %b style).
     *
     * @return true when {@code \c} asked to stop all output
     */
    public static boolean escapes(String s, StringBuilder sb, boolean echoStyle) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            int end = escapeOne(s, i, sb, echoStyle);
            if (end < 0) {
                return true;
            }
            i = end;
        }
        return false;
    }

    /** Interprets the escape at s[i] (a backslash); returns the next index, or -1 for \c. */
    private static int escapeOne(String s, int i, StringBuilder sb, boolean echoStyle) {
        if (i + 1 >= s.length()) {
            sb.append('\\');
            return i + 1;
        }
        char n = s.charAt(i + 1);
        switch (n) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'a' -> sb.append('\007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\013');
            case 'e' -> sb.append('\033');
            case '\\' -> sb.append('\\');
            case '"' -> sb.append('"');
            case 'c' -> {
                return -1;
            }
            case 'x' -> {
                int j = i + 2;
                int v = 0;
                int k = 0;
                while (j < s.length() && k < 2 && Character.digit(s.charAt(j), 16) >= 0) {
                    v = v * 16 + Character.digit(s.charAt(j), 16);
                    j++;
                    k++;
                }
                if (k == 0) {
                    sb.append("\\x");
                    return i + 2;
                }
                sb.append(rawByte(v));
                return j;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int j = i + 1;
                if (echoStyle && n == '0') {
                    j = i + 2;
                }
                int v = 0;
                int k = 0;
                // like busybox, an octal escape takes no digit that would carry it past one byte (\777 is "?7")
                while (j < s.length() && k < 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7'
                    && v * 8 + (s.charAt(j) - '0') <= 0xff) {
                    v = v * 8 + (s.charAt(j) - '0');
                    j++;
                    k++;
                }
                if (echoStyle && n != '0') {
                    sb.append('\\').append(n);
                    return i + 2;
                }
                sb.append(rawByte(v));
                return j;
            }
            default -> sb.append('\\').append(n);
        }
        return i + 2;
    }
}
