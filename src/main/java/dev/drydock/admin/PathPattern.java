package dev.drydock.admin;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a request's path must look like: exactly a path, a glob ({@code *} within one segment, {@code **} across
 * segments, {@code ?} one character) or a regex matched against the whole path.
 *
 * <p>Compiled once; a literal prefix is kept so most non-matching paths are rejected without running a regex.
 */
public final class PathPattern {
    /** How the pattern text is read. */
    public enum Kind { EXACT, GLOB, REGEX }

    private static final PathPattern ANY = new PathPattern(Kind.GLOB, "**", null, "");

    private final Kind kind;
    private final String text;
    private final Pattern regex;
    private final String prefix;
    /** Literal text every match contains somewhere (null when none is known): a cheap second filter. */
    private final String required;

    private PathPattern(Kind kind, String text, Pattern regex, String prefix) {
        this(kind, text, regex, prefix, null);
    }

    private PathPattern(Kind kind, String text, Pattern regex, String prefix, String required) {
        this.kind = kind;
        this.text = text;
        this.regex = regex;
        this.prefix = prefix;
        this.required = required == null || required.length() <= prefix.length() ? null : required;
    }

    /** Exactly this path. */
    public static PathPattern exact(String path) {
        Objects.requireNonNull(path, "path");
        return new PathPattern(Kind.EXACT, path, null, path);
    }

    /** A glob: {@code /containers/*}{@code /start}; without wildcards it is an exact path. */
    public static PathPattern glob(String glob) {
        Objects.requireNonNull(glob, "path");
        if (glob.equals("**")) {
            return ANY;
        }
        StringBuilder re = new StringBuilder();
        int firstWildcard = -1;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
                if (c == '?') {
                    re.append("[^/]");
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (firstWildcard < 0) {
            return new PathPattern(Kind.GLOB, glob, null, glob);
        }
        return new PathPattern(Kind.GLOB, glob, Pattern.compile(re.toString()), glob.substring(0, firstWildcard));
    }

    /** A regex the whole path must match; a malformed regex is an {@link IllegalArgumentException}. */
    public static PathPattern regex(String regex) {
        Pattern p = StringMatcher.compile(regex, "pathRegex");
        return new PathPattern(Kind.REGEX, regex, p, literalPrefix(regex), requiredLiteral(regex));
    }

    /**
     * The longest run of plain characters outside any group, class or quantifier, which every match must
     * contain; null when there is a top-level alternation or no such run.
     */
    static String requiredLiteral(String regex) {
        if (regex.contains("(?")) {
            // Inline flags ((?i)) or look-arounds change what the literals mean: no shortcut.
            return null;
        }
        String best = null;
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                // An escape: the escaped character may be a class (\d); end the run, skip it.
                best = longer(best, run);
                run.setLength(0);
                i++;
                continue;
            }
            if (c == '[') {
                best = longer(best, run);
                run.setLength(0);
                int close = regex.indexOf(']', i + 2);
                if (close < 0) {
                    return null;
                }
                i = close;
                continue;
            }
            if (c == '(') {
                best = longer(best, run);
                run.setLength(0);
                depth++;
                continue;
            }
            if (c == ')') {
                depth--;
                continue;
            }
            if (c == '|' && depth == 0) {
                return null;
            }
            if (depth > 0) {
                continue;
            }
            if ("*+?{".indexOf(c) >= 0) {
                if (!run.isEmpty()) {
                    run.setLength(run.length() - 1);
                }
                best = longer(best, run);
                run.setLength(0);
                if (c == '{') {
                    int close = regex.indexOf('}', i);
                    i = close < 0 ? regex.length() : close;
                }
                continue;
            }
            if (".^$".indexOf(c) >= 0) {
                best = longer(best, run);
                run.setLength(0);
                continue;
            }
            run.append(c);
        }
        return longer(best, run);
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() >= 2 && (best == null || run.length() > best.length()) ? run.toString() : best;
    }

    /** Every path. */
    public static PathPattern any() {
        return ANY;
    }

    /** The longest literal text every match starts with, so a cheap {@code startsWith} rejects most paths. */
    static String literalPrefix(String regex) {
        if (regex.indexOf('|') >= 0 || regex.contains("(?")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int i = regex.startsWith("^") ? 1 : 0;
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if ("*+?{".indexOf(c) >= 0) {
                // The character before a quantifier is optional or repeated: not part of the prefix.
                if (!sb.isEmpty()) {
                    sb.setLength(sb.length() - 1);
                }
                break;
            }
            if ("\\.[](){}^$|".indexOf(c) >= 0) {
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** True when the path matches. */
    public boolean matches(String path) {
        if (path == null) {
            return false;
        }
        if (regex == null) {
            return kind == Kind.GLOB && this == ANY || text.equals(path);
        }
        return path.startsWith(prefix) && (required == null || path.contains(required))
                && regex.matcher(path).matches();
    }

    public Kind kind() {
        return kind;
    }

    /** The pattern as it was given. */
    public String text() {
        return text;
    }

    /** How the pattern reads in a failure message. */
    public String describe() {
        return switch (kind) {
            case EXACT -> text;
            case GLOB -> regex == null && this != ANY ? text : text + " (glob)";
            case REGEX -> text + " (regex)";
        };
    }

    /** The JSON field and value this pattern is written as in a fault or filter definition. */
    Map.Entry<String, String> toJsonField() {
        return Map.entry(kind == Kind.REGEX ? "pathRegex" : "path", text);
    }

    @Override
    public String toString() {
        return describe();
    }
}
