package dev.drydock.engine;

import dev.drydock.registry.RegistryMode;

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
 * @param registryMode    which references a pull finds (strict: only catalog, pushed, loaded and built images)
 * @param maxArchiveBytes the most content a load or import may unpack (a tar bomb beyond it is refused)
 */
public record EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                           boolean debug, int eventHistory, Map<String, String> credentials, String portBindAddress,
                           RegistryMode registryMode, long maxArchiveBytes) {
    /** The default limit on what a load or import may unpack. */
    public static final long DEFAULT_MAX_ARCHIVE_BYTES = 1L << 30;

    public EngineConfig {
        credentials = Map.copyOf(credentials);
        portBindAddress = portBindAddress == null || portBindAddress.isEmpty() ? "0.0.0.0" : portBindAddress;
        registryMode = registryMode == null ? RegistryMode.DEFAULT : registryMode;
        maxArchiveBytes = maxArchiveBytes <= 0 ? DEFAULT_MAX_ARCHIVE_BYTES : maxArchiveBytes;
    }

    /** A configuration with the default registry mode and archive limit. */
    public EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                        boolean debug, int eventHistory, Map<String, String> credentials, String portBindAddress) {
        this(engineVersion, apiVersion, minApiVersion, clock, ids, debug, eventHistory, credentials, portBindAddress,
                RegistryMode.DEFAULT, DEFAULT_MAX_ARCHIVE_BYTES);
    }

    /** A configuration whose published ports bind 0.0.0.0, as dockerd's do by default. */
    public EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                        boolean debug, int eventHistory, Map<String, String> credentials) {
        this(engineVersion, apiVersion, minApiVersion, clock, ids, debug, eventHistory, credentials, "0.0.0.0");
    }
}
