package dev.drydock.registry;

/** A registry failure, with the HTTP status and message Docker answers with. */
public final class RegistryException extends RuntimeException {
    private final int status;

    public RegistryException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
