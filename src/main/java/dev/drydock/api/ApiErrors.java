package dev.drydock.api;

import dev.drydock.engine.EngineException;
import io.javalin.http.Context;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one place that turns failures into Docker's error responses. */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Docker's error body; Content-Type exactly {@code application/json}, as the Go client requires. */
    public static byte[] body(String message) {
        // Go's encoder ends the body with a newline, as every daemon answer does.
        return Json.line(Map.of("message", message));
    }

    /** Writes an engine failure: 304 with no body, anything else as {@code {"message"}}. */
    public static void render(EngineException e, Context ctx) {
        write(ctx, e.status(), e.getMessage());
    }

    /** Maps anything a handler threw; unexpected exceptions become a 500 without a stack trace. */
    public static void renderUnexpected(Exception e, Context ctx) {
        try {
            renderOrThrow(e, ctx);
        } catch (RuntimeException dead) {
            // The exchange is already gone (the client left and Jetty recycled it): nobody to answer.
            LOG.debug("could not answer {}: {}", e, dead.toString());
        }
    }

    private static void renderOrThrow(Exception e, Context ctx) {
        if (e instanceof java.util.concurrent.CancellationException || ctx.res().isCommitted()) {
            // A stream already under way (or cancelled because its client left) cannot take an error answer.
            LOG.debug("not answering {} {}: {}", ctx.method(), ctx.path(), e.toString());
            return;
        }
        if (e instanceof EngineException ee) {
            render(ee, ctx);
        } else if (e instanceof EndpointNotFound) {
            write(ctx, 404, "page not found");
        } else if (e instanceof io.javalin.http.HttpResponseException hre) {
            write(ctx, hre.getStatus(), hre.getMessage());
        } else {
            LOG.warn("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            // A bug of ours: the message alone, never the Java class or a trace.
            write(ctx, 500, e.getMessage() == null || e.getMessage().isBlank() ? "internal server error" : e.getMessage());
        }
    }

    /** Writes a status and message on a Javalin context. */
    public static void write(Context ctx, int status, String message) {
        if (status == 304 || status == 204) {
            Http.empty(ctx, status);
            return;
        }
        ctx.status(status);
        ctx.contentType("application/json");
        Http.send(ctx, body(message));
    }

    /** Writes an error directly on a servlet response (used before routing, in the front filter). */
    public static void write(HttpServletResponse res, int status, String message) throws IOException {
        byte[] body = body(message);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
