package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Dockerfile-style {@code changes} (import and commit): CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ... on a config. */
public final class ImageChanges {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImageChanges() {
    }

    /** Applies each change line to the config; Docker's 400 for an instruction it does not allow. */
    public static ImageConfig apply(ImageConfig base, List<String> changes) {
        ImageConfig c = base;
        for (String line : changes) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int sp = trimmed.indexOf(' ');
            String instr = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toUpperCase(Locale.ROOT);
            String args = sp < 0 ? "" : trimmed.substring(sp + 1).trim();
            c = switch (instr) {
                case "CMD" -> with(c, "cmd", execForm(args));
                case "ENTRYPOINT" -> with(c, "entrypoint", execForm(args));
                case "ENV" -> with(c, "env", env(c.env(), args));
                case "EXPOSE" -> with(c, "exposedPorts", addAll(c.exposedPorts(), ports(args)));
                case "VOLUME" -> with(c, "volumes", addAll(c.volumes(), jsonOrWords(args)));
                case "LABEL" -> with(c, "labels", labels(c.labels(), args));
                case "USER" -> with(c, "user", args);
                case "WORKDIR" -> with(c, "workingDir", args);
                case "STOPSIGNAL" -> with(c, "stopSignal", args);
                case "ONBUILD" -> with(c, "onBuild", addAll(c.onBuild(), List.of(args)));
                default -> throw EngineException.badRequest(instr.isEmpty() ? "dockerfile parse error" :
                        "dockerfile parse error on line 1: unknown instruction: " + instr);
            };
        }
        return c;
    }

    private static ImageConfig with(ImageConfig c, String field, Object v) {
        @SuppressWarnings("unchecked")
        List<String> l = v instanceof List<?> ? (List<String>) v : null;
        @SuppressWarnings("unchecked")
        Map<String, String> m = v instanceof Map<?, ?> ? (Map<String, String>) v : null;
        String s = v instanceof String str ? str : null;
        return new ImageConfig(field.equals("user") ? s : c.user(), field.equals("env") ? l : c.env(),
                field.equals("cmd") ? l : c.cmd(), field.equals("entrypoint") ? l : c.entrypoint(),
                field.equals("workingDir") ? s : c.workingDir(), field.equals("exposedPorts") ? l : c.exposedPorts(),
                field.equals("volumes") ? l : c.volumes(), field.equals("stopSignal") ? s : c.stopSignal(),
                field.equals("labels") ? m : c.labels(), c.healthcheck(), field.equals("onBuild") ? l : c.onBuild(),
                c.shell(), c.macAddress());
    }

    /** JSON array form as given; shell form wrapped in {@code /bin/sh -c}. */
    static List<String> execForm(String args) {
        if (args.startsWith("[")) {
            try {
                JsonNode n = MAPPER.readTree(args);
                if (n.isArray()) {
                    List<String> out = new ArrayList<>();
                    n.forEach(x -> out.add(x.asText()));
                    return List.copyOf(out);
                }
            } catch (java.io.IOException ignored) {
                // Not JSON: shell form, as Docker treats it.
            }
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonOrWords(String args) {
        if (args.startsWith("[")) {
            return execForm(args);
        }
        return List.of(args.split("\\s+"));
    }

    private static List<String> ports(String args) {
        List<String> out = new ArrayList<>();
        for (String p : args.split("\\s+")) {
            out.add(p.contains("/") ? p : p + "/tcp");
        }
        return out;
    }

    private static List<String> addAll(List<String> base, List<String> add) {
        List<String> out = new ArrayList<>(base == null ? List.of() : base);
        for (String a : add) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> env(List<String> base, String args) {
        List<String> out = new ArrayList<>(base == null ? List.of() : base);
        List<String[]> pairs = new ArrayList<>();
        if (args.contains("=")) {
            for (String kv : args.split("\\s+(?=[^\\s=]+=)")) {
                int eq = kv.indexOf('=');
                pairs.add(new String[] {kv.substring(0, eq), unquote(kv.substring(eq + 1))});
            }
        } else {
            int sp = args.indexOf(' ');
            pairs.add(new String[] {sp < 0 ? args : args.substring(0, sp), sp < 0 ? "" : args.substring(sp + 1).trim()});
        }
        for (String[] p : pairs) {
            out.removeIf(e -> e.startsWith(p[0] + "="));
            out.add(p[0] + "=" + p[1]);
        }
        return List.copyOf(out);
    }

    private static Map<String, String> labels(Map<String, String> base, String args) {
        Map<String, String> out = new LinkedHashMap<>(base == null ? Map.of() : base);
        for (String kv : args.split("\\s+(?=[^\\s=]+=)")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(unquote(kv.substring(0, eq)), unquote(kv.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
