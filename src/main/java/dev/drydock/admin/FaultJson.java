package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads fault rules and request patterns from their JSON form, strictly: an unknown field, a wrong type, a bad
 * regex or a negative number is an {@link IllegalArgumentException} whose message names the field.
 *
 * <pre>{@code
 * {"method": "POST", "path": "/images/create", "query": {"fromImage": {"contains": "busybox"}},
 *  "respond": {"status": 500, "message": "toomanyrequests: rate limit"}, "times": 2}
 * }</pre>
 */
public final class FaultJson {
    private static final Set<String> PATTERN_FIELDS = Set.of("method", "path", "pathRegex", "rawPath", "query",
            "headers", "body");
    private static final Set<String> FAULT_FIELDS = Set.of("id", "method", "path", "pathRegex", "rawPath", "query",
            "headers", "body", "respond", "drop", "failMidStream", "delay", "delayMs", "times", "priority",
            "scenario", "whenState", "setState");

    private FaultJson() {
    }

    /** A fault rule from its JSON definition. */
    public static Fault fault(JsonNode node) {
        requireObject(node, "");
        checkFields(node, FAULT_FIELDS, "");
        Fault f = Fault.on(patternFields(node));
        if (node.has("id")) {
            f.withId(text(node, "id"));
        }
        int actions = (node.has("respond") ? 1 : 0) + (node.has("drop") ? 1 : 0) + (node.has("failMidStream") ? 1 : 0);
        if (actions > 1) {
            throw field("respond", "respond, drop and failMidStream are exclusive: give one");
        }
        if (node.has("respond")) {
            respond(f, node.get("respond"));
        }
        if (node.has("drop")) {
            String mode = text(node, "drop");
            switch (mode) {
                case "reset" -> f.resetConnection();
                case "close" -> f.closeConnection();
                default -> throw field("drop", "must be \"reset\" or \"close\", was \"" + mode + "\"");
            }
        }
        if (node.has("failMidStream")) {
            failMidStream(f, node.get("failMidStream"));
        }
        if (node.has("delay") && node.has("delayMs")) {
            throw field("delayMs", "give delay or delayMs, not both");
        }
        if (node.has("delayMs")) {
            f.delay(java.time.Duration.ofMillis(nonNegative(node, "delayMs", "delayMs")));
        }
        if (node.has("delay")) {
            delay(f, node.get("delay"));
        }
        if (node.has("times")) {
            long t = integer(node, "times", "times");
            if (t < 1 || t > Integer.MAX_VALUE) {
                throw field("times", "must be at least 1, was " + t);
            }
            f.times((int) t);
        }
        if (node.has("priority")) {
            f.priority((int) integer(node, "priority", "priority"));
        }
        if (node.has("scenario")) {
            f.inScenario(text(node, "scenario"));
        }
        if (node.has("whenState")) {
            f.whenScenarioStateIs(text(node, "whenState"));
        }
        if (node.has("setState")) {
            f.willSetStateTo(text(node, "setState"));
        }
        f.validate();
        return f;
    }

    /** A request pattern from its JSON form (method, path or pathRegex, rawPath, query, headers, body). */
    public static RequestPattern pattern(JsonNode node) {
        requireObject(node, "");
        checkFields(node, PATTERN_FIELDS, "");
        return patternFields(node);
    }

    private static RequestPattern patternFields(JsonNode node) {
        String method = node.has("method") ? text(node, "method") : RequestPattern.ANY_METHOD;
        if (node.has("path") && node.has("pathRegex")) {
            throw field("pathRegex", "give path (a glob) or pathRegex, not both");
        }
        PathPattern path = node.has("pathRegex") ? PathPattern.regex(text(node, "pathRegex"))
                : node.has("path") ? PathPattern.glob(requirePath(text(node, "path"), "path")) : PathPattern.any();
        RequestPattern p = RequestPattern.of(method, path);
        if (node.has("rawPath") && bool(node, "rawPath")) {
            p = p.onRawPath();
        }
        if (node.has("query")) {
            for (Map.Entry<String, StringMatcher> e : matchers(node.get("query"), "query").entrySet()) {
                p = p.withQueryParam(e.getKey(), e.getValue());
            }
        }
        if (node.has("headers")) {
            for (Map.Entry<String, StringMatcher> e : matchers(node.get("headers"), "headers").entrySet()) {
                p = p.withHeader(e.getKey(), e.getValue());
            }
        }
        if (node.has("body")) {
            p = p.withRequestBody(matcher(node.get("body"), "body"));
        }
        return p;
    }

    private static String requirePath(String path, String name) {
        if (!path.startsWith("/") && !path.startsWith("*")) {
            throw field(name, "must start with /, was \"" + path + "\"");
        }
        return path;
    }

