package dev.drydock.engine;

/**
 * A failure the engine reports to its caller, carrying the HTTP status class Docker uses for it.
 *
 * <p>The HTTP layer turns these into {@code {"message": ...}} bodies; the engine never knows about HTTP
 * beyond this status number.
 */
public class EngineException extends RuntimeException {
    private final int status;

    public EngineException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status Docker answers with for this failure. */
    public int status() {
        return status;
    }

    public static EngineException badRequest(String message) {
        return new EngineException(400, message);
    }

    public static EngineException unauthorized(String message) {
        return new EngineException(401, message);
    }

    public static EngineException forbidden(String message) {
        return new EngineException(403, message);
    }

    public static EngineException notFound(String message) {
        return new EngineException(404, message);
    }

    public static EngineException conflict(String message) {
        return new EngineException(409, message);
    }

    /** 304: the requested transition is already in effect (start of a running container, etc.). */
    public static EngineException notModified() {
        return new EngineException(304, "");
    }

    public static EngineException internal(String message) {
        return new EngineException(500, message);
    }

    public static EngineException notImplemented(String message) {
        return new EngineException(501, message);
    }

    public static EngineException unavailable(String message) {
        return new EngineException(503, message);
    }
}
