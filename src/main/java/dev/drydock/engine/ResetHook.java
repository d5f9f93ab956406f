package dev.drydock.engine;

/**
 * A service's part of a state reset (containers, images, volumes, networks...): forget its state, stop what it
 * runs and end its open streams cleanly. Registered with {@link Engine#onReset(String, ResetHook)}; must not
 * publish events (a reset is silent).
 */
@FunctionalInterface
public interface ResetHook {
    void reset(ResetOptions options);
}
