package dev.drydock.runtime;

/**
 * Thrown inside a process's own thread once the process has been terminated by a signal or budget, to unwind
 * it; the exit code is already decided. Programs should let it propagate.
 */
public final class ProcessKilled extends RuntimeException {
    public ProcessKilled() {
        super("process terminated", null, false, false);
    }
}
