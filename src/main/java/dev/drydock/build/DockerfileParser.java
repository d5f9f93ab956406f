package dev.drydock.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Dockerfile text the way the classic builder does: parser directives, comments, line continuations
 * with the configured escape character, exec (JSON) and shell forms, flags, and key=value instructions.
 * Variable substitution happens later, per instruction, in {@link WordExpander}.
 */
public final class DockerfileParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9-_.]*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Set<String> KNOWN = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
            "WORKDIR");
    /** The flags each instruction accepts; any other is the parser's {@code Unknown flag} (COPY/ADD --chmod and
     *  HEALTHCHECK --start-interval are accepted as newer engines do). */
    private static final Map<String, Set<String>> FLAGS = Map.of("ADD", Set.of("chown", "chmod"),
            "COPY", Set.of("from", "chown", "chmod"), "FROM", Set.of("platform"), "RUN", Set.of("mount"),
            "HEALTHCHECK", Set.of("interval", "timeout", "start-period", "start-interval", "retries"));

    private DockerfileParser() {
    }

    /** A parsed Dockerfile: its parser directives, escape character and instructions in order. */
    public record Dockerfile(Map<String, String> directives, char escape, List<Instruction> instructions) {
    }

    public static Dockerfile parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        Map<String, String> directives = new LinkedHashMap<>();
        char escape = '\\';
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i].strip());
            if (!m.matches()) {
                break;
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (directives.containsKey(name)) {
                throw DockerfileException.atLine(i + 1, "only one " + name + " parser directive can be used");
            }
            directives.put(name, m.group(2));
            if (name.equals("escape")) {
                String e = m.group(2);
                if (!e.equals("\\") && !e.equals("`")) {
                    throw DockerfileException.syntax("invalid escape token '" + e + "' does not match ` or \\");
                }
                escape = e.charAt(0);
            }
        }
        Pattern continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
        List<Instruction> out = new ArrayList<>();
        for (; i < lines.length; i++) {
            String line = lines[i].stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i + 1;
            StringBuilder logical = new StringBuilder();
            while (true) {
                Matcher m = continuation.matcher(line);
                if (!m.find()) {
                    logical.append(line);
                    break;
                }
                logical.append(line, 0, m.start());
                // The next physical line continues this one; comments and blank lines inside are dropped.
                do {
                    i++;
                    line = i < lines.length ? lines[i].stripLeading() : null;
                } while (line != null && (line.isBlank() || line.startsWith("#")));
                if (line == null) {
                    break;
                }
            }
            out.add(parseInstruction(logical.toString().strip(), start, escape));
        }
        return new Dockerfile(directives, escape, out);
    }

    static Instruction parseInstruction(String text, int line, char escape) {
        int sp = indexOfWhitespace(text);
        String word = sp < 0 ? text : text.substring(0, sp);
        String keyword = word.toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : text.substring(sp).strip();
        if (!KNOWN.contains(keyword)) {
            throw DockerfileException.atLine(line, "unknown instruction: " + keyword);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        if (!keyword.equals("ONBUILD")) {
            // Every instruction's leading --words are flags, checked against what it accepts.
            while (rest.startsWith("--")) {
                int end = indexOfWhitespace(rest);
                String flag = end < 0 ? rest : rest.substring(0, end);
                rest = end < 0 ? "" : rest.substring(end).strip();
                int eq = flag.indexOf('=');
                String name = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
                if (!FLAGS.getOrDefault(keyword, Set.of()).contains(name)) {
                    throw DockerfileException.atLine(line, "Unknown flag: " + name);
                }
                if (flags.put(name, eq < 0 ? "true" : flag.substring(eq + 1)) != null) {
                    throw DockerfileException.atLine(line, "Duplicate flag specified: " + name);
                }
            }
        }
        return switch (keyword) {
            case "ONBUILD" -> {
                if (rest.isEmpty()) {
                    throw DockerfileException.atLine(line, "ONBUILD requires at least one argument");
                }
                Instruction inner = parseInstruction(rest, line, escape);
                if (inner.keyword().equals("ONBUILD") || inner.keyword().equals("FROM")
                        || inner.keyword().equals("MAINTAINER")) {
                    throw DockerfileException.atLine(line, inner.keyword() + " isn't allowed as an ONBUILD trigger");
                }
                yield new Instruction(keyword, flags, List.of(rest), false, text, line, inner);
            }
            case "ENV", "LABEL" -> new Instruction(keyword, flags, nameValues(keyword, rest, line, escape), false, text,
                    line, null);
            case "ARG" -> {
                List<String> words = Words.split(rest, escape);
                if (words.isEmpty()) {
                    throw DockerfileException.atLine(line, "ARG requires at least one argument");
                }
                yield new Instruction(keyword, flags, words, false, text, line, null);
            }
            case "CMD", "ENTRYPOINT", "RUN", "SHELL" -> {
                List<String> json = jsonArray(rest);
                if (keyword.equals("SHELL") && json == null) {
                    throw DockerfileException.atLine(line, "SHELL requires the arguments to be in JSON form");
                }
                if (keyword.equals("RUN") && json == null && rest.isEmpty()) {
                    throw DockerfileException.atLine(line, "RUN requires at least one argument");
                }
                yield json != null ? new Instruction(keyword, flags, json, true, text, line, null)
                        : new Instruction(keyword, flags, rest.isEmpty() ? List.of() : List.of(rest), false, text,
                        line, null);
            }
            case "HEALTHCHECK" -> {
                if (rest.isEmpty()) {
                    throw DockerfileException.atLine(line, "HEALTHCHECK requires at least one argument");
                }
                int s2 = indexOfWhitespace(rest);
                String type = (s2 < 0 ? rest : rest.substring(0, s2)).toUpperCase(Locale.ROOT);
                String cmd = s2 < 0 ? "" : rest.substring(s2).strip();
                if (type.equals("NONE")) {
                    if (!cmd.isEmpty() || !flags.isEmpty()) {
                        throw DockerfileException.atLine(line, "HEALTHCHECK NONE takes no arguments");
                    }
                    yield new Instruction(keyword, flags, List.of("NONE"), false, text, line, null);
                }
                if (!type.equals("CMD")) {
                    throw DockerfileException.atLine(line, "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
                }
                for (String f : List.of("interval", "timeout", "start-period", "start-interval")) {
                    String v = flags.get(f);
                    if (v != null && !v.isEmpty()) {
                        try {
                            GoFormat.parseDuration(v);
                        } catch (IllegalArgumentException e) {
                            throw DockerfileException.atLine(line, e.getMessage());
                        }
                    }
                }
                List<String> json = jsonArray(cmd);
                List<String> args = new ArrayList<>();
                args.add("CMD");
                if (json != null) {
                    args.addAll(json);
                } else {
                    args.add(cmd);
                }
                yield new Instruction(keyword, flags, args, json != null, text, line, null);
            }
            case "VOLUME", "COPY", "ADD" -> {
                List<String> json = jsonArray(rest);
                List<String> words = json != null ? json : Words.split(rest, escape);
                if (words.isEmpty() || (!keyword.equals("VOLUME") && words.size() < 2)) {
                    throw DockerfileException.atLine(line, keyword.equals("VOLUME")
                            ? "VOLUME requires at least one argument"
                            : keyword + " requires at least two arguments, but only one was provided. "
                            + "Destination could not be determined");
                }
                yield new Instruction(keyword, flags, words, json != null, text, line, null);
            }
            case "WORKDIR", "USER", "STOPSIGNAL" -> {
                // The daemon takes the rest of the line as one word ("WORKDIR a b" is the directory "a b").
                if (rest.isEmpty()) {
                    throw DockerfileException.atLine(line, keyword + " requires exactly one argument");
                }
                yield new Instruction(keyword, flags, List.of(rest), false, text, line, null);
            }
            default -> {
                List<String> words = Words.split(rest, escape);
                if (keyword.equals("FROM") && words.size() != 1 && !(words.size() == 3
                        && words.get(1).equalsIgnoreCase("AS"))) {
                    throw DockerfileException.atLine(line, "FROM requires either one or three arguments");
                }
                if (keyword.equals("FROM") && words.size() == 3 && !STAGE_NAME.matcher(words.get(2)).matches()) {
                    throw DockerfileException.atLine(line, "invalid name for build stage: \"" + words.get(2)
                            + "\", name can't start with a number or contain symbols");
                }
                if (words.isEmpty()) {
                    throw DockerfileException.atLine(line, keyword + " requires at least one argument");
                }
                yield new Instruction(keyword, flags, keyword.equals("MAINTAINER") ? List.of(rest) : words, false,
                        text, line, null);
            }
        };
    }

    /** ENV and LABEL: {@code key value} (legacy) or {@code k=v k2="v 2"}; returns keys and raw values interleaved. */
    private static List<String> nameValues(String keyword, String rest, int line, char escape) {
        List<String> words = Words.split(rest, escape);
        if (words.isEmpty()) {
            throw DockerfileException.atLine(line, keyword + " requires at least one argument");
        }
        List<String> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            int sp = indexOfWhitespace(rest);
            if (sp < 0) {
                throw DockerfileException.syntax(keyword + " must have two arguments");
            }
            out.add(words.get(0));
            out.add(rest.substring(sp).strip());
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw DockerfileException.atLine(line, "Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            if (eq == 0) {
                throw DockerfileException.atLine(line, keyword + " names can not be blank");
            }
            out.add(w.substring(0, eq));
            out.add(w.substring(eq + 1));
        }
        return out;
    }

    /** The strings of a JSON array of strings, or null when the text is not one (then it is shell form). */
    static List<String> jsonArray(String text) {
        if (!text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    return null;
                }
                out.add(n.asText());
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
