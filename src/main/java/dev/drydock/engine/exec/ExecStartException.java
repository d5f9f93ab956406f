package dev.drydock.engine.exec;

/**
 * An exec's process could not start. The message is the daemon's full text (e.g. {@code OCI runtime exec
 * failed: ...}); an attached session writes it in-band, a detached start answers it as a 400.
 */
public final class ExecStartException extends Exception {
    public ExecStartException(String message) {
        super(message, null, false, false);
    }
}
