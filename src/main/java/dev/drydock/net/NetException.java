package dev.drydock.net;

/**
 * A refused network operation, with Docker's message and the class of failure the engine turns into a status.
 */
public final class NetException extends RuntimeException {
    /** What kind of failure this is; the engine maps each to Docker's HTTP status for it. */
    public enum Kind {
        /** Bad input (400). */
        INVALID,
        /** Not allowed in this state (403), e.g. an address already in use. */
        FORBIDDEN,
        /** Something named does not exist (404). */
        NOT_FOUND,
        /** A name or port conflict (409). */
        CONFLICT,
        /** A failure Docker reports as a server error (500), e.g. a port that cannot be bound. */
        FAILED
    }

    private final Kind kind;

    public NetException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
