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

    private PathPattern(Kind kind, String text, Pattern regex, String prefix) {
        this.kind = kind;
        this.text = text;
        this.regex = regex;
        this.prefix = prefix;
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
        return new PathPattern(Kind.REGEX, regex, p, literalPrefix(regex));
    }

    /** Every path. */
    public static PathPattern any() {
        return ANY;
    }

    /** The longest literal text every match starts with, so a cheap {@code startsWith} rejects most paths. */
    static String literalPrefix(String regex) {
        if (regex.indexOf('|') >= 0) {
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
        return path.startsWith(prefix) && regex.matcher(path).matches();
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
