package dev.drydock.build;

/** A Dockerfile the classic builder refuses, with the daemon's message. */
public final class DockerfileException extends RuntimeException {
    public DockerfileException(String message) {
        super(message, null, false, false);
    }

    /** A parse error located at a 1-based line, as {@code dockerfile parse error on line N: ...}. */
    public static DockerfileException atLine(int line, String message) {
        return new DockerfileException("dockerfile parse error on line " + line + ": " + message);
    }
}
