package dev.drydock.stream;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads Docker's multiplexed stream back into frames (for attach stdin, and for tests acting as a client). */
public final class FrameReader {
    /** One frame: which stream it belongs to and its payload. */
    public record Frame(StreamType type, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next frame, or null at a clean end of stream (between frames).
     *
     * @throws EOFException when the stream ends inside a frame
     * @throws IOException  on a header that names no stream
     */
    public Frame next() throws IOException {
        byte[] header = new byte[8];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, 7);
        StreamType type;
        try {
            type = StreamType.of(header[0] & 0xff);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt multiplexed stream: " + e.getMessage());
        }
        long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8)
                | (header[7] & 0xffL);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt multiplexed stream: frame of " + size + " bytes");
        }
        byte[] payload = new byte[(int) size];
        readFully(payload, 0, payload.length);
        return new Frame(type, payload);
    }

    /** Reads every frame to the end, and returns what each of stdout and stderr carried. */
    public Demuxed readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (Frame f = next(); f != null; f = next()) {
            (f.type() == StreamType.STDERR ? err : out).write(f.payload());
        }
        return new Demuxed(out.toByteArray(), err.toByteArray());
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("multiplexed stream ended inside a frame");
            }
            off += n;
            len -= n;
        }
    }

    /** A demultiplexed stream: everything stdout and stderr carried. */
    public record Demuxed(byte[] stdout, byte[] stderr) {
        public String stdoutText() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
