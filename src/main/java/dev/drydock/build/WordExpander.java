package dev.drydock.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The builder's variable substitution and quote removal: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}},
 * {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}}; single quotes are
 * literal, double quotes allow substitution, the escape character escapes the next character.
 */
public final class WordExpander {
    private final char escape;

    public WordExpander(char escape) {
        this.escape = escape;
    }

    /** Expands one word (quotes removed). */
    public String expand(String word, Map<String, String> env) {
        List<String> words = expandInternal(word, env, false);
        return words.isEmpty() ? "" : words.get(0);
    }

    /** Expands text and splits it into words at unquoted whitespace, as EXPOSE or VOLUME need. */
    public List<String> expandWords(String text, Map<String, String> env) {
        return expandInternal(text, env, true);
    }

    private List<String> expandInternal(String s, Map<String, String> env, boolean split) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (split && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
                i++;
                continue;
            }
            any = true;
            if (c == escape) {
                if (i + 1 < s.length()) {
                    cur.append(s.charAt(i + 1));
                    i += 2;
                } else {
                    cur.append(c);
                    i++;
                }
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new DockerfileException("unexpected end of statement while looking for matching single-quote");
                }
                cur.append(s, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new DockerfileException("unexpected end of statement while looking for matching double-quote");
                    }
                    char d = s.charAt(i);
                    if (d == '"') {
                        i++;
                        break;
                    }
                    if (d == escape && i + 1 < s.length() && "\"$`\\".indexOf(s.charAt(i + 1)) >= 0
                            || d == escape && i + 1 < s.length() && s.charAt(i + 1) == escape) {
                        cur.append(s.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = dollar(s, i, env, cur);
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
            } else if (c == '$') {
                if (!split) {
                    i = dollar(s, i, env, cur);
                    continue;
                }
                // Unquoted expansions are split into words, as the shell splits them.
                StringBuilder value = new StringBuilder();
                i = dollar(s, i, env, value);
                for (int k = 0; k < value.length(); k++) {
                    char v = value.charAt(k);
                    if (Character.isWhitespace(v)) {
                        if (cur.length() > 0) {
                            out.add(cur.toString());
                            cur.setLength(0);
                        }
                    } else {
                        cur.append(v);
                    }
                }
                any = cur.length() > 0;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (any || !split) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Expands the variable reference at {@code s[i] == '$'}; returns the index after it. */
    private int dollar(String s, int i, Map<String, String> env, StringBuilder out) {
        int j = i + 1;
        if (j >= s.length()) {
            out.append('$');
            return j;
        }
        char c = s.charAt(j);
        if (c == '{') {
            int close = matchingBrace(s, j);
            String body = s.substring(j + 1, close);
            out.append(braced(body, env));
            return close + 1;
        }
        int k = j;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        if (k == j) {
            out.append('$');
            return j;
        }
        String v = env.get(s.substring(j, k));
        out.append(v == null ? "" : v);
        return k;
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return k;
            }
        }
        throw new DockerfileException("syntax error: missing '}'");
    }

    private String braced(String body, Map<String, String> env) {
        int k = 0;
        while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) {
            k++;
        }
        String name = body.substring(0, k);
        if (name.isEmpty()) {
            throw new DockerfileException("bad substitution: ${" + body + "}");
        }
        String value = env.get(name);
        if (k == body.length()) {
            return value == null ? "" : value;
        }
        boolean colon = body.charAt(k) == ':';
        int opAt = colon ? k + 1 : k;
        if (opAt >= body.length()) {
            throw new DockerfileException("bad substitution: ${" + body + "}");
        }
        char op = body.charAt(opAt);
        String word = body.substring(opAt + 1);
        boolean unset = value == null || (colon && value.isEmpty());
        return switch (op) {
            case '-' -> unset ? expand(word, env) : value;
            case '+' -> unset ? "" : expand(word, env);
            case '?' -> {
                if (unset) {
                    throw new DockerfileException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                yield value;
            }
            default -> throw new DockerfileException("unsupported modifier (" + op + ") in substitution");
        };
    }
}
