package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** How Go's encoding/json names JSON values in its errors, shared by the API and the engine. */
public final class GoJson {
    private GoJson() {
    }

    /**
     * The JSON kind as Go's decoder names it in "cannot unmarshal KIND into Go value of type ..." errors:
     * array, string, number, bool, otherwise object.
     */
    public static String kind(JsonNode n) {
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "object";
    }
}
