package dev.drydock.stream;

import dev.drydock.api.Http;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Docker's hijacked stdio stream for attach and exec start.
 *
 * <p>When the request asks to upgrade ({@code Upgrade: tcp}), answers {@code 101 UPGRADED} and hands the raw
 * socket to the handler; otherwise answers 200 and streams the body. Either way the handler runs on a
 * stream thread, never on a Jetty request thread:
 *
 * <pre>{@code
 * Hijack.serve(ctx, streams, tty, session -> {
 *     session.stdin().transferTo(process.stdin());
 *     session.stdout().write(bytes);
 * });
 * }</pre>
 *
 * <p>Validate everything first (a 404 must come before the stream starts); after {@code serve} no error can
 * reach the client except as stream content.
 */
public final class Hijack {
    private static final Logger LOG = LoggerFactory.getLogger(Hijack.class);
    /** How long a finished session waits for the client to close its side before closing the socket. */
    static final long LINGER_MILLIS = 5_000;

    /** What runs on the stream: reads stdin, writes stdout/stderr; output is closed when it returns. */
    @FunctionalInterface
    public interface Handler {
        void run(HijackSession session) throws Exception;
    }

    /** Starts what a session is for and says when it ends (done already for a session that ended at once). */
    @FunctionalInterface
    public interface Starter {
        CompletableFuture<?> start(HijackSession session) throws Exception;
    }

    private Hijack() {
    }

    /**
     * Like {@link #serve} for a session without stdin that may be over as soon as it starts (an exec of
     * {@code echo}). Without an upgrade, {@code starter} runs on the request thread with the output held: when
     * the session has already ended, the held output is the whole 200 body (no stream thread, no async request,
     * one write); otherwise the stream begins with what was held and a stream thread ends it when the session
     * ends. With an upgrade, as {@link #serve}: the starter runs on the stream thread after the 101.
     */
    public static void serveQuick(Context ctx, StreamExecutor streams, boolean tty, Starter starter)
            throws IOException {
        if (wantsUpgrade(ctx) || ctx.req().getAttribute(Streaming.BODY_FILTER) != null) {
            // A body filter (an admin fault) applies to streams only: such a session streams as it always did.
            serve(ctx, streams, tty, session -> starter.start(session).get());
            return;
        }
        HeldOutput held = new HeldOutput();
        HijackSession session = new HijackSession(InputStream.nullInputStream(), held, tty, false);
        CompletableFuture<?> end;
        try {
            end = starter.start(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            LOG.warn("stream failed", e);
            end = CompletableFuture.completedFuture(null);
        }
        // As the daemon does: a non-upgraded stream is always labelled raw, whatever its framing.
        ctx.status(200);
        Http.contentType(ctx, StreamMediaType.RAW);
        if (end.isDone()) {
            ctx.res().getOutputStream().write(held.heldBytes());
            return;
        }
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        ctx.res().flushBuffer();
        held.attach(Streaming.body(ctx, conn));
        CompletableFuture<?> ended = end;
        onStreamThread(ctx, streams, conn, session, s -> ended.get());
    }

    /**
     * True when the client asked to take the connection over with {@code Upgrade: tcp}, as the docker CLI and
     * docker-java do for attach and exec. Other upgrades (an HTTP client's h2c attempt) get the 200 stream.
     */
    public static boolean wantsUpgrade(Context ctx) {
        String upgrade = ctx.header("Upgrade");
        if (upgrade == null) {
            return false;
        }
        for (String token : upgrade.split(",")) {
            if (token.trim().equalsIgnoreCase("tcp")) {
                return true;
            }
        }
        return false;
    }

    /** Starts the stream: 101 and a raw socket when the client asked to upgrade, a 200 stream otherwise. */
    public static void serve(Context ctx, StreamExecutor streams, boolean tty, Handler handler) throws IOException {
        if (wantsUpgrade(ctx)) {
            upgrade(ctx, streams, tty, handler);
        } else {
            plain(ctx, streams, tty, handler);
        }
    }

    private static void upgrade(Context ctx, StreamExecutor streams, boolean tty, Handler handler) {
        Request core = Request.unWrap(ServletContextRequest.getServletContextRequest(ctx.req()));
        EndPoint endPoint = core.getConnectionMetaData().getConnection().getEndPoint();
        UpgradedConnection connection = new UpgradedConnection(endPoint, core.getComponents().getExecutor(), streams,
                c -> runUpgraded(c, tty, handler));
        // Jetty writes the 101, then hands the endpoint to this connection (see HttpStream's upgrade).
        core.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        ctx.status(101);
        ctx.header("Connection", "Upgrade");
        ctx.header("Upgrade", "tcp");
        Http.contentType(ctx, StreamMediaType.of(tty, Http.versionAtLeast(ctx, "1.42")));
    }

    private static void runUpgraded(UpgradedConnection connection, boolean tty, Handler handler) {
        EndPoint endPoint = connection.getEndPoint();
        HijackSession session = new HijackSession(connection.input(), connection.output(), tty, true);
        try {
            handler.run(session);
        } catch (IOException e) {
            LOG.debug("hijacked stream ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("hijacked stream failed", e);
        } finally {
            try {
                session.closeOutput();
                linger(connection.input(), endPoint);
            } catch (IOException | RuntimeException ignored) {
                // The client already went away.
            } finally {
                endPoint.close();
            }
        }
    }

    /**
     * Waits, briefly, for the client to close its side: closing a socket with unread input resets the
     * connection, and a reset can destroy output the client has not read yet.
     */
    private static void linger(InputStream input, EndPoint endPoint) throws IOException {
        endPoint.setIdleTimeout(LINGER_MILLIS);
        byte[] discard = new byte[8192];
        while (input.read(discard) >= 0) {
            // Input after the session ended has nowhere to go.
        }
    }

    private static void plain(Context ctx, StreamExecutor streams, boolean tty, Handler handler) throws IOException {
        // As the daemon does: a non-upgraded stream is always labelled raw, whatever its framing.
        ctx.status(200);
        Http.contentType(ctx, StreamMediaType.RAW);
        ClientConnection conn = ClientConnection.of(ctx.req());
        conn.holdOpen();
        InputStream stdin = ctx.req().getInputStream();
        ctx.res().flushBuffer();
        OutputStream out = Streaming.body(ctx, conn);
        onStreamThread(ctx, streams, conn, new HijackSession(stdin, out, tty, false), handler);
    }

    /**
     * Runs a plain (non-upgraded) session's handler on a stream thread, the request completing once the handler
     * has returned and the session's output is closed.
     */
    private static void onStreamThread(Context ctx, StreamExecutor streams, ClientConnection conn,
                                       HijackSession session, Handler handler) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.future(() -> done);
        streams.execute(() -> {
            try {
                handler.run(session);
                session.closeOutput();
            } catch (IOException e) {
                LOG.debug("stream ended: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("stream failed", e);
            } finally {
                conn.release();
                done.complete(null);
            }
        });
    }
}
