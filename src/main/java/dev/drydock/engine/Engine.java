package dev.drydock.engine;

import dev.drydock.engine.containers.ContainerService;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus.
 */
public final class Engine {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final ContainerService containers;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
        this.system = new SystemService(this);
        this.containers = new ContainerService(config, events);
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

    /** The containers: registry and lifecycle. */
    public ContainerService containers() {
        return containers;
    }

    /** Stops what the engine runs (processes, timers); the daemon is shutting down. */
    public void close() {
        containers.close();
    }
}
