package dev.drydock.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a fault does to a matching request instead of (or to) the real handler's answer. */
public sealed interface FaultAction {

    /** The JSON field and value this action is written as in a fault definition. */
    Map.Entry<String, Object> toJsonField();

    /** Answer with this status, body and headers; the real handler never runs. */
    record Respond(int status, byte[] body, String contentType, Map<String, String> headers) implements FaultAction {
        public Respond {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("field \"respond.status\": must be 100 to 599, was " + status);
            }
            body = body == null ? new byte[0] : body.clone();
            headers = Map.copyOf(headers);
        }

        /** Docker's error shape: {@code {"message": ...}} as {@code application/json}. */
        public static Respond dockerError(int status, String message) {
            return new Respond(status, dev.drydock.api.ApiErrors.body(message), "application/json", Map.of());
        }

        @Override
        public Map.Entry<String, Object> toJsonField() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("body", new String(body, StandardCharsets.UTF_8));
            if (contentType != null) {
                m.put("contentType", contentType);
            }
            if (!headers.isEmpty()) {
                m.put("headers", headers);
            }
            return Map.entry("respond", m);
        }
    }

    /** How a dropped connection ends. */
    enum DropMode {
        /** A TCP reset (RST): the client sees "connection reset by peer". */
        RESET,
        /** An orderly close with no response: the client sees EOF / "empty reply". */
        CLOSE
    }

    /** Drop the connection before any response byte; the real handler never runs. */
    record Drop(DropMode mode) implements FaultAction {
        @Override
        public Map.Entry<String, Object> toJsonField() {
            return Map.entry("drop", mode.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Let the real response through for {@code after} lines (or write calls, when counting chunks), then end it
     * with Docker's in-band error line {@code {"errorDetail":{"message":...},"error":...}} or, when
     * {@code error} is null, cut the connection.
     */
    record FailMidStream(boolean countLines, int after, String error) implements FaultAction {
        public FailMidStream {
            if (after < 0) {
                throw new IllegalArgumentException("field \"failMidStream." + (countLines ? "afterLines" : "afterChunks")
                        + "\": must not be negative, was " + after);
            }
        }

        /** The in-band error line, with its newline. */
        public byte[] errorLine() {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("message", error);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errorDetail", detail);
            m.put("error", error);
            return dev.drydock.api.Json.line(m);
        }

        @Override
        public Map.Entry<String, Object> toJsonField() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(countLines ? "afterLines" : "afterChunks", after);
            if (error == null) {
                m.put("cut", true);
            } else {
                m.put("error", error);
            }
            return Map.entry("failMidStream", m);
        }
    }
}
