package dev.drydock.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus. Services that
 * hold resources (in-memory filesystems, schedulers, sockets) register them with {@link #onClose} so closing
 * the engine frees everything.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
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

    /** Registers something to close with the engine; closed in reverse order of registration. */
    public synchronized void onClose(AutoCloseable resource) {
        closeables.push(resource);
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception ignored) {
                // Closing must go on for the rest: one stuck resource must not leak the others.
            }
        }
    }
}
