package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Stub} from JSON, strictly (unknown fields, wrong types, negative delays and bad regexes are
 * 400s naming the field, e.g. {@code field "output[1].delayMs": must not be negative, was -5}).
 *
 * <pre>
 * {"id": "api", "image": "acme/api", "command": ["serve"] | "commandMatches": "serve.*",
 *  "output": [{"stdout": "starting"}, {"stderr": "warming up", "delayMs": 200}],
 *  "health": [{"status": "healthy", "afterMs": 300}],
 *  "ports": [{"port": 8080, "http": [{"method": "GET", "path": "/health", "status": 200, "body": "ok",
 *                                     "contentType": "text/plain", "headers": {"X-A": "b"}}]},
 *            {"port": 7, "echo": true}],
 *  "exit": {"code": 3, "afterMs": 100} | "runUntilStopped": true,
 *  "signals": {"TERM": 0}}
 * </pre>
 */
final class StubJson {
    private static final Set<String> FIELDS = Set.of("id", "image", "command", "commandMatches", "output", "health",
            "ports", "exit", "runUntilStopped", "signals");

    private StubJson() {
    }

    static Stub stub(JsonNode node) {
        JsonFields.requireObject(node, "");
        JsonFields.checkFields(node, FIELDS, "");
        if (!node.has("image")) {
            throw JsonFields.field("image", "required");
        }
        Stub s = Stub.forImage(JsonFields.text(node, "image", "image"));
        if (node.has("id")) {
            s.withId(JsonFields.text(node, "id", "id"));
        }
        if (node.has("command")) {
            s.whenCommand(strings(node.get("command"), "command").toArray(new String[0]));
        }
        if (node.has("commandMatches")) {
            s.whenCommandMatches(JsonFields.text(node, "commandMatches", "commandMatches"));
        }
        if (node.has("output")) {
            output(s, array(node, "output"));
        }
        if (node.has("health")) {
            JsonNode list = array(node, "health");
            for (int i = 0; i < list.size(); i++) {
                String f = "health[" + i + "]";
                JsonNode h = list.get(i);
                JsonFields.requireObject(h, f);
                JsonFields.checkFields(h, Set.of("status", "afterMs"), f + ".");
                String status = JsonFields.text(h, "status", f + ".status");
                long after = h.has("afterMs") ? JsonFields.nonNegative(h, "afterMs", f + ".afterMs") : 0;
                s.health(status, Duration.ofMillis(after));
            }
        }
        if (node.has("ports")) {
            JsonNode list = array(node, "ports");
            for (int i = 0; i < list.size(); i++) {
                port(s, list.get(i), "ports[" + i + "]");
            }
        }
        if (node.has("exit") && node.has("runUntilStopped")) {
            throw JsonFields.field("runUntilStopped", "give exit or runUntilStopped, not both");
        }
        if (node.has("runUntilStopped") && !JsonFields.bool(node, "runUntilStopped", "runUntilStopped")) {
            throw JsonFields.field("runUntilStopped", "must be true (leave it out for a script that exits)");
        }
        if (node.has("exit")) {
            JsonNode e = node.get("exit");
            JsonFields.requireObject(e, "exit");
            JsonFields.checkFields(e, Set.of("code", "afterMs"), "exit.");
            long code = e.has("code") ? JsonFields.integer(e, "code", "exit.code") : 0;
            if (code < 0 || code > 255) {
                throw JsonFields.field("exit.code", "must be between 0 and 255, was " + code);
            }
            long after = e.has("afterMs") ? JsonFields.nonNegative(e, "afterMs", "exit.afterMs") : 0;
            s.exitWith((int) code, Duration.ofMillis(after));
        }
        if (node.has("signals")) {
            JsonNode sig = node.get("signals");
            JsonFields.requireObject(sig, "signals");
            sig.fields().forEachRemaining(e -> {
                String f = "signals." + e.getKey();
                if (!e.getValue().isIntegralNumber()) {
                    throw JsonFields.field(f, "must be an exit code");
                }
                s.exitOnSignal(e.getKey(), e.getValue().asInt());
            });
        }
        s.validate();
        return s;
    }

    private static void output(Stub s, JsonNode list) {
        for (int i = 0; i < list.size(); i++) {
            String f = "output[" + i + "]";
            JsonNode o = list.get(i);
            JsonFields.requireObject(o, f);
            JsonFields.checkFields(o, Set.of("stdout", "stderr", "delayMs"), f + ".");
            if (o.has("stdout") == o.has("stderr")) {
                throw JsonFields.field(f + ".stdout", "give stdout or stderr (one)");
            }
            long delay = o.has("delayMs") ? JsonFields.nonNegative(o, "delayMs", f + ".delayMs") : 0;
            if (o.has("stdout")) {
                s.stdout(JsonFields.text(o, "stdout", f + ".stdout"), Duration.ofMillis(delay));
            } else {
                s.stderr(JsonFields.text(o, "stderr", f + ".stderr"), Duration.ofMillis(delay));
            }
        }
    }

    private static void port(Stub s, JsonNode p, String f) {
        JsonFields.requireObject(p, f);
        JsonFields.checkFields(p, Set.of("port", "http", "echo"), f + ".");
        if (!p.has("port")) {
            throw JsonFields.field(f + ".port", "required");
        }
        long port = JsonFields.integer(p, "port", f + ".port");
        if (port < 1 || port > 65535) {
            throw JsonFields.field(f + ".port", "must be between 1 and 65535, was " + port);
        }
        boolean echo = p.has("echo") && JsonFields.bool(p, "echo", f + ".echo");
        if (echo == p.has("http")) {
            throw JsonFields.field(f + ".http", "give http (a list of responses) or \"echo\": true (one)");
        }
        if (echo) {
            s.tcpEcho((int) port);
            return;
        }
        JsonNode routes = array(p, "http", f + ".http");
        if (routes.isEmpty()) {
            throw JsonFields.field(f + ".http", "must list at least one response");
        }
        for (int i = 0; i < routes.size(); i++) {
            String rf = f + ".http[" + i + "]";
            JsonNode r = routes.get(i);
            JsonFields.requireObject(r, rf);
            JsonFields.checkFields(r, Set.of("method", "path", "status", "body", "contentType", "headers"), rf + ".");
            long status = r.has("status") ? JsonFields.integer(r, "status", rf + ".status") : 200;
            if (status < 100 || status > 599) {
                throw JsonFields.field(rf + ".status", "must be between 100 and 599, was " + status);
            }
            s.httpRoute((int) port,
                    r.has("method") ? JsonFields.text(r, "method", rf + ".method") : null,
                    r.has("path") ? JsonFields.text(r, "path", rf + ".path") : null,
                    (int) status,
                    r.has("body") ? JsonFields.text(r, "body", rf + ".body") : "",
                    r.has("contentType") ? JsonFields.text(r, "contentType", rf + ".contentType") : null,
                    r.has("headers") ? JsonFields.stringMap(r, "headers", rf + ".headers") : Map.of());
        }
    }

    private static JsonNode array(JsonNode node, String name) {
        return array(node, name, name);
    }

    private static JsonNode array(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) {
            throw JsonFields.field(full, "must be an array");
        }
        return v;
    }

    private static List<String> strings(JsonNode v, String name) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw JsonFields.field(name, "must be a non-empty array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw JsonFields.field(name + "[" + i + "]", "must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }
}
