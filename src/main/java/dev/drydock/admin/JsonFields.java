package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Strict readers for admin JSON definitions: every problem is a 400 naming the field ({@code field "x": ...}). */
final class JsonFields {
    private JsonFields() {
    }

    static IllegalArgumentException field(String name, String problem) {
        return FaultJson.field(name, problem);
    }

    static void requireObject(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            throw name.isEmpty() ? new IllegalArgumentException("a JSON object is required")
                    : field(name, "must be an object");
        }
    }

    static void checkFields(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw field(prefix + n, "unknown field");
            }
        }
    }

    static String text(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw field(full, "must be a string");
        }
        return v.asText();
    }

    static boolean bool(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isBoolean()) {
            throw field(full, "must be true or false");
        }
        return v.asBoolean();
    }

    static long integer(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw field(full, "must be an integer");
        }
        return v.asLong();
    }

    static long nonNegative(JsonNode node, String name, String full) {
        long n = integer(node, name, full);
        if (n < 0) {
            throw field(full, "must not be negative, was " + n);
        }
        return n;
    }

    /** An object of string values, e.g. labels or headers. */
    static Map<String, String> stringMap(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        requireObject(v, full);
        Map<String, String> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw field(full + "." + e.getKey(), "must be a string");
            }
            m.put(e.getKey(), e.getValue().asText());
        });
        return m;
    }
}
