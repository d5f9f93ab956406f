package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.ControllableClock;
import dev.drydock.engine.Timestamps;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state-control routes of the admin API:
 *
 * <pre>
 * POST   /_drydock/seed                 create images, networks, volumes and containers (a {@link Seed} document
 *                                       in JSON, or YAML with a yaml Content-Type) → 201 with what was made;
 *                                       all or nothing, 400 naming the bad field
 * GET    /_drydock/clock                {"time": RFC 3339, "frozen": bool}
 * PUT    /_drydock/clock                {"time": "...", "frozen": true}: set (and by default freeze) the clock;
 *                                       {"frozen": false} lets it run from its current time
 * POST   /_drydock/clock/advance        {"by": "90m"} (a Go duration, may be negative) → the clock
 * DELETE /_drydock/clock                back to its start (the system time, or the configured fixed time)
 * </pre>
 */
final class StateApi {
    static final List<String> ROUTES = List.of("POST /_drydock/seed", "GET /_drydock/clock", "PUT /_drydock/clock",
            "POST /_drydock/clock/advance", "DELETE /_drydock/clock");
    private static final Set<String> CLOCK_FIELDS = Set.of("time", "frozen");

    private final Admin admin;

    StateApi(Admin admin) {
        this.admin = admin;
    }

    /** The reply for a state route, or null when the request is not one. */
    AdminApi.Reply route(String method, String[] seg, Request request) {
        String path = String.join("/", seg);
        switch (method + " " + path) {
            case "POST seed" -> {
                return new AdminApi.Reply(201, admin.seed(seed(request)));
            }
            case "GET clock" -> {
                return AdminApi.Reply.ok(clock(admin.clock()));
            }
            case "PUT clock" -> {
                return AdminApi.Reply.ok(clock(setClock(AdminApi.body(request))));
            }
            case "POST clock/advance" -> {
                JsonNode b = AdminApi.body(request);
                if (!b.isObject()) {
                    throw FaultJson.field("by", "must be a duration such as \"90m\"");
                }
                for (var it = b.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!f.equals("by")) {
                        throw FaultJson.field(f, "unknown field");
                    }
                }
                admin.clock().advance(duration(b.get("by")));
                return AdminApi.Reply.ok(clock(admin.clock()));
            }
            case "DELETE clock" -> {
                admin.clock().reset();
                return AdminApi.Reply.ok(clock(admin.clock()));
            }
            default -> {
                return null;
            }
        }
    }

    private static Seed seed(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        byte[] body = AdminApi.bytes(request);
        if (body.length == 0) {
            throw new IllegalArgumentException("a seed document is required");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("yaml")
                ? Seed.fromYaml(text) : Seed.fromJson(text);
    }

    private ControllableClock setClock(JsonNode b) {
        if (!b.isObject()) {
            throw FaultJson.field("time", "the body must be an object such as {\"time\": \"2026-01-01T00:00:00Z\"}");
        }
        for (var it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CLOCK_FIELDS.contains(f)) {
                throw FaultJson.field(f, "unknown field");
            }
        }
        JsonNode frozenNode = b.get("frozen");
        if (frozenNode != null && !frozenNode.isBoolean()) {
            throw FaultJson.field("frozen", "must be true or false");
        }
        boolean frozen = frozenNode == null || frozenNode.asBoolean();
        ControllableClock clock = admin.clock();
        Instant at = clock.instant();
        if (b.has("time")) {
            JsonNode t = b.get("time");
            if (!t.isTextual()) {
                throw FaultJson.field("time", "must be an RFC 3339 time such as \"2026-01-01T00:00:00Z\"");
            }
            at = Instant.ofEpochSecond(0, SeedJson.time(t.asText(), "time", clock));
        }
        if (frozen) {
            clock.set(at);
        } else {
            clock.runFrom(at);
        }
        return clock;
    }

    private static Duration duration(JsonNode by) {
        String v = by == null || !by.isTextual() ? "" : by.asText().trim();
        boolean negative = v.startsWith("-");
        String d = negative ? v.substring(1) : v;
        if (!d.matches("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+")) {
            throw FaultJson.field("by", "must be a duration such as \"90m\" or \"1h30m\", was "
                    + (by == null ? "missing" : by.toString()));
        }
        Duration out = Duration.ofNanos(Timestamps.durationNanos(d));
        return negative ? out.negated() : out;
    }

    static Map<String, Object> clock(ControllableClock c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", c.instant().toString());
        m.put("frozen", c.frozen());
        return m;
    }
}
