package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.ApiVersions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where a container's inspect and list documents follow the request's API version, as the current
 * daemon gates them (its routers and types, API 1.40 .. 1.55); the network parts are gated in
 * {@code NetworkViews} the same way (deprecated NetworkSettings fields below 1.52, short-ID aliases below 1.45).
 *
 * <ul>
 *   <li>list {@code HostConfig.Annotations}: from 1.46 (when the container has any);</li>
 *   <li>list {@code Health} ({@code Status}, {@code FailingStreak}): from 1.52, {@code "none"} for a container
 *       without a health check or not running;</li>
 *   <li>{@code ImageManifestDescriptor} (inspect from 1.48, list from 1.48): only a containerd image store fills
 *       it; the simulated store is a graph-driver store, for which the daemon omits it at every version.</li>
 * </ul>
 *
 * <p>Differences between the 20.10 daemon and the current one that are not API-versioned (20.10 renders
 * {@code KernelMemory}/{@code KernelMemoryTCP} as 0 and {@code ConsoleSize} after {@code Runtime}) follow the
 * current daemon, which a client asking for 1.41 talks to here.
 */
final class ContainerShapes {
    static final String LIST_ANNOTATIONS = "1.46";
    static final String LIST_HEALTH = "1.52";

    private ContainerShapes() {
    }

    /** The list entry's reduced HostConfig. */
    static Map<String, Object> summaryHostConfig(Container c, String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("NetworkMode", c.hostConfig().path("NetworkMode").asText("default"));
        JsonNode annotations = c.hostConfig().get("Annotations");
        if (ApiVersions.atLeast(apiVersion, LIST_ANNOTATIONS) && annotations != null && annotations.isObject()
                && !annotations.isEmpty()) {
            m.put("Annotations", annotations);
        }
        return m;
    }

    /** Adds the fields the list entry ends with at this version (Health from 1.52). */
    static void summaryTail(Map<String, Object> m, Container c, String apiVersion) {
        if (ApiVersions.atLeast(apiVersion, LIST_HEALTH)) {
            m.put("Health", summaryHealth(c));
        }
    }

    private static Map<String, Object> summaryHealth(Container c) {
        ContainerHealth h = c.health();
        boolean running = c.status().hasProcess();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", h == null || !running ? ContainerHealth.NONE : h.status());
        m.put("FailingStreak", h == null || !running ? 0 : h.failingStreak());
        return m;
    }

    /** What a cached list entry must be re-rendered for when it changes: the health it shows, at 1.52+. */
    /** Whether the list entry at this version ends with {@code Health}; decided once per list, not per entry. */
    static boolean listsHealth(String apiVersion) {
        return ApiVersions.atLeast(apiVersion, LIST_HEALTH);
    }

    /** What the entry's {@code Health} shows, as a key that changes when it does; empty when not shown. */
    static String summaryHealthKey(Container c, boolean listsHealth) {
        if (!listsHealth) {
            return "";
        }
        ContainerHealth h = c.health();
        return h == null || !c.status().hasProcess() ? ContainerHealth.NONE : h.status() + "/" + h.failingStreak();
    }
}
