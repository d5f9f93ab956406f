package dev.drydock.runtime;

/**
 * A process that could not start, like runc failing before the program runs. {@link #getMessage()} is the
 * runc-level text (e.g. {@code exec: "x": executable file not found in $PATH}) which the container layer wraps
 * in Docker's OCI error; {@link #exitCode()} is what Docker reports (127 not found, 126 not executable).
 */
public final class ProcessStartException extends Exception {
    /** Why the start failed. */
    public enum Reason {
        /** argv[0] not found in PATH or at its path (127). */
        NOT_FOUND(127),
        /** Found but not executable, a directory, or an unknown binary format (126). */
        NOT_EXECUTABLE(126),
        /** The user or group does not exist in /etc/passwd or /etc/group (Docker: 125/126 before start). */
        NO_SUCH_USER(126),
        /** The working directory does not exist (exec -w). */
        NO_SUCH_WORKDIR(126),
        /** Too many processes in the namespace. */
        RESOURCE_LIMIT(126);

        private final int exitCode;

        Reason(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Reason reason;

    public ProcessStartException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int exitCode() {
        return reason.exitCode;
    }
}
