package dev.drydock.engine;

import dev.drydock.fs.BindRoots;

import java.time.Clock;
import java.util.Map;

/**
 * What the engine needs from its configuration: its identity, its clock and its ID source.
 *
 * @param engineVersion   the Engine version reported by /version and in the Server header
 * @param apiVersion      the highest API version served
 * @param minApiVersion   the lowest API version served
 * @param clock           the source of every timestamp
 * @param ids             the source of every generated ID
 * @param debug           reported as Debug in /info
 * @param eventHistory    how many events are kept for {@code since} replay
 * @param credentials     registry credentials (user to password) that /auth accepts; empty accepts any
 * @param bindRoots       which host paths bind mounts may reach
 */
public record EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                           boolean debug, int eventHistory, Map<String, String> credentials, BindRoots bindRoots) {

    public EngineConfig {
        credentials = Map.copyOf(credentials);
        bindRoots = bindRoots == null ? BindRoots.any() : bindRoots;
    }

    /** A configuration allowing bind mounts of any host path, as dockerd on a local socket does. */
    public EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                        boolean debug, int eventHistory, Map<String, String> credentials) {
        this(engineVersion, apiVersion, minApiVersion, clock, ids, debug, eventHistory, credentials, BindRoots.any());
    }
}
