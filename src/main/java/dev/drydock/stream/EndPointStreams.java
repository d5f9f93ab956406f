package dev.drydock.stream;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

/** Blocking streams over a Jetty {@link EndPoint} that no HTTP connection owns any more (after a 101). */
final class EndPointStreams {
    private EndPointStreams() {
    }

    /** Reads what the client sends: first the bytes that came with the request, then the socket. */
    static final class Input extends InputStream {
        private final EndPoint endPoint;
        private final ByteBuffer buffer = BufferUtil.allocate(16 * 1024);
        private ByteBuffer prefilled;
        private boolean eof;

        Input(EndPoint endPoint) {
            this.endPoint = endPoint;
        }

        /** Bytes the client sent right after its request, already read by the HTTP connection. */
        synchronized void prefill(ByteBuffer bytes) {
            if (bytes != null && bytes.hasRemaining()) {
                ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
                copy.put(bytes).flip();
                prefilled = copy;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer source = prefilled != null && prefilled.hasRemaining() ? prefilled : fillBuffer();
            if (source == null) {
                return -1;
            }
            int n = Math.min(len, source.remaining());
            source.get(b, off, n);
            return n;
        }

        @Override
        public synchronized int available() {
            return (prefilled == null ? 0 : prefilled.remaining()) + buffer.remaining();
        }

        private ByteBuffer fillBuffer() throws IOException {
            while (!buffer.hasRemaining()) {
                if (eof) {
                    return null;
                }
                BufferUtil.clear(buffer);
                int n = endPoint.fill(buffer);
                if (n < 0) {
                    eof = true;
                    return null;
                }
                if (n == 0) {
                    FutureCallback readable = new FutureCallback();
                    endPoint.fillInterested(readable);
                    await(readable);
                }
            }
            return buffer;
        }
    }

    /** Writes to the client; {@link #close()} half-closes, so the client reads end-of-stream. */
    static final class Output extends OutputStream {
        private final EndPoint endPoint;

        Output(EndPoint endPoint) {
            this.endPoint = endPoint;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            if (endPoint.isOutputShutdown()) {
                throw new IOException("output already closed");
            }
            FutureCallback written = new FutureCallback();
            endPoint.write(written, ByteBuffer.wrap(b, off, len));
            await(written);
        }

        @Override
        public synchronized void close() {
            endPoint.shutdownOutput();
        }
    }

    private static void await(FutureCallback callback) throws IOException {
        try {
            callback.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "connection failed" : cause.toString(), cause);
        }
    }
}
