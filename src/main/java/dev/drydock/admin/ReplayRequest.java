package dev.drydock.admin;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.nio.ByteBuffer;

/** A request whose body was already read (to evaluate a fault's body predicate), handing it out again. */
final class ReplayRequest extends Request.Wrapper {
    private ByteBuffer body;

    ReplayRequest(Request wrapped, ByteBuffer body) {
        super(wrapped);
        this.body = body;
    }

    @Override
    public synchronized Content.Chunk read() {
        if (body == null) {
            return Content.Chunk.EOF;
        }
        ByteBuffer b = body;
        body = null;
        return Content.Chunk.from(b, true);
    }

    @Override
    public void demand(Runnable demandCallback) {
        demandCallback.run();
    }

    @Override
    public boolean consumeAvailable() {
        synchronized (this) {
            body = null;
        }
        return true;
    }

    @Override
    public long getLength() {
        return super.getLength();
    }
}
