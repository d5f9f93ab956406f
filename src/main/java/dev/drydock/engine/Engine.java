package dev.drydock.engine;

import dev.drydock.engine.networks.NetworkService;
import dev.drydock.engine.networks.SwarmService;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final NetworkService networks;
    private final SwarmService swarm;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
        this.networks = new NetworkService(config, events, config.portBindAddress());
        this.swarm = new SwarmService(config, events, networks);
        this.system = new SystemService(this);
    }

    public EngineConfig config() {
        return config;
    }

    public EventBus events() {
        return events;
    }

    public SystemService system() {
        return system;
    }

    /** Networks, container endpoints, name resolution and published ports. */
    public NetworkService networks() {
        return networks;
    }

    /** The minimal single-node swarm. */
    public SwarmService swarm() {
        return swarm;
    }

    /** Releases what lives outside the JVM heap: published ports' host sockets. */
    @Override
    public void close() {
        networks.close();
    }
}
