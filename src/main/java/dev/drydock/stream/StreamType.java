package dev.drydock.stream;

/** The streams of a container's stdio, numbered as the multiplexed frame header numbers them. */
public enum StreamType {
    STDIN(0), STDOUT(1), STDERR(2);

    private final int code;

    StreamType(int code) {
        this.code = code;
    }

    /** The byte that opens a frame of this stream. */
    public int code() {
        return code;
    }

    /** The stream a frame header names; anything but 0, 1 or 2 is a corrupt stream. */
    public static StreamType of(int code) {
        return switch (code) {
            case 0 -> STDIN;
            case 1 -> STDOUT;
            case 2 -> STDERR;
            default -> throw new IllegalArgumentException("unknown stream type " + code);
        };
    }
}
