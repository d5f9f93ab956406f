package dev.drydock.build;

import dev.drydock.fs.Paths;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: patterns in order, the last match deciding, {@code !} for exceptions, {@code **} for
 * any number of directories; a pattern that matches a directory excludes everything under it.
 */
public final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** No exclusions. */
    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /** Parses the file's text. */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            if (exception) {
                line = line.substring(1).strip();
            }
            String clean = Paths.normalize("/" + line).substring(1);
            if (clean.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(toRegex(clean)), exception));
        }
        return new DockerIgnore(rules);
    }

    /** True when a context path (relative, "/"-separated) is excluded. */
    public boolean excludes(String relativePath) {
        String path = Paths.normalize("/" + relativePath).substring(1);
        if (path.isEmpty()) {
            return false;
        }
        boolean excluded = false;
        for (Rule r : rules) {
            if (matchesOrParent(r.pattern(), path)) {
                excluded = !r.exception();
            }
        }
        return excluded;
    }

    /** True when some exception rule could re-include something under this excluded directory. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    private static boolean matchesOrParent(Pattern p, String path) {
        if (p.matcher(path).matches()) {
            return true;
        }
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            path = path.substring(0, slash);
            if (p.matcher(path).matches()) {
                return true;
            }
            slash = path.lastIndexOf('/');
        }
        return false;
    }

    static String toRegex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String cls = pattern.substring(i + 1, end);
                    if (cls.startsWith("^") || cls.startsWith("!")) {
                        cls = "^" + cls.substring(1);
                    }
                    re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
