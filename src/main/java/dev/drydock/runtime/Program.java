package dev.drydock.runtime;

import java.util.Objects;

/**
 * A runnable program: blocking ({@link ContainerProgram}), thread-free ({@link AsyncContainerProgram}) or in
 * slices that hold no thread while waiting ({@link ResumableProgram}).
 */
public final class Program {
    private final ContainerProgram sync;
    private final AsyncContainerProgram async;
    private final ResumableProgram resumable;
    private final boolean quick;

    private Program(ContainerProgram sync, AsyncContainerProgram async, ResumableProgram resumable, boolean quick) {
        this.sync = sync;
        this.async = async;
        this.resumable = resumable;
        this.quick = quick;
    }

    public static Program of(ContainerProgram p) {
        return new Program(Objects.requireNonNull(p), null, null, false);
    }

    /**
     * A blocking program that never waits (no stdin, no children, no sleeps, no network) and writes little, such
     * as {@code echo}: a caller that allows it may run it on its own thread instead of handing it to a worker.
     */
    public static Program quick(ContainerProgram p) {
        return new Program(Objects.requireNonNull(p), null, null, true);
    }

    public static Program async(AsyncContainerProgram p) {
        return new Program(null, Objects.requireNonNull(p), null, false);
    }

    /** A program run in slices; its {@link #sync()} form runs them blocking. */
    public static Program resumable(ResumableProgram p) {
        return new Program(ResumableProgram.blocking(p), null, Objects.requireNonNull(p), false);
    }

    /** Whether this is a {@linkplain #quick quick} program. */
    public boolean isQuick() {
        return quick;
    }

    /** The blocking form, or null. */
    public ContainerProgram sync() {
        return sync;
    }

    /** The thread-free form, or null. */
    public AsyncContainerProgram asyncForm() {
        return async;
    }

    /** The sliced form, or null. */
    public ResumableProgram resumableForm() {
        return resumable;
    }

    public boolean isAsync() {
        return async != null;
    }
}
