package dev.drydock.build;

/** A build that failed after its stream started: the message (and a RUN's exit code) go in-band. */
public final class BuildFailure extends RuntimeException {
    private final Integer code;

    public BuildFailure(String message) {
        this(message, null);
    }

    public BuildFailure(String message, Integer code) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The failing command's exit code, or null. */
    public Integer code() {
        return code;
    }
}
