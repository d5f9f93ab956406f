package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query argument: a map of key to a set of values, with Docker's matching rules.
 *
 * <p>Accepts both wire forms: {@code {"key":{"value":true}}} and the legacy {@code {"key":["value"]}}.
 */
public final class Filters {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Filters EMPTY = new Filters(Map.of());

    private final Map<String, Set<String>> values;

    private Filters(Map<String, Set<String>> values) {
        this.values = values;
    }

    public static Filters empty() {
        return EMPTY;
    }

    /** Builds filters from a plain map (for Java callers). */
    public static Filters of(Map<String, ? extends Collection<String>> map) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, new LinkedHashSet<>(v)));
        return new Filters(copy);
    }

    /** Parses the query argument; a blank one is empty. Malformed JSON is a 400 as Docker gives it. */
    public static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (Exception e) {
            throw EngineException.badRequest("invalid filter: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isNull()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw EngineException.badRequest("invalid filter: json: cannot unmarshal " + GoJson.kind(root)
                    + " into Go value of type map[string]map[string]bool");
        }
        Map<String, Set<String>> map = new LinkedHashMap<>();
        var fields = root.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            Set<String> set = new LinkedHashSet<>();
            JsonNode v = entry.getValue();
            if (v.isObject()) {
                var inner = v.fields();
                while (inner.hasNext()) {
                    var e = inner.next();
                    if (e.getValue().asBoolean(true)) {
                        set.add(e.getKey());
                    }
                }
            } else if (v.isArray()) {
                v.forEach(item -> set.add(item.asText()));
            } else if (!v.isNull()) {
                throw EngineException.badRequest("invalid filter: json: cannot unmarshal " + GoJson.kind(v)
                        + " into Go value of type map[string]bool");
            }
            map.put(entry.getKey(), set);
        }
        return new Filters(map);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Fails with Docker's {@code invalid filter 'key'} for any key not in {@code allowed}. */
    public Filters validate(Set<String> allowed) {
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw EngineException.badRequest("invalid filter '" + key + "'");
            }
        }
        return this;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Set<String> get(String key) {
        return values.getOrDefault(key, Set.of());
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** True when the key is absent, or {@code source} is one of its values. */
    public boolean exactMatch(String key, String source) {
        Set<String> set = values.get(key);
        return set == null || set.isEmpty() || set.contains(source);
    }

    /** True when the key is absent, or one of its values equals or is a prefix of {@code source}. */
    public boolean fuzzyMatch(String key, String source) {
        Set<String> set = values.get(key);
        if (set == null || set.isEmpty()) {
            return true;
        }
        if (source == null) {
            return false;
        }
        for (String v : set) {
            if (source.startsWith(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the key is absent, or every {@code k} / {@code k=v} value is present in {@code sources}.
     */
    public boolean matchKeyValues(String key, Map<String, String> sources) {
        Set<String> set = values.get(key);
        if (set == null || set.isEmpty()) {
            return true;
        }
        if (sources == null) {
            return false;
        }
        for (String v : set) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                if (!sources.containsKey(v)) {
                    return false;
                }
            } else if (!v.substring(eq + 1).equals(sources.get(v.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    /** The single boolean value of a key like {@code dangling}; Docker's error for anything else. */
    public Boolean booleanValue(String key) {
        Set<String> set = values.get(key);
        if (set == null || set.isEmpty()) {
            return null;
        }
        if (set.size() > 1) {
            throw EngineException.badRequest("invalid filter '" + key + "': only one value is allowed");
        }
        String v = set.iterator().next().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("0")) {
            return false;
        }
        throw EngineException.badRequest("invalid filter '" + key + "=" + set.iterator().next() + "'");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
