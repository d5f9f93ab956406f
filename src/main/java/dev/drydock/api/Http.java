package dev.drydock.api;

import dev.drydock.engine.EngineException;
import io.javalin.http.Context;

import java.util.Locale;

/** Small, Docker-faithful readers and writers over a Javalin context. */
public final class Http {
    private Http() {
    }

    /** The API version the client asked for, or the server's maximum when it gave none. */
    public static String apiVersion(Context ctx) {
        Object v = ctx.attribute(ApiVersion.ATTRIBUTE);
        return v == null ? "99.99" : v.toString();
    }

    /** True when the client's API version is at least {@code version}. */
    public static boolean versionAtLeast(Context ctx, String version) {
        return ApiVersion.atLeast(apiVersion(ctx), version);
    }

    /** Docker's boolean query values: empty, 0, no, false and none are false; anything else is true. */
    public static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** Docker's boolean query with an explicit default when the parameter is absent. */
    public static boolean boolParam(Context ctx, String name, boolean absent) {
        return ctx.queryParam(name) == null ? absent : boolParam(ctx, name);
    }

    /** An integer query parameter; absent or empty gives the default, anything unparsable a 400. */
    public static int intParam(Context ctx, String name, int absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw EngineException.badRequest("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
        }
    }

    /**
     * Sets the Content-Type exactly as given: without this, Jetty appends the charset it picked up from an
     * earlier content type ({@code ;charset=utf-8}), and Docker's clients compare media types literally.
     */
    public static void contentType(Context ctx, String type) {
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType(type);
    }

    /**
     * Sets a header byte for byte, past the servlet layer (which rewrites Content-Type as
     * {@code text/plain;charset=utf-8} where the daemon writes {@code text/plain; charset=utf-8}).
     */
    public static void rawHeader(Context ctx, String name, String value) {
        // The wrapped (core) response's fields: the servlet wrapper would normalize a known Content-Type.
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletContextResponse().getWrapped().getHeaders().put(name, value);
    }

    /** Leaves the response without a Content-Type, as the daemon's streams that flush before any write are. */
    public static void noContentType(Context ctx) {
        ctx.res().setContentType(null);
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletContextResponse().getHeaders().remove(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE);
    }

    /** Answers with no body and no Content-Type, as the daemon's 204 and 304 answers are. */
    public static void empty(Context ctx, int status) {
        ctx.status(status);
        ctx.result(new byte[0]);
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletContextResponse().getHeaders().remove(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE);
    }

    /** Answers with JSON and status 200. */
    public static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }

    /** Answers with JSON: Content-Type exactly application/json, body followed by a newline as Go's encoder writes. */
    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.line(body));
    }

    /** Answers 204 with no body. */
    public static void noContent(Context ctx) {
        empty(ctx, 204);
    }
}
