package dev.drydock.stream;

/** The content types of Docker's stdio streams. */
public final class StreamMediaType {
    /** A TTY's bytes as they are, or any stream for clients below API 1.42. */
    public static final String RAW = "application/vnd.docker.raw-stream";
    /** stdout and stderr in 8-byte-header frames. */
    public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private StreamMediaType() {
    }

    /**
     * What the daemon names a stream: multiplexed without a TTY from API 1.42 on, raw otherwise (the
     * framing itself depends only on the TTY).
     */
    public static String of(boolean tty, boolean apiAtLeast142) {
        return !tty && apiAtLeast142 ? MULTIPLEXED : RAW;
    }
}
