package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.EngineException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a create request into the container's stored Config and HostConfig, as the daemon does: the client's
 * fields normalized, merged with the image's config (Env, Cmd/Entrypoint, WorkingDir, User, Labels, ports,
 * volumes, StopSignal, Healthcheck, Shell), defaults applied, and Docker's validation errors.
 */
final class ConfigResolver {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> POLICIES = Set.of("", "no", "always", "unless-stopped", "on-failure");
    private static final Pattern PORT = Pattern.compile("(\\d+)(-(\\d+))?(/(tcp|udp|sctp))?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\d+)(-(\\d+))?");
    private static final long MIN_MEMORY = 6L * 1024 * 1024;

    /** The stored result of a create. */
    record Resolved(ObjectNode config, ObjectNode hostConfig, JsonNode networkingConfig, List<String> warnings) {
    }

    private ConfigResolver() {
    }

    /** True when the request carries no container config at all (Docker: "Config cannot be empty"). */
    static boolean isEmpty(JsonNode body) {
        if (body == null || !body.isObject()) {
            return true;
        }
        var names = body.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("HostConfig") && !n.equals("NetworkingConfig")) {
                return false;
            }
        }
        return true;
    }

    /** Checks field types before anything else looks at the body (Go's decoder fails first). */
    static void checkTypes(JsonNode body) {
        ConfigSchema.normalize(body, ConfigSchema.CONFIG, "ContainerConfigWrapper");
        JsonNode hc = body.get("HostConfig");
        if (hc != null && !hc.isNull()) {
            if (!hc.isObject()) {
                throw EngineException.badRequest("json: cannot unmarshal " + ConfigSchema.goKind(hc)
                        + " into Go struct field ContainerConfigWrapper.HostConfig of type container.HostConfig");
            }
            ConfigSchema.normalize(hc, ConfigSchema.HOST_CONFIG, "ContainerConfigWrapper.HostConfig");
        }
    }

    static Resolved resolve(JsonNode body, ImageInfo image, String id) {
        ObjectNode config = ConfigSchema.normalize(body, ConfigSchema.CONFIG, "ContainerConfigWrapper");
        JsonNode hcGiven = body.get("HostConfig");
        ObjectNode hostConfig = ConfigSchema.normalize(hcGiven == null || hcGiven.isNull() ? null : hcGiven,
                ConfigSchema.HOST_CONFIG, "ContainerConfigWrapper.HostConfig");
        mergeImage(config, image == null ? F.objectNode() : image.config(), id);
        if (argvEmpty(config)) {
            throw EngineException.badRequest("No command specified");
        }
        validateAndDefaultHostConfig(hostConfig);
        validatePorts(config, hostConfig);
        JsonNode nc = body.get("NetworkingConfig");
        return new Resolved(config, hostConfig, nc == null ? F.nullNode() : nc.deepCopy(), List.of());
    }

    private static boolean argvEmpty(ObjectNode config) {
        return config.path("Cmd").isEmpty() && config.path("Entrypoint").isEmpty();
    }

    /** Docker's merge of the image config into the container's (daemon/images: merge). */
    private static void mergeImage(ObjectNode c, JsonNode img, String id) {
        if (c.path("Hostname").asText().isEmpty()) {
            c.put("Hostname", id.substring(0, 12));
        }
        if (c.path("User").asText().isEmpty() && img.hasNonNull("User")) {
            c.put("User", img.get("User").asText());
        }
        if (img.path("ExposedPorts").isObject() && !img.path("ExposedPorts").isEmpty()) {
            ObjectNode ports = img.get("ExposedPorts").deepCopy();
            if (c.path("ExposedPorts").isObject()) {
                ports.setAll((ObjectNode) c.get("ExposedPorts"));
            }
            setBefore(c, "ExposedPorts", ports, "Tty");
        }
        c.set("Env", mergeEnv(img.path("Env"), c.path("Env")));
        boolean entrypointGiven = !c.path("Entrypoint").isNull() && !c.path("Entrypoint").isMissingNode();
        if (c.path("Entrypoint").isEmpty()) {
            if (c.path("Cmd").isEmpty()) {
                c.set("Cmd", img.path("Cmd").isArray() ? img.get("Cmd").deepCopy() : F.nullNode());
                if (img.path("ArgsEscaped").asBoolean(false)) {
                    setBefore(c, "ArgsEscaped", F.booleanNode(true), "Image");
                }
            }
            if (!entrypointGiven) {
                c.set("Entrypoint", img.path("Entrypoint").isArray() ? img.get("Entrypoint").deepCopy()
                        : F.nullNode());
            }
        }
        if (c.path("Healthcheck").isMissingNode() && img.path("Healthcheck").isObject()) {
            setBefore(c, "Healthcheck", img.get("Healthcheck").deepCopy(), "Image");
        } else if (c.path("Healthcheck").isObject() && c.get("Healthcheck").path("Test").isEmpty()
                && img.path("Healthcheck").isObject()) {
            ((ObjectNode) c.get("Healthcheck")).set("Test", img.get("Healthcheck").path("Test").deepCopy());
        }
        if (img.path("Volumes").isObject() && !img.path("Volumes").isEmpty()) {
            ObjectNode vols = img.get("Volumes").deepCopy();
            if (c.path("Volumes").isObject()) {
                vols.setAll((ObjectNode) c.get("Volumes"));
            }
            c.set("Volumes", vols);
        }
        if (c.path("WorkingDir").asText().isEmpty() && img.hasNonNull("WorkingDir")) {
            c.put("WorkingDir", img.get("WorkingDir").asText());
        }
        ObjectNode labels = F.objectNode();
        if (img.path("Labels").isObject()) {
            labels.setAll((ObjectNode) img.get("Labels").deepCopy());
        }
        if (c.path("Labels").isObject()) {
            labels.setAll((ObjectNode) c.get("Labels"));
        }
        c.set("Labels", labels);
        if (!c.has("StopSignal") && img.hasNonNull("StopSignal") && !img.get("StopSignal").asText().isEmpty()) {
            setBefore(c, "StopSignal", img.get("StopSignal").deepCopy(), "StopTimeout");
        }
        if (!c.has("Shell") && img.path("Shell").isArray() && !img.get("Shell").isEmpty()) {
            c.set("Shell", img.get("Shell").deepCopy());
        }
    }

    /** Puts a field right before another (or at the end), keeping Docker's field order. */
    private static void setBefore(ObjectNode c, String key, JsonNode value, String before) {
        ObjectNode copy = c.deepCopy();
        c.removeAll();
        boolean placed = false;
        var it = copy.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals(key)) {
                continue;
            }
            if (!placed && e.getKey().equals(before)) {
                c.set(key, value);
                placed = true;
            }
            c.set(e.getKey(), e.getValue());
        }
        if (!placed) {
            c.set(key, value);
        }
    }

    /** The image's Env with the container's replacing same-named entries in place and appending new ones. */
    static JsonNode mergeEnv(JsonNode image, JsonNode user) {
        if (image.isEmpty() && (user.isNull() || user.isMissingNode())) {
            return F.nullNode();
        }
        Map<String, String> merged = new LinkedHashMap<>();
        image.forEach(n -> merged.put(key(n.asText()), n.asText()));
        user.forEach(n -> merged.put(key(n.asText()), n.asText()));
        ArrayNode out = F.arrayNode();
        merged.values().forEach(out::add);
        return out;
    }

    private static String key(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    private static void validateAndDefaultHostConfig(ObjectNode hc) {
        JsonNode rp = hc.get("RestartPolicy");
        ObjectNode policy = F.objectNode();
        policy.put("Name", rp.path("Name").isTextual() ? rp.get("Name").asText() : "");
        policy.put("MaximumRetryCount", rp.path("MaximumRetryCount").asInt(0));
        hc.set("RestartPolicy", policy);
        String name = policy.get("Name").asText();
        int max = policy.get("MaximumRetryCount").asInt();
        if (!POLICIES.contains(name)) {
            throw EngineException.badRequest("invalid restart policy '" + name + "'");
        }
        if (max < 0) {
            throw EngineException.badRequest("maximum retry count cannot be negative");
        }
        if (max > 0 && !name.equals("on-failure")) {
            throw EngineException.badRequest("maximum retry count cannot be used with restart policy '" + name + "'");
        }
        if (hc.path("AutoRemove").asBoolean() && !name.isEmpty() && !name.equals("no")) {
            throw EngineException.badRequest("can't create 'AutoRemove' container with restart policy");
        }
        long memory = hc.path("Memory").asLong();
        if (memory != 0 && memory < MIN_MEMORY) {
            throw EngineException.badRequest("Minimum memory limit allowed is 6MB");
        }
        if (hc.path("NetworkMode").asText().isEmpty()) {
            hc.put("NetworkMode", "default");
        }
        JsonNode lc = hc.get("LogConfig");
        ObjectNode log = F.objectNode();
        log.put("Type", lc.path("Type").asText("").isEmpty() ? "json-file" : lc.get("Type").asText());
        log.set("Config", lc.path("Config").isObject() ? lc.get("Config") : F.objectNode());
        hc.set("LogConfig", log);
        if (hc.path("ShmSize").asLong() == 0) {
            hc.put("ShmSize", 67108864L);
        }
        if (hc.path("Privileged").asBoolean()) {
            hc.set("MaskedPaths", F.nullNode());
            hc.set("ReadonlyPaths", F.nullNode());
        }
        if (hc.path("ConsoleSize").size() != 2) {
            hc.set("ConsoleSize", ConfigSchema.json("[0,0]"));
        }
    }

    private static void validatePorts(ObjectNode config, ObjectNode hc) {
        ObjectNode bindings = F.objectNode();
        var it = hc.path("PortBindings").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!PORT.matcher(e.getKey()).matches()) {
                throw EngineException.badRequest("invalid port specification: \"" + e.getKey() + "\"");
            }
            ArrayNode list = F.arrayNode();
            for (JsonNode b : e.getValue()) {
                String hostPort = b.path("HostPort").asText("");
                if (!hostPort.isEmpty() && !HOST_PORT.matcher(hostPort).matches()) {
                    throw EngineException.badRequest("invalid port specification: \"" + hostPort + "\"");
                }
                ObjectNode nb = F.objectNode();
                nb.put("HostIp", b.path("HostIp").asText(""));
                nb.put("HostPort", hostPort);
                list.add(nb);
            }
            bindings.set(normalizePort(e.getKey()), e.getValue().isNull() ? F.nullNode() : list);
        }
        hc.set("PortBindings", bindings);
    }

    private static String normalizePort(String p) {
        return p.contains("/") ? p : p + "/tcp";
    }
}
