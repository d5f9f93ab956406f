package dev.drydock.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One end of an in-process TCP connection between a container's program and a listener. */
public interface VirtualConnection extends Closeable {
    InputStream input();

    OutputStream output();

    /** The peer's address as {@code ip:port}. */
    String remoteAddress();

    /** This end's address as {@code ip:port}. */
    String localAddress();

    /** Half-close: the peer reads end-of-stream, this end can still read. */
    void shutdownOutput();

    /** Closes both directions. */
    @Override
    void close();

    /**
     * A connected pair: what the client writes the server reads and back.
     *
     * @return {client end, server end}
     */
    static VirtualConnection[] pair(String clientAddress, String serverAddress) {
        BytePipe toServer = new BytePipe(64 * 1024);
        BytePipe toClient = new BytePipe(64 * 1024);
        VirtualConnection client = new PipeEnd(toClient, toServer, serverAddress, clientAddress);
        VirtualConnection server = new PipeEnd(toServer, toClient, clientAddress, serverAddress);
        return new VirtualConnection[]{client, server};
    }

    /** One end of a {@link #pair}. */
    final class PipeEnd implements VirtualConnection {
        private final BytePipe in;
        private final BytePipe out;
        private final String remote;
        private final String local;

        private PipeEnd(BytePipe in, BytePipe out, String remote, String local) {
            this.in = in;
            this.out = out;
            this.remote = remote;
            this.local = local;
        }

        @Override
        public InputStream input() {
            return in.source();
        }

        @Override
        public OutputStream output() {
            return out.sink();
        }

        @Override
        public String remoteAddress() {
            return remote;
        }

        @Override
        public String localAddress() {
            return local;
        }

        @Override
        public void shutdownOutput() {
            out.closeWrite();
        }

        @Override
        public void close() {
            in.closeRead();
            out.closeWrite();
        }
    }

    /** Copies until end-of-stream or failure, then half-closes the target (used by forwarders). */
    static void pump(InputStream from, OutputStream to, Runnable onEnd) {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = from.read(buf)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // The other side went away: the connection just ends.
        } finally {
            onEnd.run();
        }
    }
}
