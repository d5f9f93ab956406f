package dev.drydock.engine.containers;

import java.util.Locale;

/** A container's state as Docker names it in {@code State.Status} and the {@code status} filter. */
public enum ContainerStatus {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    /** Made once: lists ask every container for it. */
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The wire name: created, running, ... */
    public String wire() {
        return wire;
    }

    /** True while a process exists: running, paused or restarting (Docker's State.Running is true for all three). */
    public boolean hasProcess() {
        return this == RUNNING || this == PAUSED;
    }
}
