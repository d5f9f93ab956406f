package dev.drydock.contract;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reads from a non-blocking socket channel (TCP or Unix) with a deadline, so a server that stops
 * answering fails a test instead of hanging it: {@link SocketChannel} has no read timeout of its own.
 */
final class ChannelInput {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).flip();
    private long deadlineNanos;

    ChannelInput(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Every read from now on fails with a {@link SocketTimeoutException} once {@code millis} have passed. */
    void deadlineIn(long millis) {
        deadlineNanos = System.nanoTime() + millis * 1_000_000L;
    }

    /** Reads more bytes into the buffer; false at end of stream. */
    private boolean fill() throws IOException {
        buf.compact();
        try {
            while (true) {
                int n = channel.read(buf);
                if (n > 0) {
                    return true;
                }
                if (n < 0) {
                    return false;
                }
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new SocketTimeoutException("no data from the server before the deadline");
                }
                SelectionKey key = channel.keyFor(selector);
                key.interestOps(SelectionKey.OP_READ);
                selector.select(left);
                selector.selectedKeys().clear();
            }
        } finally {
            buf.flip();
        }
    }

    /** One byte, or -1 at end of stream. */
    int read() throws IOException {
        if (!buf.hasRemaining() && !fill()) {
            return -1;
        }
        return buf.get() & 0xff;
    }

    /** Up to {@code len} bytes, or -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buf.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    /** Exactly {@code len} bytes; fails when the stream ends first. */
    byte[] readExactly(int len) throws IOException {
        byte[] out = new byte[len];
        int off = 0;
        while (off < len) {
            int n = read(out, off, len - off);
            if (n < 0) {
                throw new IOException("connection closed after " + off + " of " + len + " body bytes");
            }
            off += n;
        }
        return out;
    }

    /** A line ended by LF (a preceding CR is dropped), or null at end of stream before any byte. */
    String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Every byte until the server closes the connection. */
    byte[] readToEnd() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = read(chunk, 0, chunk.length)) >= 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
