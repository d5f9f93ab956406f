package dev.drydock.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a container's stdout and stderr onto one connection, the way Docker does.
 *
 * <p>Multiplexed (no TTY): each write becomes a frame with an 8-byte header {@code [type, 0, 0, 0, size as
 * big-endian uint32]}. Raw (TTY): the bytes go through as they are, stdout and stderr alike. Every write is
 * flushed, because the reader on the other end is usually a person at a terminal.
 */
public final class FrameWriter {
    /** The largest payload one frame carries; longer writes are split, as the daemon's buffer splits them. */
    static final int MAX_PAYLOAD = 32 * 1024;

    private final OutputStream out;
    private final boolean multiplexed;

    private FrameWriter(OutputStream out, boolean multiplexed) {
        this.out = out;
        this.multiplexed = multiplexed;
    }

    /** Frames every write with the 8-byte header (streams without a TTY). */
    public static FrameWriter multiplexed(OutputStream out) {
        return new FrameWriter(out, true);
    }

    /** Passes bytes through unframed (streams with a TTY). */
    public static FrameWriter raw(OutputStream out) {
        return new FrameWriter(out, false);
    }

    /** Multiplexed without a TTY, raw with one. */
    public static FrameWriter of(OutputStream out, boolean tty) {
        return tty ? raw(out) : multiplexed(out);
    }

    public boolean isMultiplexed() {
        return multiplexed;
    }

    /** Writes one chunk of a stream and flushes it; an empty chunk writes nothing. */
    public void write(StreamType type, byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        synchronized (this) {
            if (!multiplexed) {
                out.write(b, off, len);
            } else {
                // Frames from stdout and stderr never interleave: the header and its payload go out together.
                for (int pos = off; pos < off + len; pos += MAX_PAYLOAD) {
                    int n = Math.min(MAX_PAYLOAD, off + len - pos);
                    out.write(header(type, n));
                    out.write(b, pos, n);
                }
            }
            out.flush();
        }
    }

    public void write(StreamType type, byte[] b) throws IOException {
        write(type, b, 0, b.length);
    }

    /** The frame header for a payload of {@code size} bytes. */
    public static byte[] header(StreamType type, int size) {
        return new byte[]{(byte) type.code(), 0, 0, 0,
                (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
    }

    /** A stream view: what a program writes to its stdout or stderr. Closing it does not close the connection. */
    public OutputStream stream(StreamType type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                FrameWriter.this.write(type, new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                FrameWriter.this.write(type, b, off, len);
            }

            @Override
            public void flush() throws IOException {
                synchronized (FrameWriter.this) {
                    out.flush();
                }
            }
        };
    }
}
