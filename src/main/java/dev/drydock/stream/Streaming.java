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

    /** A stream's body: writes to {@code out}, flushing as it goes; checks {@code conn} for a lost client. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out, ClientConnection conn) throws IOException, InterruptedException;
    }

    private Streaming() {
    }

    /** Answers 200 with the content type, flushes the headers, then runs the body on the executor. */
    public static void start(Context ctx, StreamExecutor executor, String contentType, Body body) throws IOException {
        ctx.status(200);
        Http.contentType(ctx, contentType);
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        OutputStream out = ctx.res().getOutputStream();
        // Clients block on the headers before their next step (docker run waits on /wait headers before start).
        ctx.res().flushBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // The request goes async when the handler returns; Javalin completes it when `done` completes.
        ctx.future(() -> done);
        executor.execute(() -> {
            try {
                body.write(out, conn);
                out.flush();
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
}
