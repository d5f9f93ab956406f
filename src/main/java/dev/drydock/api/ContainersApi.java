package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerQuery;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.containers.ContainerViews;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /containers}: create, list, inspect and the lifecycle (start, stop, restart, kill, pause, unpause,
 * wait, remove, rename, update, resize, prune). Logs and the other streams are in {@link ContainerStreamsApi}.
 */
public final class ContainersApi implements ApiResource {
    /** How often a silent wait checks that its client is still there. */
    private static final long PROBE_MILLIS = 500;

    private final Engine engine;
    private final StreamExecutor streams;

    public ContainersApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.streams = streams;
    }

    private ContainerService containers() {
        return engine.containers();
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/containers/create", this::create)
                .get("/containers/json", this::list)
                .post("/containers/prune", this::prune)
                .get("/containers/{id}/json", this::inspect)
                .post("/containers/{id}/start", ctx -> {
                    containers().start(ctx.pathParam("id"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/stop", this::stop)
                .post("/containers/{id}/restart", this::restart)
                .post("/containers/{id}/kill", ctx -> {
                    containers().kill(ctx.pathParam("id"), ctx.queryParam("signal"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/pause", ctx -> {
                    containers().pause(ctx.pathParam("id"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/unpause", ctx -> {
                    containers().unpause(ctx.pathParam("id"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/wait", this::waitFor)
                .delete("/containers/{id}", ctx -> {
                    containers().remove(ctx.pathParam("id"), Http.boolParam(ctx, "force"), Http.boolParam(ctx, "v"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/rename", ctx -> {
                    containers().rename(ctx.pathParam("id"), ctx.queryParam("name"));
                    Http.noContent(ctx);
                })
                .post("/containers/{id}/update", this::update)
                .post("/containers/{id}/resize", this::resize);
    }

    private void create(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        JsonNode node = parseJsonBody(ctx, body);
        ContainerService.Created created;
        try {
            created = containers().create(ctx.queryParam("name"), ctx.queryParam("platform"), node,
                    Http.apiVersion(ctx));
        } catch (EngineException e) {
            throw goDecodeError(ctx, e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", created.id());
        out.put("Warnings", created.warnings());
        Http.json(ctx, 201, out);
    }

    /**
     * Reads a JSON body as the daemon's decoder does: Content-Type must be JSON when there is a body, syntax
     * errors carry Go's text (a 500 up to API 1.41 as Engine 20.10 answers, a 400 "invalid JSON" after).
     */
    private static JsonNode parseJsonBody(Context ctx, byte[] body) {
        String ct = ctx.header("Content-Type");
        boolean legacy = !Http.versionAtLeast(ctx, "1.42");
        if (body.length > 0 && ct != null && !ct.isEmpty()
                && !ct.toLowerCase(java.util.Locale.ROOT).split(";")[0].trim().equals("application/json")) {
            throw EngineException.badRequest(legacy
                    ? "Content-Type specified (" + ct + ") must be 'application/json'"
                    : "unsupported Content-Type header (" + ct + "): must be 'application/json'");
        }
        String syntax = GoJsonSyntax.check(body);
        if (syntax != null) {
            if (legacy) {
                throw EngineException.internal(syntax);
            }
            throw EngineException.badRequest(syntax.equals(GoJsonSyntax.EOF)
                    ? "invalid JSON: got EOF while reading request body" : "invalid JSON: " + syntax);
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw EngineException.badRequest("invalid JSON: " + e.getMessage());
        }
    }

    /** Go's type-mismatch errors come from the decoder, so they take its status and prefix too. */
    private static EngineException goDecodeError(Context ctx, EngineException e) {
        String m = e.getMessage();
        if (e.status() == 400 && m != null && m.startsWith("json: cannot unmarshal")) {
            return Http.versionAtLeast(ctx, "1.42") ? EngineException.badRequest("invalid JSON: " + m)
                    : EngineException.internal(m);
        }
        return e;
    }

    private void list(Context ctx) {
        boolean all = Http.boolParam(ctx, "all");
        int limit = Http.intParam(ctx, "limit", -1);
        boolean size = Http.boolParam(ctx, "size");
        Filters filters = Filters.parse(ctx.queryParam("filters"));
        Instant now = containers().now();
        String version = Http.apiVersion(ctx);
        List<Container> selected = ContainerQuery.select(containers(), all, limit, filters);
        // Rendered as bytes, mostly from each container's cached entry (issue #5: 10,000 in 50 ms).
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(ContainerViews.summaryList(selected, size, now, engine.networks(), version));
    }

    private void inspect(Context ctx) {
        Container c = containers().get(ctx.pathParam("id"));
        Http.json(ctx, ContainerViews.inspect(c, Http.boolParam(ctx, "size"), engine.networks(), Http.apiVersion(ctx)));
    }

    /** The {@code t} parameter: absent means the container's default; Docker's strconv error otherwise. */
    private static Integer timeout(Context ctx) {
        String t = ctx.queryParam("t");
        if (t == null || t.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            throw EngineException.badRequest("strconv.Atoi: parsing \"" + t + "\": invalid syntax");
        }
    }

    private static String stopSignal(Context ctx) {
        return Http.versionAtLeast(ctx, "1.42") ? ctx.queryParam("signal") : null;
    }

    private void stop(Context ctx) {
        containers().stop(ctx.pathParam("id"), stopSignal(ctx), timeout(ctx));
        Http.noContent(ctx);
    }

    private void restart(Context ctx) {
        containers().restart(ctx.pathParam("id"), stopSignal(ctx), timeout(ctx));
        Http.noContent(ctx);
    }

    private void update(Context ctx) {
        JsonNode body = parseJsonBody(ctx, ctx.bodyAsBytes());
        List<String> warnings;
        try {
            warnings = containers().update(ctx.pathParam("id"), body);
        } catch (EngineException e) {
            throw goDecodeError(ctx, e);
        }
        Http.json(ctx, Map.of("Warnings", warnings));
    }

    private void resize(Context ctx) {
        int h = Http.intParam(ctx, "h", 0);
        int w = Http.intParam(ctx, "w", 0);
        containers().resize(ctx.pathParam("id"), h, w);
        ctx.status(200);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(new byte[0]);
    }

    private void prune(Context ctx) {
        ContainerService.Pruned p = containers().prune(Filters.parse(ctx.queryParam("filters")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainersDeleted", p.deleted().isEmpty() ? null : p.deleted());
        out.put("SpaceReclaimed", p.spaceReclaimed());
        Http.json(ctx, out);
    }

    /**
     * {@code POST /containers/{id}/wait}: headers flushed at once (docker run waits for them before it
     * starts the container), the body once the condition is met.
     */
    private void waitFor(Context ctx) throws IOException {
        ContainerService.WaitCondition condition = ContainerService.WaitCondition.parse(ctx.queryParam("condition"));
        CompletableFuture<Integer> exit = containers().waitFor(ctx.pathParam("id"), condition);
        Streaming.Body answer = (out, conn) -> {
            while (true) {
                try {
                    int code = exit.get(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("Error", null);
                    body.put("StatusCode", code);
                    out.write(Json.line(body));
                    out.flush();
                    return;
                } catch (TimeoutException e) {
                    if (conn.clientGone()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    return;
                }
            }
        };
        if (exit.isDone()) {
            // Already exited: the answer is one line, written from this thread.
            Streaming.startInline(ctx, "application/json", answer);
        } else {
            Streaming.start(ctx, streams, "application/json", answer);
        }
    }
}
