package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.ImageConfig;
import dev.drydock.engine.Timestamps;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.registry.Reference;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a seed document (JSON or YAML, see {@link Seed}) into a {@link SeedPlan}, checking every field first:
 * unknown fields, wrong types, bad references, names and times are an {@link IllegalArgumentException} whose
 * message starts with {@code field "containers[0].state": }, before anything is created.
 */
final class SeedJson {
    private static final Set<String> TOP = Set.of("clock", "images", "networks", "volumes", "containers");
    private static final Set<String> IMAGE = Set.of("ref", "from", "files", "cmd", "entrypoint", "env", "workdir",
            "user", "labels", "exposedPorts");
    private static final Set<String> NETWORK = Set.of("name", "driver", "internal", "subnet", "gateway", "labels");
    private static final Set<String> VOLUME = Set.of("name", "labels", "files");
    private static final Set<String> CONTAINER = Set.of("name", "image", "cmd", "entrypoint", "env", "labels",
            "workdir", "user", "tty", "network", "binds", "state", "exitCode", "created", "startedAt", "finishedAt",
            "config");
    private static final Set<String> FILE = Set.of("content", "base64", "mode");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern OBJECT_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private SeedJson() {
    }

    /** Validates a whole document; {@code clock} reads relative times (only their syntax is checked here). */
    static SeedPlan plan(JsonNode doc, Clock clock) {
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
            return new SeedPlan(null, List.of(), List.of(), List.of(), List.of());
        }
        object(doc, "(document)");
        checkFields(doc, TOP, "");
        String at = null;
        if (doc.has("clock")) {
            at = string(doc.get("clock"), "clock");
            time(at, "clock", clock);
        }
        List<SeedPlan.ImageDef> images = new ArrayList<>();
        each(doc, "images", (n, f) -> images.add(image(n, f)));
        List<SeedPlan.NetworkDef> networks = new ArrayList<>();
        Set<String> networkNames = new HashSet<>();
        each(doc, "networks", (n, f) -> {
            SeedPlan.NetworkDef d = network(n, f);
            unique(networkNames, d.name(), f + ".name", "network");
            networks.add(d);
        });
        List<SeedPlan.VolumeDef> volumes = new ArrayList<>();
        Set<String> volumeNames = new HashSet<>();
        each(doc, "volumes", (n, f) -> {
            SeedPlan.VolumeDef d = volume(n, f);
            unique(volumeNames, d.name(), f + ".name", "volume");
            volumes.add(d);
        });
        List<SeedPlan.ContainerDef> containers = new ArrayList<>();
        Set<String> containerNames = new HashSet<>();
        each(doc, "containers", (n, f) -> {
            SeedPlan.ContainerDef d = container(n, f, clock);
            if (d.name() != null) {
                unique(containerNames, d.name(), f + ".name", "container");
            }
            containers.add(d);
        });
        return new SeedPlan(at, images, networks, volumes, containers);
    }

    private interface Item {
        void accept(JsonNode node, String field);
    }

    private static void each(JsonNode doc, String name, Item item) {
        JsonNode list = doc.get(name);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw FaultJson.field(name, "must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            item.accept(list.get(i), name + "[" + i + "]");
        }
    }

    private static void unique(Set<String> seen, String name, String field, String kind) {
        if (!seen.add(name)) {
            throw FaultJson.field(field, "the " + kind + " \"" + name + "\" is defined twice");
        }
    }

    // --- images ---------------------------------------------------------------------------------------------

    private static SeedPlan.ImageDef image(JsonNode n, String f) {
        if (n.isTextual()) {
            return new SeedPlan.ImageDef(f, reference(n.asText(), f), false, null, Map.of(), ImageConfig.EMPTY);
        }
        object(n, f);
        checkFields(n, IMAGE, f + ".");
        String ref = reference(required(n, "ref", f), f + ".ref");
        boolean defined = n.size() > 1;
        String from = n.has("from") ? reference(string(n.get("from"), f + ".from"), f + ".from") : null;
        Map<String, SeedPlan.FileDef> files = files(n.get("files"), f + ".files");
        ImageConfig config = new ImageConfig(optString(n, "user", f), strings(n.get("env"), f + ".env", true),
                strings(n.get("cmd"), f + ".cmd", false), strings(n.get("entrypoint"), f + ".entrypoint", false),
                optString(n, "workdir", f), strings(n.get("exposedPorts"), f + ".exposedPorts", false), null, null,
                labels(n.get("labels"), f + ".labels"), null, null, null);
        return new SeedPlan.ImageDef(f, ref, defined, from, files, config);
    }

    private static String reference(String ref, String f) {
        try {
            Reference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw FaultJson.field(f, e.getMessage() + ": \"" + ref + "\"");
        }
        return ref;
    }

    private static Map<String, SeedPlan.FileDef> files(JsonNode n, String f) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        object(n, f);
        Map<String, SeedPlan.FileDef> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            String pf = f + "." + path;
            if (!path.startsWith("/") || path.equals("/") || path.endsWith("/")) {
                throw FaultJson.field(pf, "must be an absolute file path");
            }
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(path, new SeedPlan.FileDef(v.asText().getBytes(StandardCharsets.UTF_8), 0644));
                continue;
            }
            object(v, pf);
            checkFields(v, FILE, pf + ".");
            if (v.has("content") == v.has("base64")) {
                throw FaultJson.field(pf, "give content or base64 (one of them)");
            }
            byte[] content;
            if (v.has("content")) {
                content = string(v.get("content"), pf + ".content").getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    content = Base64.getDecoder().decode(string(v.get("base64"), pf + ".base64"));
                } catch (IllegalArgumentException ex) {
                    throw FaultJson.field(pf + ".base64", "not valid base64: " + ex.getMessage());
                }
            }
            out.put(path, new SeedPlan.FileDef(content, v.has("mode") ? mode(v.get("mode"), pf + ".mode") : 0644));
        }
        return out;
    }

    private static int mode(JsonNode n, String f) {
        int mode;
        if (n.isInt()) {
            mode = n.asInt();
        } else if (n.isTextual() && n.asText().matches("0?[0-7]{1,4}")) {
            mode = Integer.parseInt(n.asText(), 8);
        } else {
            throw FaultJson.field(f, "must be an octal string such as \"0755\" or a number");
        }
        if (mode < 0 || mode > 07777) {
            throw FaultJson.field(f, "must be between 0 and 07777, was " + mode);
        }
        return mode;
    }

    // --- networks and volumes -------------------------------------------------------------------------------

    private static SeedPlan.NetworkDef network(JsonNode n, String f) {
        if (n.isTextual()) {
            return new SeedPlan.NetworkDef(f, name(n.asText(), f, OBJECT_NAME), "bridge", false, null, null, Map.of());
        }
        object(n, f);
        checkFields(n, NETWORK, f + ".");
        String driver = n.has("driver") ? string(n.get("driver"), f + ".driver") : "bridge";
        return new SeedPlan.NetworkDef(f, name(required(n, "name", f), f + ".name", OBJECT_NAME), driver,
                bool(n, "internal", f), optString(n, "subnet", f), optString(n, "gateway", f),
                orEmpty(labels(n.get("labels"), f + ".labels")));
    }

    private static SeedPlan.VolumeDef volume(JsonNode n, String f) {
        if (n.isTextual()) {
            return new SeedPlan.VolumeDef(f, name(n.asText(), f, OBJECT_NAME), Map.of(), Map.of());
        }
        object(n, f);
        checkFields(n, VOLUME, f + ".");
        return new SeedPlan.VolumeDef(f, name(required(n, "name", f), f + ".name", OBJECT_NAME),
                orEmpty(labels(n.get("labels"), f + ".labels")), files(n.get("files"), f + ".files"));
    }

    // --- containers -----------------------------------------------------------------------------------------

    private static SeedPlan.ContainerDef container(JsonNode n, String f, Clock clock) {
        object(n, f);
        checkFields(n, CONTAINER, f + ".");
        String name = n.has("name") ? name(string(n.get("name"), f + ".name"), f + ".name", CONTAINER_NAME) : null;
        String image = reference(required(n, "image", f), f + ".image");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (n.has("config")) {
            object(n.get("config"), f + ".config");
            body.setAll((ObjectNode) n.get("config").deepCopy());
        }
        body.put("Image", image);
        putList(body, "Cmd", strings(n.get("cmd"), f + ".cmd", false));
        putList(body, "Entrypoint", strings(n.get("entrypoint"), f + ".entrypoint", false));
        putList(body, "Env", strings(n.get("env"), f + ".env", true));
        Map<String, String> labels = labels(n.get("labels"), f + ".labels");
        if (labels != null) {
            ObjectNode l = body.putObject("Labels");
            labels.forEach(l::put);
        }
        if (n.has("workdir")) {
            body.put("WorkingDir", optString(n, "workdir", f));
        }
        if (n.has("user")) {
            body.put("User", optString(n, "user", f));
        }
        if (n.has("tty")) {
            boolean tty = bool(n, "tty", f);
            body.put("Tty", tty).put("OpenStdin", tty);
        }
        ObjectNode host = body.has("HostConfig") && body.get("HostConfig").isObject()
                ? (ObjectNode) body.get("HostConfig") : body.putObject("HostConfig");
        if (n.has("network")) {
            host.put("NetworkMode", string(n.get("network"), f + ".network"));
        }
        List<String> binds = strings(n.get("binds"), f + ".binds", false);
        if (binds != null) {
            ArrayNode b = host.putArray("Binds");
            binds.forEach(b::add);
        }
        ContainerStatus state = ContainerStatus.CREATED;
        if (n.has("state")) {
            String s = string(n.get("state"), f + ".state").toLowerCase(Locale.ROOT);
            state = switch (s) {
                case "created" -> ContainerStatus.CREATED;
                case "running" -> ContainerStatus.RUNNING;
                case "paused" -> ContainerStatus.PAUSED;
                case "exited" -> ContainerStatus.EXITED;
                default -> throw FaultJson.field(f + ".state",
                        "must be created, running, paused or exited, was \"" + s + "\"");
            };
        }
        int exitCode = 0;
        if (n.has("exitCode")) {
            if (state != ContainerStatus.EXITED) {
                throw FaultJson.field(f + ".exitCode", "only an exited container has an exit code");
            }
            if (!n.get("exitCode").isInt() || n.get("exitCode").asInt() < 0 || n.get("exitCode").asInt() > 255) {
                throw FaultJson.field(f + ".exitCode", "must be an integer from 0 to 255");
            }
            exitCode = n.get("exitCode").asInt();
        }
        String created = optTime(n, "created", f, clock);
        String startedAt = optTime(n, "startedAt", f, clock);
        String finishedAt = optTime(n, "finishedAt", f, clock);
        if (startedAt != null && state == ContainerStatus.CREATED) {
            throw FaultJson.field(f + ".startedAt", "a created container has not started");
        }
        if (finishedAt != null && state != ContainerStatus.EXITED) {
            throw FaultJson.field(f + ".finishedAt", "only an exited container has finished");
        }
        return new SeedPlan.ContainerDef(f, name, image, body, state, exitCode, created, startedAt, finishedAt);
    }

    private static void putList(ObjectNode body, String key, List<String> values) {
        if (values != null) {
            ArrayNode a = body.putArray(key);
            values.forEach(a::add);
        }
    }

    private static String optTime(JsonNode n, String key, String f, Clock clock) {
        if (!n.has(key)) {
            return null;
        }
        String v = string(n.get(key), f + "." + key);
        time(v, f + "." + key, clock);
        return v;
    }

    /** A time as Docker's {@code --since} takes it: RFC 3339, Unix seconds, or a Go duration meaning that long ago. */
    static long time(String v, String f, Clock clock) {
        try {
            return Timestamps.parseNanos(v, clock);
        } catch (RuntimeException e) {
            throw FaultJson.field(f, "must be an RFC 3339 time, Unix seconds or a duration ago (\"5m\"), was \""
                    + v + "\"");
        }
    }

    // --- shapes ---------------------------------------------------------------------------------------------

    private static String name(String v, String f, Pattern valid) {
        if (!valid.matcher(v).matches()) {
            throw FaultJson.field(f, "invalid name \"" + v + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return v;
    }

    private static void object(JsonNode n, String f) {
        if (n == null || !n.isObject()) {
            throw FaultJson.field(f, "must be an object");
        }
    }

    private static void checkFields(JsonNode n, Set<String> allowed, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw FaultJson.field(prefix + k, "unknown field");
            }
        }
    }

    private static String required(JsonNode n, String key, String f) {
        if (!n.has(key) || n.get(key).isNull()) {
            throw FaultJson.field(f + "." + key, "is required");
        }
        return string(n.get(key), f + "." + key);
    }

    private static String string(JsonNode n, String f) {
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw FaultJson.field(f, "must be a non-empty string");
        }
        return n.asText();
    }

    private static String optString(JsonNode n, String key, String f) {
        return n.has(key) ? string(n.get(key), f + "." + key) : null;
    }

    private static boolean bool(JsonNode n, String key, String f) {
        JsonNode v = n.get(key);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw FaultJson.field(f + "." + key, "must be true or false");
        }
        return v.asBoolean();
    }

    /** A list of strings; with {@code keyValues}, an object {@code {"K": "v"}} is taken as {@code ["K=v"]} too. */
    private static List<String> strings(JsonNode n, String f, boolean keyValues) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (keyValues && n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw FaultJson.field(f + "." + e.getKey(), "must be a string");
                }
                out.add(e.getKey() + "=" + e.getValue().asText());
            }
            return out;
        }
        if (!n.isArray()) {
            throw FaultJson.field(f, keyValues ? "must be a list of strings or an object" : "must be a list of strings");
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw FaultJson.field(f + "[" + i + "]", "must be a string");
            }
            out.add(n.get(i).asText());
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode n, String f) {
        if (n == null || n.isNull()) {
            return null;
        }
        object(n, f);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw FaultJson.field(f + "." + e.getKey(), "must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
