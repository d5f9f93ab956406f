package dev.drydock.admin;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The request's stream below every handler layer: everything the client sends and receives passes here. Records
 * the body read and the status sent into the journal, the duration at completion, and applies a fail-mid-stream
 * fault to the bytes going out.
 */
final class ObservedStream extends HttpStream.Wrapper {
    private final LoggedRequest entry;
    private final long startNanos;
    private final EndPoint endPoint;
    private volatile FaultAction.FailMidStream failure;
    private int passed;
    private boolean ended;
    private boolean fixedLength;
    private volatile boolean dropped;

    ObservedStream(HttpStream wrapped, LoggedRequest entry, long startNanos, EndPoint endPoint) {
        super(wrapped);
        this.entry = entry;
        this.startNanos = startNanos;
        this.endPoint = endPoint;
    }

    /** The connection was dropped on purpose: Jetty's attempt to answer 500 afterwards is not the status. */
    void dropped() {
        this.dropped = true;
    }

    /** Arms a fail-mid-stream fault (before the handler writes anything). */
    void failMidStream(FaultAction.FailMidStream f) {
        this.failure = f;
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = super.read();
        if (entry != null && chunk != null && chunk.hasRemaining()) {
            entry.appendBody(chunk.getByteBuffer());
        }
        return chunk;
    }

    @Override
    public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                     Callback callback) {
        if (response != null) {
            if (entry != null && !dropped) {
                entry.status(response.getStatus());
            }
            fixedLength = response.getContentLength() >= 0;
        }
        if (last) {
            // Before the last bytes go out, so a client that has its response always finds the request complete.
            finish();
        }
        FaultAction.FailMidStream f = failure;
        if (f == null) {
            super.send(request, response, last, content, callback);
            return;
        }
        // Jetty serialises sends on one stream: no lock needed for passed/ended.
        boolean empty = content == null || !content.hasRemaining();
        if (ended) {
            if (empty) {
                callback.succeeded();
            } else {
                callback.failed(new EofException("response ended by a drydock fault"));
            }
            return;
        }
        int cut = empty ? -1 : cutPosition(f, content);
        if (cut < 0) {
            super.send(request, response, last, content, callback);
            return;
        }
        ended = true;
        ByteBuffer prefix = content.duplicate();
        prefix.limit(cut);
        if (f.error() == null || fixedLength) {
            // A fixed-length body cannot carry an extra line: the client sees it cut short instead.
            super.send(request, response, false, prefix, Callback.from(() -> cut(callback), x -> cut(callback)));
        } else {
            super.send(request, response, false, prefix, Callback.from(
                    () -> super.send(null, null, true, ByteBuffer.wrap(f.errorLine()), callback),
                    callback::failed));
        }
    }

    private void cut(Callback callback) {
        if (endPoint != null) {
            endPoint.close();
        }
        callback.failed(new EofException("connection cut by a drydock fault"));
    }

    /** Where in this buffer the allowed output ends, or -1 when all of it may pass. */
    private int cutPosition(FaultAction.FailMidStream f, ByteBuffer content) {
        if (passed >= f.after()) {
            return content.position();
        }
        if (!f.countLines()) {
            passed++;
            return -1;
        }
        for (int i = content.position(); i < content.limit(); i++) {
            if (content.get(i) == '\n' && ++passed >= f.after()) {
                // End right after the line, so an idle stream still gets its error at once.
                return i + 1;
            }
        }
        return -1;
    }

    @Override
    public void succeeded() {
        finish();
        super.succeeded();
    }

    @Override
    public void failed(Throwable x) {
        finish();
        super.failed(x);
    }

    private void finish() {
        if (entry != null && !entry.completed()) {
            entry.complete(System.nanoTime() - startNanos);
        }
    }
}
