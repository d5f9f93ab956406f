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
 * @param portBindAddress the host address published ports bind when a binding names none (dockerd's --ip)
 * @param bindRoots       which host paths bind mounts may reach
 */
public record EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                           boolean debug, int eventHistory, Map<String, String> credentials, String portBindAddress,
                           BindRoots bindRoots) {

    public EngineConfig {
        credentials = Map.copyOf(credentials);
        portBindAddress = portBindAddress == null || portBindAddress.isEmpty() ? "0.0.0.0" : portBindAddress;
        bindRoots = bindRoots == null ? BindRoots.any() : bindRoots;
    }

    /** A configuration with dockerd's defaults: ports bind 0.0.0.0, bind mounts may reach any host path. */
    public EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                        boolean debug, int eventHistory, Map<String, String> credentials) {
        this(engineVersion, apiVersion, minApiVersion, clock, ids, debug, eventHistory, credentials, "0.0.0.0",
                BindRoots.any());
    }
}
