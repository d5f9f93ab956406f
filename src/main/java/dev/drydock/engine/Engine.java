package dev.drydock.engine;

import dev.drydock.engine.volumes.VolumeService;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus.
 */
public final class Engine {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final VolumeService volumes;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
        this.volumes = new VolumeService(config, events);
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

    /** Volumes, their users, and the storage behind volume, bind and tmpfs mounts. */
    public VolumeService volumes() {
        return volumes;
    }
}
