package dev.drydock.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A response body as it arrives: fixed length, chunked, until close, or none. */
abstract class HttpBody {
    /** Up to {@code len} body bytes, or -1 at the end of the body. */
    abstract int read(byte[] b, int off, int len) throws IOException;

    /** True when the connection can carry another request once this body is read. */
    abstract boolean reusable();

    byte[] readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = read(chunk, 0, chunk.length)) >= 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    static HttpBody none() {
        return new HttpBody() {
            @Override
            int read(byte[] b, int off, int len) {
                return -1;
            }

            @Override
            boolean reusable() {
                return true;
            }
        };
    }

    static HttpBody fixed(ChannelInput in, long length) {
        return new HttpBody() {
            private long left = length;

            @Override
            int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new IOException("connection closed with " + left + " of " + length + " body bytes missing");
                }
                left -= n;
                return n;
            }

            @Override
            boolean reusable() {
                return left == 0;
            }
        };
    }

    static HttpBody untilClose(ChannelInput in) {
        return new HttpBody() {
            @Override
            int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            boolean reusable() {
                return false;
            }
        };
    }

    /**
     * Transfer-Encoding: chunked, as RFC 9112 section 7.1 frames it (extensions and trailers skipped).
     *
     * <p>A chunk's data is handed out as soon as it arrives; the CRLF that closes the chunk is consumed on the
     * next read, not before returning the chunk's last byte. A server may hold that CRLF back until it writes
     * the next chunk (Jetty does: it sends it as the prefix of the next chunk's size line), so a reader that
     * waits for it would keep the last line of a live stream (an event) until the next one comes. Go's
     * chunked reader returns early for the same reason.
     */
    static HttpBody chunked(ChannelInput in) {
        return new HttpBody() {
            private long chunkLeft;
            private boolean crlfPending;
            private boolean done;

            @Override
            int read(byte[] b, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                if (chunkLeft == 0) {
                    if (crlfPending) {
                        String crlf = in.readLine();
                        if (crlf == null || !crlf.isEmpty()) {
                            throw new IOException("chunk not followed by CRLF");
                        }
                        crlfPending = false;
                    }
                    String sizeLine = in.readLine();
                    if (sizeLine == null) {
                        throw new IOException("connection closed inside a chunked body");
                    }
                    int semi = sizeLine.indexOf(';');
                    String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                    chunkLeft = Long.parseLong(hex, 16);
                    if (chunkLeft == 0) {
                        String trailer;
                        while ((trailer = in.readLine()) != null && !trailer.isEmpty()) {
                            // Trailers carry nothing the contracts check.
                        }
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(b, off, (int) Math.min(len, chunkLeft));
                if (n < 0) {
                    throw new IOException("connection closed inside a chunk");
                }
                chunkLeft -= n;
                crlfPending = chunkLeft == 0;
                return n;
            }

            @Override
            boolean reusable() {
                return done;
            }
        };
    }
}
