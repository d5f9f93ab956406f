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

    private Program(ContainerProgram sync, AsyncContainerProgram async, ResumableProgram resumable) {
        this.sync = sync;
        this.async = async;
        this.resumable = resumable;
    }

    public static Program of(ContainerProgram p) {
        return new Program(Objects.requireNonNull(p), null, null);
    }

    public static Program async(AsyncContainerProgram p) {
        return new Program(null, Objects.requireNonNull(p), null);
    }

    /** A program run in slices; its {@link #sync()} form runs them blocking. */
    public static Program resumable(ResumableProgram p) {
        return new Program(ResumableProgram.blocking(p), null, Objects.requireNonNull(p));
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
