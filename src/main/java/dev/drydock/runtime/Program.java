package dev.drydock.runtime;

import java.util.Objects;

/** A runnable program: either blocking ({@link ContainerProgram}) or thread-free ({@link AsyncContainerProgram}). */
public final class Program {
    private final ContainerProgram sync;
    private final AsyncContainerProgram async;

    private Program(ContainerProgram sync, AsyncContainerProgram async) {
        this.sync = sync;
        this.async = async;
    }

    public static Program of(ContainerProgram p) {
        return new Program(Objects.requireNonNull(p), null);
    }

    public static Program async(AsyncContainerProgram p) {
        return new Program(null, Objects.requireNonNull(p));
    }

    /** The blocking form, or null. */
    public ContainerProgram sync() {
        return sync;
    }

    /** The thread-free form, or null. */
    public AsyncContainerProgram asyncForm() {
        return async;
    }

    public boolean isAsync() {
        return async != null;
    }
}
