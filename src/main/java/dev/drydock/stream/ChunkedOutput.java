package dev.drydock.stream;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.FutureCallback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * A streamed chunked body written the way Go's server writes it: each flush sends one whole chunk,
 * {@code SIZE CRLF DATA CRLF}, in one write.
 *
 * <p>Jetty sends a chunk's closing CRLF only with the next chunk, and clients that read that CRLF eagerly
 * (urllib3 under docker-py, simple chunked readers) then see each event one event late. The response head
 * is committed by Jetty first; the terminating {@code 0 CRLF CRLF} is Jetty's when the exchange completes.
 */
final class ChunkedOutput extends OutputStream {
    private static final int AUTO_FLUSH = 32 * 1024;

    private final EndPoint endPoint;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    ChunkedOutput(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (pending.size() >= AUTO_FLUSH) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= AUTO_FLUSH) {
            flush();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        byte[] size = (Integer.toHexString(pending.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer chunk = ByteBuffer.allocate(size.length + pending.size() + 2);
        chunk.put(size).put(pending.toByteArray()).put((byte) '\r').put((byte) '\n').flip();
        pending.reset();
        FutureCallback written = new FutureCallback();
        endPoint.write(written, chunk);
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** Sends what is pending; the body's end is Jetty's to write. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
