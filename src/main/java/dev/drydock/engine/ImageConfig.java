package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image tells a container to run with: the {@code config} object of the image config JSON.
 * Null for fields the image does not set.
 *
 * @param user         User
 * @param env          Env, {@code KEY=value} entries
 * @param cmd          Cmd
 * @param entrypoint   Entrypoint
 * @param workingDir   WorkingDir
 * @param exposedPorts ExposedPorts keys ({@code 80/tcp})
 * @param volumes      Volumes keys
 * @param stopSignal   StopSignal
 * @param labels       Labels
 * @param healthcheck  Healthcheck as JSON (Test, Interval, Timeout, StartPeriod, StartInterval, Retries)
 * @param onBuild      OnBuild triggers
 * @param shell        Shell
 * @param macAddress   MacAddress: a committed container's configured address (deprecated, API before 1.50 shows it)
 */
public record ImageConfig(String user, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                          List<String> exposedPorts, List<String> volumes, String stopSignal, Map<String, String> labels,
                          Map<String, Object> healthcheck, List<String> onBuild, List<String> shell,
                          String macAddress) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A config without a MAC address (what builds and seeds make). */
    public ImageConfig(String user, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                       List<String> exposedPorts, List<String> volumes, String stopSignal, Map<String, String> labels,
                       Map<String, Object> healthcheck, List<String> onBuild, List<String> shell) {
        this(user, env, cmd, entrypoint, workingDir, exposedPorts, volumes, stopSignal, labels, healthcheck, onBuild,
                shell, null);
    }

    /** An empty config (a scratch image). */
    public static final ImageConfig EMPTY = new ImageConfig(null, null, null, null, null, null, null, null, null, null,
            null, null);

    /** Reads the {@code config} object of an image config JSON (missing or null gives {@link #EMPTY}). */
    @SuppressWarnings("unchecked")
    public static ImageConfig fromJson(JsonNode c) {
        if (c == null || !c.isObject()) {
            return EMPTY;
        }
        Map<String, String> labels = null;
        if (c.path("Labels").isObject()) {
            labels = new LinkedHashMap<>();
            for (var it = c.get("Labels").fields(); it.hasNext(); ) {
                var e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
        }
        Map<String, Object> health = c.path("Healthcheck").isObject()
                ? MAPPER.convertValue(c.get("Healthcheck"), LinkedHashMap.class) : null;
        return new ImageConfig(text(c, "User"), list(c, "Env"), list(c, "Cmd"), list(c, "Entrypoint"),
                text(c, "WorkingDir"), keys(c, "ExposedPorts"), keys(c, "Volumes"), text(c, "StopSignal"),
                labels == null ? null : Collections.unmodifiableMap(labels), health, list(c, "OnBuild"),
                list(c, "Shell"), text(c, "MacAddress"));
    }

    /** The config in the image config JSON shape, only set fields, Docker's order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "User", user);
        if (exposedPorts != null && !exposedPorts.isEmpty()) {
            m.put("ExposedPorts", asSet(exposedPorts));
        }
        put(m, "Env", env);
        put(m, "Entrypoint", entrypoint);
        put(m, "Cmd", cmd);
        if (healthcheck != null) {
            m.put("Healthcheck", healthcheck);
        }
        if (volumes != null && !volumes.isEmpty()) {
            m.put("Volumes", asSet(volumes));
        }
        put(m, "WorkingDir", workingDir);
        put(m, "MacAddress", macAddress);
        if (labels != null && !labels.isEmpty()) {
            m.put("Labels", labels);
        }
        put(m, "OnBuild", onBuild);
        put(m, "StopSignal", stopSignal);
        put(m, "Shell", shell);
        return m;
    }

    /** Labels, never null. */
    public Map<String, String> labelsOrEmpty() {
        return labels == null ? Map.of() : labels;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value instanceof String s && s.isEmpty()) {
            return;
        }
        if (value != null) {
            m.put(key, value);
        }
    }

    private static Map<String, Object> asSet(List<String> keys) {
        Map<String, Object> m = new java.util.TreeMap<>();
        for (String k : keys) {
            m.put(k, Map.of());
        }
        return m;
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    private static List<String> keys(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isObject()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        v.fieldNames().forEachRemaining(out::add);
        return List.copyOf(out);
    }
}
