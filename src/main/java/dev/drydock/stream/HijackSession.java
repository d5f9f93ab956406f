package dev.drydock.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The client's end of an attach or exec stream: its stdin to read, and stdout/stderr to write (framed
 * without a TTY, raw with one).
 */
public final class HijackSession {
    private final InputStream stdin;
    private final FrameWriter frames;
    private final OutputStream connectionOut;
    private final boolean upgraded;
    private final boolean tty;
    private volatile boolean outputClosed;

    HijackSession(InputStream stdin, OutputStream connectionOut, boolean tty, boolean upgraded) {
        this.stdin = stdin;
        this.connectionOut = connectionOut;
        this.frames = FrameWriter.of(connectionOut, tty);
        this.tty = tty;
        this.upgraded = upgraded;
    }

    /** What the client sends; end-of-stream when it half-closes or goes away. Empty without an upgrade. */
    public InputStream stdin() {
        return stdin;
    }

    /** The program's stdout, towards the client. */
    public OutputStream stdout() {
        return frames.stream(StreamType.STDOUT);
    }

    /** The program's stderr, towards the client (the same raw bytes as stdout with a TTY). */
    public OutputStream stderr() {
        return frames.stream(StreamType.STDERR);
    }

    /** The frame writer under stdout and stderr. */
    public FrameWriter frames() {
        return frames;
    }

    public boolean tty() {
        return tty;
    }

    /** True when the connection was upgraded (101); false for a plain 200 stream. */
    public boolean upgraded() {
        return upgraded;
    }

    /**
     * Ends the output: the client reads end-of-stream (a half-close after an upgrade, the end of the body
     * otherwise) while stdin stays readable. Idempotent; done for you when the handler returns.
     */
    public void closeOutput() throws IOException {
        if (outputClosed) {
            return;
        }
        outputClosed = true;
        connectionOut.close();
    }

    boolean outputClosed() {
        return outputClosed;
    }
}
