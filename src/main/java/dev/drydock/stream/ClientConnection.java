package dev.drydock.stream;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The client's connection under a streaming response: lets a long stream live past Jetty's idle timeout, and
 * notices a client that went away while nothing was being written.
 */
public final class ClientConnection {
    private final EndPoint endPoint;
    private final long originalIdleTimeout;
    private volatile boolean gone;

    private ClientConnection(EndPoint endPoint) {
        this.endPoint = endPoint;
        this.originalIdleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
    }

    /** The connection of a servlet request (through any wrappers). */
    public static ClientConnection of(HttpServletRequest req) {
        ServletContextRequest scr = ServletContextRequest.getServletContextRequest(req);
        EndPoint ep = scr == null ? null : scr.getConnectionMetaData().getConnection().getEndPoint();
        return new ClientConnection(ep);
    }

    /** The client's endpoint, or null when unknown. */
    EndPoint endPoint() {
        return endPoint;
    }

    /** A stream may be silent for hours (events, wait): no idle timeout while it lasts. */
    public void holdOpen() {
        if (endPoint != null) {
            endPoint.setIdleTimeout(0);
        }
    }

    /** Restores the connector's idle timeout once the stream ended. */
    public void release() {
        if (endPoint != null && endPoint.isOpen()) {
            endPoint.setIdleTimeout(originalIdleTimeout);
        }
    }

    /**
     * True when the client closed its side. HTTP/1.1 clients send nothing while reading a streamed response,
     * so a non-blocking read that sees end-of-stream means the client went away.
     */
    public boolean clientGone() {
        if (gone) {
            return true;
        }
        if (endPoint == null) {
            return false;
        }
        if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
            return markGone();
        }
        try {
            ByteBuffer probe = ByteBuffer.allocate(1);
            probe.flip();
            return endPoint.fill(probe) < 0 && markGone();
        } catch (IOException e) {
            return markGone();
        }
    }

    /** Records that the client went away (a write to it failed). */
    public void markClientGone() {
        markGone();
    }

    /** True once the client was seen gone. */
    public boolean wasClientGone() {
        return gone;
    }

    /** Drops the connection: Jetty then fails and recycles the exchange rather than waiting on a dead client. */
    public void abort() {
        if (endPoint != null) {
            endPoint.close();
        }
    }

    private boolean markGone() {
        gone = true;
        return true;
    }
}
