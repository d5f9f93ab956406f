package dev.drydock.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A session's output before its response is chosen: held in memory while the session may still end at once
 * (then the held bytes are the whole body), passed on to the stream from {@link #attach} on, what was held first.
 */
final class HeldOutput extends OutputStream {
    private ByteArrayOutputStream held = new ByteArrayOutputStream(64);
    private OutputStream target;
    private boolean closed;

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (target != null) {
            target.write(b, off, len);
        } else {
            held.write(b, off, len);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (target != null) {
            target.flush();
        }
    }

    /** Ends the output: the stream's end once attached; before, nothing more is held. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (target != null) {
            target.close();
        }
    }

    /** What was held (for a session that ended before any stream began). */
    synchronized byte[] heldBytes() {
        return held.toByteArray();
    }

    /** From now on the output goes to {@code out}, after what was held (closed too when this already was). */
    synchronized void attach(OutputStream out) throws IOException {
        target = out;
        if (held.size() > 0) {
            out.write(held.toByteArray());
            out.flush();
        }
        held = null;
        if (closed) {
            out.close();
        }
    }
}
