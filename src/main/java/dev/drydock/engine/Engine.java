package dev.drydock.engine;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus.
 */
public final class Engine {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final ImageService images;
    private final ImageArchive imageArchive;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
        this.system = new SystemService(this);
        this.images = new ImageService(this);
        this.imageArchive = new ImageArchive(images, config.maxArchiveBytes());
    }

    /** Local images, the layer store and the simulated registry. */
    public ImageService images() {
        return images;
    }

    /** docker save / docker load archives. */
    public ImageArchive imageArchive() {
        return imageArchive;
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
}
