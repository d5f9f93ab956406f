package dev.drydock.server;

import dev.drydock.api.ApiErrors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty raises before a route runs (oversized headers, malformed requests) answered in Docker's
 * {@code {"message"}} shape rather than Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final String apiVersion;
    private final String serverHeader;

    JsonErrorHandler(String apiVersion, String serverHeader) {
        this.apiVersion = apiVersion;
        this.serverHeader = serverHeader;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String text = message == null || message.isBlank()
                ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
        byte[] body = ApiErrors.body(text.toLowerCase(java.util.Locale.ROOT));
        // These never reached the front filter: stamp what every daemon answer carries.
        response.getHeaders().remove(HttpHeader.CACHE_CONTROL);
        response.getHeaders().put("Api-Version", apiVersion);
        response.getHeaders().put("Docker-Experimental", "false");
        response.getHeaders().put("Ostype", "linux");
        response.getHeaders().put(HttpHeader.SERVER, serverHeader);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
