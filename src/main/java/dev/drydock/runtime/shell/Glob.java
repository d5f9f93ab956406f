package dev.drydock.runtime.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SysFiles;

/**
 * Shell patterns ({@code * ? [...]}, backslash escapes) for {@code case}, {@code [[ == ]]}, {@code ${x#pat}}
 * and pathname expansion.
 */
public final class Glob {
    private Glob() {
    }

    /** True when the text has an unescaped pattern character. */
    public static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            } else if (c == '[' && s.indexOf(']', i + 2) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Escapes pattern characters so the text matches only itself. */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 4).append(s, 0, i);
                }
                sb.append('\\');
            }
            if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Removes pattern escapes (for a pattern that matched nothing). */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** True when the whole of {@code s} matches {@code pattern}. */
    public static boolean matches(String pattern, String s) {
        return match(pattern, 0, s, 0, s.length());
    }

    /** Matches pattern against s[si, end). */
    static boolean match(String p, int pi, String s, int si, int end) {
        int starP = -1;
        int starS = -1;
        while (si < end) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    starP = ++pi;
                    starS = si;
                    continue;
                }
                if (c == '?') {
                    pi++;
                    si++;
                    continue;
                }
                if (c == '[') {
                    int close = classEnd(p, pi);
                    if (close > 0) {
                        if (classMatches(p, pi + 1, close, s.charAt(si))) {
                            pi = close + 1;
                            si++;
                            continue;
                        }
                    } else if (s.charAt(si) == '[') {
                        pi++;
                        si++;
                        continue;
                    }
                } else {
                    if (c == '\\' && pi + 1 < p.length()) {
                        c = p.charAt(pi + 1);
                        if (c == s.charAt(si)) {
                            pi += 2;
                            si++;
                            continue;
                        }
                    } else if (c == s.charAt(si)) {
                        pi++;
                        si++;
                        continue;
                    }
                }
            }
            if (starP >= 0) {
                pi = starP;
                si = ++starS;
                continue;
            }
            return false;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int e = p.indexOf(":]", i + 2);
                if (e > 0) {
                    i = e + 2;
                    continue;
                }
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean classMatches(String p, int from, int to, char ch) {
        boolean neg = false;
        int i = from;
        if (i < to && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            neg = true;
            i++;
        }
        boolean hit = false;
        boolean first = true;
        while (i < to) {
            char c = p.charAt(i);
            if (c == '[' && i + 1 < to && p.charAt(i + 1) == ':') {
                int e = p.indexOf(":]", i + 2);
                if (e > 0 && e < to) {
                    if (namedClass(p.substring(i + 2, e), ch)) {
                        hit = true;
                    }
                    i = e + 2;
                    first = false;
                    continue;
                }
            }
            if (c == '\\' && i + 1 < to) {
                c = p.charAt(++i);
            } else if (c == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < to && p.charAt(i + 1) == '-' && p.charAt(i + 2) != ']') {
                char hi = p.charAt(i + 2);
                if (hi == '\\' && i + 3 < to) {
                    hi = p.charAt(i + 3);
                    i++;
                }
                if (ch >= c && ch <= hi) {
                    hit = true;
                }
                i += 3;
                continue;
            }
            if (ch == c) {
                hit = true;
            }
            i++;
        }
        return hit != neg;
    }

    static boolean namedClass(String name, char ch) {
        return switch (name) {
            case "alpha" -> Character.isLetter(ch);
            case "digit" -> ch >= '0' && ch <= '9';
            case "alnum" -> Character.isLetterOrDigit(ch);
            case "upper" -> Character.isUpperCase(ch);
            case "lower" -> Character.isLowerCase(ch);
            case "space" -> Character.isWhitespace(ch);
            case "blank" -> ch == ' ' || ch == '\t';
            case "punct" -> ch > 32 && ch < 127 && !Character.isLetterOrDigit(ch);
            case "xdigit" -> Character.digit(ch, 16) >= 0;
            case "cntrl" -> ch < 32 || ch == 127;
            case "print" -> ch >= 32 && ch != 127;
            case "graph" -> ch > 32 && ch != 127;
            default -> false;
        };
    }

    /** Pathname expansion of a pattern; empty when nothing matches. */
    static List<String> expand(ProgramContext ctx, String pattern) {
        List<String> out = new ArrayList<>();
        boolean abs = pattern.startsWith("/");
        String[] comps = pattern.split("/+");
        List<String> bases = new ArrayList<>();
        bases.add(abs ? "/" : "");
        for (int ci = 0; ci < comps.length; ci++) {
            String comp = comps[ci];
            if (comp.isEmpty()) {
                continue;
            }
            boolean last = ci == comps.length - 1;
            List<String> next = new ArrayList<>();
            for (String base : bases) {
                String dir = base.isEmpty() ? "." : base;
                if (!hasMeta(comp)) {
                    String cand = join(base, unescape(comp));
                    if (last ? SysFiles.exists(ctx, cand) || isLink(ctx, cand) : isDir(ctx, cand)) {
                        next.add(cand);
                    }
                    continue;
                }
                List<String> names;
                try {
                    names = SysFiles.list(ctx, dir);
                } catch (FsException e) {
                    continue;
                }
                for (String n : names) {
                    if (n.startsWith(".") && !comp.startsWith(".") && !comp.startsWith("\\.")) {
                        continue;
                    }
                    if (matches(comp, n)) {
                        String cand = join(base, n);
                        if (last || isDir(ctx, cand)) {
                            next.add(cand);
                        }
                    }
                }
            }
            bases = next;
            if (bases.isEmpty()) {
                return out;
            }
        }
        if (pattern.endsWith("/")) {
            bases.replaceAll(b -> b + "/");
        }
        out.addAll(bases);
        Collections.sort(out);
        return out;
    }

    private static String join(String base, String name) {
        if (base.isEmpty()) {
            return name;
        }
        return base.endsWith("/") ? base + name : base + "/" + name;
    }

    private static boolean isDir(ProgramContext ctx, String p) {
        try {
            return SysFiles.stat(ctx, p, true).map(s -> s.isDirectory()).orElse(false);
        } catch (FsException e) {
            return false;
        }
    }

    private static boolean isLink(ProgramContext ctx, String p) {
        try {
            return SysFiles.stat(ctx, p, false).isPresent();
        } catch (FsException e) {
            return false;
        }
    }
}