    private static Map<String, StringMatcher> matchers(JsonNode node, String name) {
        requireObject(node, name);
        Map<String, StringMatcher> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), matcher(e.getValue(), name + "." + e.getKey()));
        }
        return out;
    }

    /** A plain string means equal to; otherwise one of equalTo, contains, matches, absent, present. */
    private static StringMatcher matcher(JsonNode node, String name) {
        if (node.isTextual()) {
            return StringMatcher.equalTo(node.asText());
        }
        if (!node.isObject() || node.size() != 1) {
            throw field(name, "must be a string or an object with one of equalTo, contains, matches, absent, present");
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String key = e.getKey();
        String sub = name + "." + key;
        return switch (key) {
            case "equalTo" -> StringMatcher.equalTo(text(node, key, sub));
            case "contains" -> StringMatcher.containing(text(node, key, sub));
            case "matches" -> {
                try {
                    yield StringMatcher.matching(text(node, key, sub));
                } catch (IllegalArgumentException x) {
                    throw field(sub, x.getMessage().replaceFirst("^field \"regex\": ", ""));
                }
            }
            case "absent" -> {
                requireTrue(node, key, sub);
                yield StringMatcher.absent();
            }
            case "present" -> {
                requireTrue(node, key, sub);
                yield StringMatcher.present();
            }
            default -> throw field(sub, "unknown field");
        };
    }

    private static void respond(Fault f, JsonNode node) {
        requireObject(node, "respond");
        checkFields(node, Set.of("status", "message", "body", "contentType", "headers"), "respond.");
        if (!node.has("status")) {
            throw field("respond.status", "required");
        }
        long status = integer(node, "status", "respond.status");
        if (status < 100 || status > 599) {
            throw field("respond.status", "must be 100 to 599, was " + status);
        }
        if (node.has("message") && node.has("body")) {
            throw field("respond.body", "give message (Docker's error shape) or body, not both");
        }
        if (node.has("body")) {
            String ct = node.has("contentType") ? text(node, "contentType", "respond.contentType") : "application/json";
            JsonNode b = node.get("body");
            String body = b.isTextual() ? b.asText() : b.toString();
            f.respondWith((int) status, ct, body);
        } else {
            String message = node.has("message") ? text(node, "message", "respond.message") : "drydock: injected fault";
            if (node.has("contentType")) {
                f.respondWith((int) status, text(node, "contentType", "respond.contentType"),
                        new String(dev.drydock.api.ApiErrors.body(message), StandardCharsets.UTF_8));
            } else {
                f.respond((int) status, message);
            }
        }
        if (node.has("headers")) {
            JsonNode h = node.get("headers");
            requireObject(h, "respond.headers");
            Iterator<Map.Entry<String, JsonNode>> it = h.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw field("respond.headers." + e.getKey(), "must be a string");
                }
                f.withResponseHeader(e.getKey(), e.getValue().asText());
            }
        }
    }

    private static void failMidStream(Fault f, JsonNode node) {
        requireObject(node, "failMidStream");
        checkFields(node, Set.of("afterLines", "afterChunks", "error", "cut"), "failMidStream.");
        boolean lines = node.has("afterLines");
        if (lines == node.has("afterChunks")) {
            throw field("failMidStream.afterLines", "give afterLines or afterChunks (one of them)");
        }
        String name = lines ? "afterLines" : "afterChunks";
        long n = nonNegative(node, name, "failMidStream." + name);
        boolean cut = node.has("cut") && bool(node, "cut", "failMidStream.cut");
        if (cut && node.has("error")) {
            throw field("failMidStream.error", "give error or cut, not both");
        }
        String error = node.has("error") ? text(node, "error", "failMidStream.error") : "drydock: injected stream failure";
        if (lines) {
            if (cut) {
                f.cutAfterLines((int) n);
            } else {
                f.failAfterLines((int) n, error);
            }
        } else if (cut) {
            f.cutAfterChunks((int) n);
        } else {
            f.failAfterChunks((int) n, error);
        }
    }

    private static void delay(Fault f, JsonNode node) {
        requireObject(node, "delay");
        checkFields(node, Set.of("fixedMs", "minMs", "maxMs"), "delay.");
        if (node.has("fixedMs")) {
            if (node.has("minMs") || node.has("maxMs")) {
                throw field("delay.fixedMs", "give fixedMs or minMs and maxMs, not both");
            }
            f.delay(java.time.Duration.ofMillis(nonNegative(node, "fixedMs", "delay.fixedMs")));
            return;
        }
        if (!node.has("minMs") || !node.has("maxMs")) {
            throw field(node.has("minMs") ? "delay.maxMs" : "delay.minMs", "required (or give fixedMs)");
        }
        long min = nonNegative(node, "minMs", "delay.minMs");
        long max = nonNegative(node, "maxMs", "delay.maxMs");
        if (max < min) {
            throw field("delay.maxMs", "must be at least minMs (" + min + "), was " + max);
        }
        f.randomDelay(java.time.Duration.ofMillis(min), java.time.Duration.ofMillis(max));
    }

    // --- strict readers --------------------------------------------------------------------------------

    static IllegalArgumentException field(String name, String problem) {
        return new IllegalArgumentException("field \"" + name + "\": " + problem);
    }

    private static void requireObject(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            throw name.isEmpty() ? new IllegalArgumentException("a JSON object is required")
                    : field(name, "must be an object");
        }
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw field(prefix + n, "unknown field");
            }
        }
    }

    private static String text(JsonNode node, String name) {
        return text(node, name, name);
    }

    private static String text(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw field(full, "must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String name) {
        return bool(node, name, name);
    }

    private static boolean bool(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isBoolean()) {
            throw field(full, "must be true or false");
        }
        return v.asBoolean();
    }

    private static void requireTrue(JsonNode node, String name, String full) {
        if (!bool(node, name, full)) {
            throw field(full, "must be true");
        }
    }

    private static long integer(JsonNode node, String name, String full) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw field(full, "must be an integer");
        }
        return v.asLong();
    }

    private static long nonNegative(JsonNode node, String name, String full) {
        long n = integer(node, name, full);
        if (n < 0) {
            throw field(full, "must not be negative, was " + n);
        }
        return n;
    }
}
