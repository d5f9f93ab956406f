package dev.drydock.engine.containers;

/**
 * The runtime could not start a process (missing executable, permission denied, bad working directory).
 * The container stays created with {@link #exitCode()} and the OCI-style error.
 */
public final class LaunchException extends Exception {
    private final int exitCode;

    /**
     * @param exitCode 127 for a missing executable, 126 for one that cannot run
     * @param reason   the runtime's reason, e.g. {@code exec: "x": executable file not found in $PATH}
     */
    public LaunchException(int exitCode, String reason) {
        super(reason, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
