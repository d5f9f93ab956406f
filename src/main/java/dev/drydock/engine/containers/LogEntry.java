package dev.drydock.engine.containers;

/**
 * One record of a container's log, as the json-file driver keeps it: a line (with its newline) or a partial line.
 *
 * @param stream   1 for stdout, 2 for stderr
 * @param timeNano when the line was written, Unix nanoseconds
 * @param data     the bytes
 */
public record LogEntry(int stream, long timeNano, byte[] data) {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
}
