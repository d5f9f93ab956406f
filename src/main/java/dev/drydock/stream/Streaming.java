package dev.drydock.stream;

import dev.drydock.api.Http;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a streamed 200 response: headers flushed at once, the body written on a stream thread (never a Jetty
 * request thread), the request completed when the body returns or the client goes away.
 */
public final class Streaming {
    private static final Logger LOG = LoggerFactory.getLogger(Streaming.class);

    /**
     * Request attribute: a {@code UnaryOperator<OutputStream>} every streamed body is passed through (the admin's
     * fail-mid-stream faults use it). Absent for almost every request.
     */
    public static final String BODY_FILTER = "drydock.stream.bodyFilter";

    /** Thrown by a body filter to end the stream cleanly, as if the body had returned (no client gone, no abort). */
    public static final class EndOfStream extends IOException {
        public EndOfStream(String message) {
            super(message, null);
        }
    }

    /** A stream's body: writes to {@code out}, flushing as it goes; checks {@code conn} for a lost client. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out, ClientConnection conn) throws IOException, InterruptedException;
    }

    /** One write of a periodic stream; false ends the stream. */
    @FunctionalInterface
    public interface Tick {
        boolean write(OutputStream out, ClientConnection conn) throws IOException;
    }

    private Streaming() {
    }

    /**
     * The body stream once the head is out: whole chunks over the endpoint when Jetty chose chunking (HTTP/1.1),
     * the servlet stream otherwise (an HTTP/1.0 client reads until close).
     */
    static OutputStream body(Context ctx, ClientConnection conn) throws IOException {
        // Jetty decided the framing when it committed the head (a client's Connection: close means no chunks).
        boolean chunked = conn.endPoint() != null
                && conn.endPoint().getConnection() instanceof org.eclipse.jetty.server.internal.HttpConnection http
                && http.getGenerator().isChunking();
        OutputStream out = chunked ? new ChunkedOutput(conn.endPoint()) : ctx.res().getOutputStream();
        return filtered(ctx, out);
    }

    /** A body's own flushes ignored (a tar writer flushes when it ends), as Go's buffered writer ignores them. */
    private static final class HeldFlush extends java.io.FilterOutputStream {
        HeldFlush(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
        }
    }

    private static OutputStream filtered(Context ctx, OutputStream out) {
        return ctx.req().getAttribute(BODY_FILTER) instanceof java.util.function.UnaryOperator<?> filter
                ? filter(filter, out) : out;
    }

    @SuppressWarnings("unchecked")
    private static OutputStream filter(java.util.function.UnaryOperator<?> filter, OutputStream out) {
        return ((java.util.function.UnaryOperator<OutputStream>) filter).apply(out);
    }

    private static void head(Context ctx, String contentType) {
        ctx.status(200);
        if (contentType == null) {
            Http.noContentType(ctx);
        } else {
            Http.contentType(ctx, contentType);
        }
    }

    /**
     * Answers 200 with the content type (none when null), flushes the headers, then runs the body on the executor.
     */
    public static void start(Context ctx, StreamExecutor executor, String contentType, Body body) throws IOException {
        start(ctx, (java.util.concurrent.Executor) executor::execute, contentType, body);
    }

    /**
     * {@link #start} with the body run on the calling (request) thread: only for a body that is all there
     * already and never waits (a log without follow, an exit that happened), so it saves a thread hand-off.
     */
    public static void startInline(Context ctx, String contentType, Body body) throws IOException {
        start(ctx, (java.util.concurrent.Executor) Runnable::run, contentType, body);
    }

    /**
     * Like {@link #start}, but the head waits for the body as Go's server holds it: a body that ends within
     * {@code bufferBytes} goes out with a Content-Length, a longer one is chunked from the moment the buffer
     * fills (dockerd's archive and export answer so: a small file's tar has a length, a large one streams).
     */
    public static void startBuffered(Context ctx, StreamExecutor executor, String contentType, int bufferBytes,
                                     Body body) throws IOException {
        // Jetty commits as soon as its buffer is full, Go only once a write overflows it: one byte more matches.
        ctx.res().setBufferSize(bufferBytes + 1);
        start(ctx, (java.util.concurrent.Executor) executor::execute, contentType, false, body);
    }

    private static void start(Context ctx, java.util.concurrent.Executor executor, String contentType, Body body)
            throws IOException {
        start(ctx, executor, contentType, true, body);
    }

    private static void start(Context ctx, java.util.concurrent.Executor executor, String contentType,
                              boolean flushHead, Body body) throws IOException {
        head(ctx, contentType);
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        if (flushHead) {
            // Clients block on the headers before their next step (docker run waits on /wait headers before start).
            ctx.res().flushBuffer();
        }
        // Unflushed, nothing is chunked yet: the servlet stream buffers, then commits (and chunks) when it fills.
        OutputStream out = flushHead ? body(ctx, conn) : filtered(ctx, new HeldFlush(ctx.res().getOutputStream()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        // The request goes async when the handler returns; Javalin completes it when `done` completes.
        ctx.future(() -> done);
        executor.execute(() -> {
            try {
                body.write(out, conn);
                if (flushHead) {
                    out.flush();
                } else {
                    // Closing an uncommitted response sends what it buffered with a Content-Length.
                    out.close();
                }
            } catch (EndOfStream e) {
                // Ended on purpose mid-way (a fault's in-band error): a clean end, like a returning body.
            } catch (IOException e) {
                conn.markClientGone();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("stream failed", e);
            } finally {
                conn.release();
                if (conn.wasClientGone()) {
                    // Nobody to finish the response for: let Jetty fail the exchange and free the connection.
                    conn.abort();
                }
                done.complete(null);
            }
        });
    }

    /**
     * Like {@link #start} (a null content type sends none) for a stream that writes every {@code periodMillis}
     * (stats): between writes it holds no thread, only a timer entry. It ends when a tick returns false, the client
     * goes away, or {@code ended} completes (then at once, without waiting for the next tick).
     */
    public static void periodic(Context ctx, StreamExecutor executor, String contentType, long periodMillis,
                                CompletableFuture<?> ended, Tick tick) throws IOException {
        head(ctx, contentType);
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        ctx.res().flushBuffer();
        OutputStream out = body(ctx, conn);
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.future(() -> done);
        Object lock = new Object();
        boolean[] finished = {false};
        Runnable finish = () -> {
            synchronized (lock) {
                if (finished[0]) {
                    return;
                }
                finished[0] = true;
                try {
                    out.flush();
                } catch (IOException e) {
                    conn.markClientGone();
                }
                conn.release();
                if (conn.wasClientGone()) {
                    conn.abort();
                }
                done.complete(null);
            }
        };
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            boolean more;
            synchronized (lock) {
                if (finished[0]) {
                    return;
                }
                try {
                    more = tick.write(out, conn) && !ended.isDone() && !conn.clientGone();
                } catch (EndOfStream e) {
                    more = false;
                } catch (IOException e) {
                    conn.markClientGone();
                    more = false;
                } catch (RuntimeException e) {
                    LOG.warn("stream failed", e);
                    more = false;
                }
            }
            if (!more) {
                finish.run();
                return;
            }
            try {
                executor.schedule(step[0], periodMillis);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish.run();
            }
        };
        ended.whenComplete((v, e) -> {
            try {
                executor.execute(finish);
            } catch (java.util.concurrent.RejectedExecutionException rejected) {
                finish.run();
            }
        });
        executor.execute(step[0]);
    }
}
