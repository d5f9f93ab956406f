package dev.drydock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small client of the admin REST API, for a Drydock running in another process (or to test the REST surface):
 * {@code AdminClient.connect(URI.create("http://127.0.0.1:2375")).addFault(Fault.on("GET", "/_ping").respond(500))}.
 * Failures are {@link IllegalStateException}s carrying the server's message.
 */
public final class AdminClient {
    private final HttpClient http;
    private final URI base;

    private AdminClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client of the server at {@code http://HOST:PORT} (or {@code tcp://HOST:PORT}). */
    public static AdminClient connect(URI server) {
        URI http = "tcp".equals(server.getScheme())
                ? URI.create("http://" + server.getHost() + ":" + server.getPort()) : server;
        return new AdminClient(http);
    }

    /** Installs a fault rule; returns its id. */
    public String addFault(Fault fault) {
        return addFault(new String(Json.bytes(fault.toJson()), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Installs a fault rule given as JSON; returns its id. */
    public String addFault(String json) {
        return call("POST", "/_drydock/faults", json).get("id").asText();
    }

    /** The installed rules, as the server lists them. */
    public JsonNode faults() {
        return call("GET", "/_drydock/faults", null);
    }

    public void removeFault(String id) {
        call("DELETE", "/_drydock/faults/" + id, null);
    }

    public void clearFaults() {
        call("DELETE", "/_drydock/faults", null);
    }

    /** Installs an engine fault; returns its id. */
    public String addEngineFault(EngineFault fault) {
        return call("POST", "/_drydock/engine-faults", new String(Json.bytes(fault.toJson()),
                java.nio.charset.StandardCharsets.UTF_8)).get("id").asText();
    }

    /** Installs an engine fault given as JSON; returns its id. */
    public String addEngineFault(String json) {
        return call("POST", "/_drydock/engine-faults", json).get("id").asText();
    }

    /** Installs a stub given as JSON (Java programs cannot travel: use {@code Drydock.stubs()} for those). */
    public String addStub(String json) {
        return call("POST", "/_drydock/stubs", json).get("id").asText();
    }

    /** Installs a scripted stub; returns its id. */
    public String addStub(Stub stub) {
        if (stub.toJson().containsKey("program")) {
            throw new IllegalArgumentException("a stub with a Java program cannot be sent over REST");
        }
        return addStub(new String(Json.bytes(stub.toJson()), java.nio.charset.StandardCharsets.UTF_8));
    }

    public void removeStub(String id) {
        call("DELETE", "/_drydock/stubs/" + id, null);
    }

    public void clearStubs() {
        call("DELETE", "/_drydock/stubs", null);
    }

    public void removeEngineFault(String id) {
        call("DELETE", "/_drydock/engine-faults/" + id, null);
    }

    /** The journal, oldest first; {@code query} is the filter query string (e.g. {@code method=POST}) or null. */
    public JsonNode requests(String query) {
        return call("GET", "/_drydock/requests" + (query == null || query.isEmpty() ? "" : "?" + query), null);
    }

    /** How many recorded requests match a pattern given as JSON. */
    public int count(String patternJson) {
        return call("POST", "/_drydock/requests/count", patternJson).get("count").asInt();
    }

    public void clearRequests() {
        call("DELETE", "/_drydock/requests", null);
    }

    /** Resets the server (optionally keeping images). */
    public void reset(boolean keepImages) {
        call("POST", "/_drydock/reset" + (keepImages ? "?keepImages=true" : ""), null);
    }

    public void reset() {
        reset(false);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode node = r.body().length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
            if (r.statusCode() >= 300) {
                String message = node.has("message") ? node.get("message").asText() : new String(r.body());
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + message);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
