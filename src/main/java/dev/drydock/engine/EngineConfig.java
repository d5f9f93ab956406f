package dev.drydock.engine;

import dev.drydock.fs.BindRoots;
import dev.drydock.registry.RegistryMode;

import java.time.Clock;
import java.util.Map;

/**
 * What the engine needs from its configuration: its identity, its clock and its ID source, and the limits
 * each resource honours. Build one with {@link #builder()}; every field has dockerd's default.
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
 * @param registryMode    which references a pull finds (strict: only catalog, pushed, loaded and built images)
 * @param maxArchiveBytes the most content a load or import may unpack (a tar bomb beyond it is refused)
 */
public record EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                           boolean debug, int eventHistory, Map<String, String> credentials, String portBindAddress,
                           BindRoots bindRoots, RegistryMode registryMode, long maxArchiveBytes) {
    /** The default limit on what a load or import may unpack. */
    public static final long DEFAULT_MAX_ARCHIVE_BYTES = 1L << 30;

    public EngineConfig {
        credentials = Map.copyOf(credentials);
        portBindAddress = portBindAddress == null || portBindAddress.isEmpty() ? "0.0.0.0" : portBindAddress;
        bindRoots = bindRoots == null ? BindRoots.any() : bindRoots;
        registryMode = registryMode == null ? RegistryMode.DEFAULT : registryMode;
        maxArchiveBytes = maxArchiveBytes <= 0 ? DEFAULT_MAX_ARCHIVE_BYTES : maxArchiveBytes;
    }

    /** A configuration with dockerd's defaults for everything but identity, clock, IDs and credentials. */
    public EngineConfig(String engineVersion, String apiVersion, String minApiVersion, Clock clock, Ids ids,
                        boolean debug, int eventHistory, Map<String, String> credentials) {
        this(engineVersion, apiVersion, minApiVersion, clock, ids, debug, eventHistory, credentials, null, null, null,
                0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EngineConfig}; unset fields take their defaults. */
    public static final class Builder {
        private String engineVersion = "29.7.2";
        private String apiVersion = "1.55";
        private String minApiVersion = "1.24";
        private Clock clock = Clock.systemUTC();
        private Ids ids;
        private boolean debug;
        private int eventHistory = 1024;
        private Map<String, String> credentials = Map.of();
        private String portBindAddress;
        private BindRoots bindRoots;
        private RegistryMode registryMode;
        private long maxArchiveBytes;

        private Builder() {
        }

        public Builder versions(String engine, String api, String minApi) {
            this.engineVersion = engine;
            this.apiVersion = api;
            this.minApiVersion = minApi;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder ids(Ids i) {
            this.ids = i;
            return this;
        }

        public Builder debug(boolean d) {
            this.debug = d;
            return this;
        }

        public Builder eventHistory(int n) {
            this.eventHistory = n;
            return this;
        }

        public Builder credentials(Map<String, String> c) {
            this.credentials = c;
            return this;
        }

        public Builder portBindAddress(String a) {
            this.portBindAddress = a;
            return this;
        }

        public Builder bindRoots(BindRoots r) {
            this.bindRoots = r;
            return this;
        }

        public Builder registryMode(RegistryMode m) {
            this.registryMode = m;
            return this;
        }

        public Builder maxArchiveBytes(long n) {
            this.maxArchiveBytes = n;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(engineVersion, apiVersion, minApiVersion, clock, ids == null ? Ids.random() : ids,
                    debug, eventHistory, credentials, portBindAddress, bindRoots, registryMode, maxArchiveBytes);
        }
    }
}
