package dev.drydock.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.GoJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the HTTP layer, and Docker's way of answering bad request bodies. */
public final class Json {
    /** Lenient where Docker is: unknown fields ignored, nulls allowed, one trailing value rejected. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION, false);

    private Json() {
    }

    /** Serializes to compact JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes to one compact JSON line with its newline, as Docker's streams and bodies end. */
    public static byte[] line(Object value) {
        try {
            // Straight to UTF-8 bytes: a String first cost two more copies of large bodies (container lists).
            byte[] json = MAPPER.writeValueAsBytes(value);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body as Docker does: an empty body where one is required gives a 400; malformed JSON
     * or a wrong type gives a 400 with the decoder's reason.
     */
    public static JsonNode parseBody(byte[] body, boolean required) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (required) {
                throw EngineException.badRequest("invalid JSON: body is empty");
            }
            return MAPPER.nullNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.nullNode() : node;
        } catch (JsonProcessingException e) {
            throw EngineException.badRequest("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body as the JSON object a Go handler decodes into {@code goType}: null becomes an empty object, any
     * other non-object a 400 worded as Go's decoder words it.
     */
    public static JsonNode object(JsonNode body, String goType) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!body.isObject()) {
            throw EngineException.badRequest("invalid JSON: json: cannot unmarshal " + GoJson.kind(body)
                    + " into Go value of type " + goType);
        }
        return body;
    }

    /**
     * A string field of an object, matched case-insensitively as Go matches field names; null when absent or
     * null, a 400 naming the field when it holds anything but a string.
     */
    public static String string(JsonNode object, String field, String goStruct) {
        var fields = object.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getKey().equalsIgnoreCase(field)) {
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    return null;
                }
                if (!v.isTextual()) {
                    throw EngineException.badRequest("invalid JSON: json: cannot unmarshal " + GoJson.kind(v)
                            + " into Go struct field " + goStruct + "." + field + " of type string");
                }
                return v.asText();
            }
        }
        return null;
    }

    /** Binds a request body to a type; a type mismatch is a 400 naming the field, like Go's decoder. */
    public static <T> T bind(byte[] body, Class<T> type, boolean required) {
        JsonNode node = parseBody(body, required);
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw EngineException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }
}
