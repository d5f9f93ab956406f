package dev.drydock.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.Json;
import dev.drydock.engine.ResetOptions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * The admin REST API, under {@code /_drydock/} (never versioned, never journaled, never faulted):
 *
 * <pre>
 * GET    /_drydock                      this list of routes
 * POST   /_drydock/faults               add a fault rule (JSON, see {@link FaultJson}) → 201 with the rule and its id
 * GET    /_drydock/faults               the rules in match order, with remaining and hits
 * GET    /_drydock/faults/{id}          one rule
 * DELETE /_drydock/faults/{id}          remove one rule (404 when unknown)
 * DELETE /_drydock/faults               remove every rule, scenarios back to "Started"
 * GET    /_drydock/scenarios            every scenario's state
 * PUT    /_drydock/scenarios/{name}     {"state": "..."}: move a scenario by hand
 * GET    /_drydock/requests             the journal, oldest first; filters: method, path (glob), pathRegex,
 *                                       status, transport (tcp|unix), since (id), limit (newest N)
 * DELETE /_drydock/requests             clear the journal
 * GET    /_drydock/requests/unmatched   requests no Engine API route matched
 * POST   /_drydock/requests/find        requests matching a pattern (JSON: method, path|pathRegex, rawPath,
 *                                       query, headers, body)
 * POST   /_drydock/requests/count       {"count": n} for a pattern
 * POST   /_drydock/reset                journal, faults, engine faults, stubs, scenarios, events and every
 *                                       service's state; ?keepImages=true keeps images; then the start seed again
 * POST   /_drydock/engine-faults        add an engine fault (JSON, see {@link EngineFault#fromJson}) → 201
 * GET    /_drydock/engine-faults        the engine faults, oldest first, with remaining and hits
 * GET    /_drydock/engine-faults/{id}   one engine fault
 * DELETE /_drydock/engine-faults/{id}   remove one (404 when unknown)
 * DELETE /_drydock/engine-faults        remove every engine fault
 * POST   /_drydock/stubs                add a stub (JSON, see {@link StubJson}) → 201
 * GET    /_drydock/stubs                the stubs, oldest first, with runs
 * GET    /_drydock/stubs/{id}           one stub
 * DELETE /_drydock/stubs/{id}           remove one (404 when unknown)
 * DELETE /_drydock/stubs                remove every stub
 * </pre>
 * plus the state routes of {@link StateApi} (seed, clock). {@code api-spec/admin.yaml} describes them all.
 *
 * Errors are Docker-shaped {@code {"message": ...}}: 400 naming the offending field, 404 for unknown ids and
 * routes. Nothing an admin call does can throw into the Engine API.
 */
public final class AdminApi {
    /** The reserved path prefix: it cannot collide with an Engine API path. */
    public static final String PREFIX = "/_drydock";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_BODY = 1 << 20;
    private static final List<String> ROUTES = List.of(
            "GET /_drydock", "POST /_drydock/faults", "GET /_drydock/faults", "GET /_drydock/faults/{id}",
            "DELETE /_drydock/faults/{id}", "DELETE /_drydock/faults", "GET /_drydock/scenarios",
            "PUT /_drydock/scenarios/{name}", "GET /_drydock/requests", "DELETE /_drydock/requests",
            "GET /_drydock/requests/unmatched", "POST /_drydock/requests/find", "POST /_drydock/requests/count",
            "POST /_drydock/reset", "POST /_drydock/engine-faults", "GET /_drydock/engine-faults",
            "GET /_drydock/engine-faults/{id}", "DELETE /_drydock/engine-faults/{id}", "DELETE /_drydock/engine-faults",
            "POST /_drydock/stubs", "GET /_drydock/stubs", "GET /_drydock/stubs/{id}", "DELETE /_drydock/stubs/{id}",
            "DELETE /_drydock/stubs");
    private static final List<String> ALL_ROUTES = java.util.stream.Stream.concat(ROUTES.stream(),
            StateApi.ROUTES.stream()).toList();

    private final Admin admin;
    private final StateApi state;

    public AdminApi(Admin admin) {
        this.admin = admin;
        this.state = new StateApi(admin);
    }

    /** Every admin route, as {@code "METHOD /_drydock/path/{param}"} (what {@code GET /_drydock} lists). */
    public static List<String> routes() {
        return ALL_ROUTES;
    }

    /** True for {@code /_drydock} and everything under {@code /_drydock/}. */
    static boolean owns(String rawPath) {
        return rawPath.startsWith(PREFIX)
                && (rawPath.length() == PREFIX.length() || rawPath.charAt(PREFIX.length()) == '/');
    }

    /** A failure the client caused, with its status. */
    static final class AdminError extends RuntimeException {
        final int status;

        AdminError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Answers an admin request; always handles it (true). */
    boolean handle(Request request, Response response, Callback callback) {
        int status;
        Object body;
        try {
            String rest = request.getHttpURI().getPath().substring(PREFIX.length());
            Reply reply = route(request.getMethod(), rest.isEmpty() ? "/" : rest, request);
            status = reply.status();
            body = reply.body();
        } catch (AdminError e) {
            status = e.status;
            body = Map.of("message", e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            body = Map.of("message", e.getMessage());
        } catch (dev.drydock.engine.EngineException e) {
            status = e.status();
            body = Map.of("message", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("admin request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            status = 500;
            body = Map.of("message", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        response.setStatus(status);
        if (status == 204 || body == null) {
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(Json.line(body)), callback);
        }
        return true;
    }

    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply noContent() {
            return new Reply(204, null);
        }
    }

    private Reply route(String method, String path, Request request) {
        String[] seg = path.substring(1).split("/", -1);
        String first = seg[0];
        switch (method + " " + first + (seg.length > 1 ? "/" + seg[1] : "") + (seg.length > 2 ? "/+" : "")) {
            case "GET " -> {
                return Reply.ok(Map.of("routes", ALL_ROUTES));
            }
            case "GET faults" -> {
                return Reply.ok(admin.faults().list().stream().map(FaultRule::toJson).toList());
            }
            case "POST faults" -> {
                Fault f = FaultJson.fault(body(request));
                return new Reply(201, admin.faults().add(f).toJson());
            }
            case "DELETE faults" -> {
                admin.faults().clear();
                return Reply.noContent();
            }
            case "GET scenarios" -> {
                return Reply.ok(admin.faults().scenarioStates());
            }
            case "GET requests" -> {
                return Reply.ok(requests(request));
            }
            case "DELETE requests" -> {
                admin.journal().clear();
                return Reply.noContent();
            }
            case "GET requests/unmatched" -> {
                return Reply.ok(admin.unmatched().stream().map(LoggedRequest::toJson).toList());
            }
            case "POST requests/find" -> {
                RequestPattern p = FaultJson.pattern(body(request));
                return Reply.ok(admin.findAll(p).stream().map(LoggedRequest::toJson).toList());
            }
            case "POST requests/count" -> {
                RequestPattern p = FaultJson.pattern(body(request));
                return Reply.ok(Map.of("count", admin.journal().count(p)));
            }
            case "POST reset" -> {
                String keep = QueryStrings.parse(request.getHttpURI().getQuery())
                        .getOrDefault("keepImages", List.of("false")).get(0);
                admin.reset(truthy(keep) ? ResetOptions.keepingImages() : ResetOptions.everything());
                return Reply.noContent();
            }
            case "GET engine-faults" -> {
                return Reply.ok(admin.engineFaults().list().stream().map(EngineFaultRule::toJson).toList());
            }
            case "POST engine-faults" -> {
                EngineFault f = EngineFault.fromJson(body(request));
                return new Reply(201, admin.engineFaults().add(f).toJson());
            }
            case "DELETE engine-faults" -> {
                admin.engineFaults().clear();
                return Reply.noContent();
            }
            case "GET stubs" -> {
                return Reply.ok(admin.stubs().list().stream().map(StubRule::toJson).toList());
            }
            case "POST stubs" -> {
                Stub stub = StubJson.stub(body(request));
                return new Reply(201, admin.stubs().add(stub).toJson());
            }
            case "DELETE stubs" -> {
                admin.stubs().clear();
                return Reply.noContent();
            }
            default -> {
                // Routes with an id: faults/{id}, engine-faults/{id}, stubs/{id}, scenarios/{name}.
            }
        }
        if (seg.length == 2 && first.equals("engine-faults") && !seg[1].isEmpty()) {
            String id = seg[1];
            if (method.equals("GET")) {
                return Reply.ok(admin.engineFaults().get(id)
                        .orElseThrow(() -> new AdminError(404, "no such engine fault: " + id)).toJson());
            }
            if (method.equals("DELETE")) {
                if (!admin.engineFaults().remove(id)) {
                    throw new AdminError(404, "no such engine fault: " + id);
                }
                return Reply.noContent();
            }
        }
        if (seg.length == 2 && first.equals("stubs") && !seg[1].isEmpty()) {
            String id = seg[1];
            if (method.equals("GET")) {
                return Reply.ok(admin.stubs().get(id)
                        .orElseThrow(() -> new AdminError(404, "no such stub: " + id)).toJson());
            }
            if (method.equals("DELETE")) {
                if (!admin.stubs().remove(id)) {
                    throw new AdminError(404, "no such stub: " + id);
                }
                return Reply.noContent();
            }
        }
        Reply stateReply = state.route(method, seg, request);
        if (stateReply != null) {
            return stateReply;
        }
        if (seg.length == 2 && first.equals("faults") && !seg[1].isEmpty()) {
            String id = seg[1];
            if (method.equals("GET")) {
                return Reply.ok(admin.faults().get(id).orElseThrow(() -> noSuchFault(id)).toJson());
            }
            if (method.equals("DELETE")) {
                if (!admin.faults().remove(id)) {
                    throw noSuchFault(id);
                }
                return Reply.noContent();
            }
        }
        if (seg.length == 2 && first.equals("scenarios") && !seg[1].isEmpty() && method.equals("PUT")) {
            JsonNode b = body(request);
            JsonNode state = b.get("state");
            if (!b.isObject() || state == null || !state.isTextual()) {
                throw new IllegalArgumentException("field \"state\": must be a string");
            }
            admin.faults().setScenarioState(seg[1], state.asText());
            return Reply.noContent();
        }
        throw new AdminError(404, "page not found");
    }

    private static AdminError noSuchFault(String id) {
        return new AdminError(404, "no such fault rule: " + id);
    }

    private static boolean truthy(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false"));
    }

    private List<Map<String, Object>> requests(Request request) {
        Map<String, List<String>> q = QueryStrings.parse(request.getHttpURI().getQuery());
        List<Predicate<LoggedRequest>> filters = new ArrayList<>();
        String method = first(q, "method");
        if (method != null) {
            String m = method.toUpperCase(Locale.ROOT);
            filters.add(r -> r.method().equals(m));
        }
        if (first(q, "path") != null && first(q, "pathRegex") != null) {
            throw FaultJson.field("pathRegex", "give path (a glob) or pathRegex, not both");
        }
        if (first(q, "path") != null) {
            PathPattern p = PathPattern.glob(first(q, "path"));
            filters.add(r -> p.matches(r.path()));
        }
        if (first(q, "pathRegex") != null) {
            PathPattern p = PathPattern.regex(first(q, "pathRegex"));
            filters.add(r -> p.matches(r.path()));
        }
        if (first(q, "status") != null) {
            int s = intParam(q, "status");
            filters.add(r -> r.status() == s);
        }
        String transport = first(q, "transport");
        if (transport != null) {
            if (!transport.equals("tcp") && !transport.equals("unix")) {
                throw FaultJson.field("transport", "must be tcp or unix, was \"" + transport + "\"");
            }
            filters.add(r -> r.transport().equals(transport));
        }
        if (first(q, "since") != null) {
            long since = intParam(q, "since");
            filters.add(r -> r.id() > since);
        }
        List<LoggedRequest> found = admin.journal().find(r -> filters.stream().allMatch(f -> f.test(r)));
        if (first(q, "limit") != null) {
            int limit = intParam(q, "limit");
            if (limit < 0) {
                throw FaultJson.field("limit", "must not be negative, was " + limit);
            }
            found = found.subList(Math.max(0, found.size() - limit), found.size());
        }
        List<Map<String, Object>> out = new ArrayList<>(found.size());
        for (LoggedRequest r : found) {
            out.add(r.toJson());
        }
        return out;
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(Map<String, List<String>> q, String name) {
        String v = first(q, name);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw FaultJson.field(name, "must be an integer, was \"" + v + "\"");
        }
    }

    static JsonNode body(Request request) {
        byte[] bytes = bytes(request);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new AdminError(400, "cannot read the body: " + e.getMessage());
        }
    }

    /** The request body (at most 1 MiB). */
    static byte[] bytes(Request request) {
        byte[] bytes;
        try {
            bytes = Content.Source.asByteArrayAsync(request, MAX_BODY).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminError(500, "interrupted while reading the body");
        } catch (ExecutionException e) {
            throw new AdminError(400, "cannot read the body: " + e.getCause().getMessage());
        }
        return bytes;
    }
}
