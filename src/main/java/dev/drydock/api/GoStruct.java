package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.GoJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body read the way Go decodes it into a struct: field names match case-insensitively, null
 * leaves the zero value, and a value of the wrong type fails with the decoder's text
 * ({@code json: cannot unmarshal string into Go struct field ExecConfig.Tty of type bool}).
 */
final class GoStruct {
    private final JsonNode object;
    private final String struct;

    private GoStruct(JsonNode object, String struct) {
        this.object = object;
        this.struct = struct;
    }

    /**
     * The body as the struct named {@code goType} (package-qualified, e.g. {@code types.ExecConfig}): a JSON
     * null is the zero struct, any non-object a decoder error.
     */
    static GoStruct of(JsonNode body, String goType) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new GoStruct(Json.MAPPER.createObjectNode(), goType.substring(goType.indexOf('.') + 1));
        }
        if (!body.isObject()) {
            throw mismatch(GoJson.kind(body), "Go value of type " + goType);
        }
        return new GoStruct(body, goType.substring(goType.indexOf('.') + 1));
    }

    private JsonNode field(String name) {
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        JsonNode found = null;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            // Go prefers the exact name, else the last case-insensitive match wins.
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
            if (e.getKey().equalsIgnoreCase(name)) {
                found = e.getValue();
            }
        }
        return found;
    }

    boolean bool(String name) {
        JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw mismatch(GoJson.kind(v), "Go struct field " + struct + "." + name + " of type bool");
        }
        return v.booleanValue();
    }

    String string(String name) {
        JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw mismatch(GoJson.kind(v), "Go struct field " + struct + "." + name + " of type string");
        }
        return v.textValue();
    }

    List<String> strings(String name) {
        JsonNode v = field(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw mismatch(GoJson.kind(v), "Go struct field " + struct + "." + name + " of type []string");
        }
        for (JsonNode n : v) {
            if (n.isNull()) {
                out.add("");
            } else if (!n.isTextual()) {
                throw mismatch(GoJson.kind(n), "Go struct field " + struct + "." + name + " of type string");
            } else {
                out.add(n.textValue());
            }
        }
        return out;
    }

    /** A {@code *[2]uint}: null when absent; extra elements are dropped and missing ones are 0, as Go does. */
    int[] uintPair(String name) {
        JsonNode v = field(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw mismatch(GoJson.kind(v), "Go struct field " + struct + "." + name + " of type [2]uint");
        }
        int[] out = new int[2];
        for (int i = 0; i < Math.min(2, v.size()); i++) {
            JsonNode n = v.get(i);
            if (n.isNull()) {
                continue;
            }
            if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > Integer.MAX_VALUE) {
                String kind = n.isNumber() ? "number " + n.asText() : GoJson.kind(n);
                throw mismatch(kind, "Go struct field " + struct + "." + name + " of type uint");
            }
            out[i] = n.intValue();
        }
        return out;
    }

    private static EngineException mismatch(String kind, String target) {
        return EngineException.badRequest("json: cannot unmarshal " + kind + " into " + target);
    }
}
