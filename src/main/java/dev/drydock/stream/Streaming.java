package dev.drydock.stream;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a streamed 200 response: headers flushed at once, the body written on a stream thread, the request
 * completed when the body returns or the client goes away.
 */
public final class Streaming {
    /** A stream's body: writes to {@code out}, flushing as it goes; may check {@code conn} for a lost client. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out, ClientConnection conn) throws IOException, InterruptedException;
    }

    private Streaming() {
    }

    /** Answers 200 with the content type, flushes the headers, then runs the body on the executor. */
    public static void start(Context ctx, StreamExecutor executor, String contentType, Body body) throws IOException {
        ctx.status(200);
        dev.drydock.api.Http.contentType(ctx, contentType);
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        OutputStream out = ctx.res().getOutputStream();
        // Clients block on the headers before their next step (docker run waits on /wait headers before start).
        ctx.res().flushBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.future(() -> done);
        executor.execute(() -> {
            try {
                body.write(out, conn);
                out.flush();
            } catch (IOException e) {
                // The client went away mid-stream: nothing to answer.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Streaming.class).warn("stream failed", e);
            } finally {
                conn.release();
                done.complete(null);
            }
        });
    }
}
