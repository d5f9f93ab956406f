package dev.drydock.build;

/** A Dockerfile the classic builder refuses, with the daemon's message. */
public final class DockerfileException extends RuntimeException {
    public DockerfileException(String message) {
        super(message, null, false, false);
    }

    /**
     * An instruction the builder refuses, located at its 1-based line, in the 20.10 daemon's words:
     * {@code dockerfile parse error line N: ...} (BuildKit says "on line"; the classic builder did not).
     */
    public static DockerfileException atLine(int line, String message) {
        return new DockerfileException("dockerfile parse error line " + line + ": " + message);
    }

    /** A Dockerfile the syntax pass refuses before any instruction: {@code failed to parse Dockerfile: ...}. */
    public static DockerfileException syntax(String message) {
        return new DockerfileException("failed to parse Dockerfile: " + message);
    }
}
