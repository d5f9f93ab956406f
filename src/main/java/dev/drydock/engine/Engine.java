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
    private final java.util.List<java.util.Map.Entry<String, ResetHook>> resetHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /**
     * Registers a service's part of {@link #reset(ResetOptions)}; hooks run in registration order, so register
     * dependents first (containers before the images and volumes they use).
     *
     * @return a handle whose {@code close()} unregisters the hook
     */
    public AutoCloseable onReset(String name, ResetHook hook) {
        java.util.Map.Entry<String, ResetHook> entry = new java.util.AbstractMap.SimpleImmutableEntry<>(name, hook);
        resetHooks.add(entry);
        return () -> resetHooks.remove(entry);
    }

    /**
     * Back to a freshly started daemon: every registered hook runs, then the event history is forgotten and
     * open event streams end cleanly. A failing hook does not stop the others; the first failure is rethrown.
     */
    public void reset(ResetOptions options) {
        RuntimeException first = null;
        for (java.util.Map.Entry<String, ResetHook> h : resetHooks) {
            try {
                h.getValue().reset(options);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = new IllegalStateException("reset of " + h.getKey() + " failed: " + e.getMessage(), e);
                }
            }
        }
        events.reset();
        if (first != null) {
            throw first;
        }
    }
}
