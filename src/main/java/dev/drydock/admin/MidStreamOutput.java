package dev.drydock.admin;

import dev.drydock.stream.Streaming;
import org.eclipse.jetty.io.EndPoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed body under a fail-mid-stream fault: lets N lines (or N flushed chunks) through, then writes Docker's
 * in-band error line and ends the stream cleanly, or cuts the connection.
 */
final class MidStreamOutput extends FilterOutputStream {
    private final FaultAction.FailMidStream fault;
    private final EndPoint endPoint;
    private int passed;
    private boolean pending;
    private boolean ended;

    MidStreamOutput(OutputStream out, FaultAction.FailMidStream fault, EndPoint endPoint) {
        super(out);
        this.fault = fault;
        this.endPoint = endPoint;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        if (passed >= fault.after()) {
            fail();
        }
        if (!fault.countLines()) {
            out.write(b, off, len);
            pending |= len > 0;
            return;
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n' && ++passed >= fault.after()) {
                out.write(b, off, i + 1 - off);
                fail();
            }
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        out.flush();
        if (!fault.countLines() && pending) {
            pending = false;
            if (++passed >= fault.after()) {
                fail();
            }
        }
    }

    private void checkOpen() throws IOException {
        if (ended) {
            throw new Streaming.EndOfStream("stream ended by a drydock fault");
        }
    }

    /** Ends the stream the fault's way; always throws, so the writer stops. */
    private void fail() throws IOException {
        ended = true;
        out.flush();
        if (fault.error() == null) {
            if (endPoint != null) {
                endPoint.close();
            }
            throw new IOException("connection cut by a drydock fault");
        }
        out.write(fault.errorLine());
        out.flush();
        throw new Streaming.EndOfStream("stream ended by a drydock fault");
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            out.close();
        }
    }
}
