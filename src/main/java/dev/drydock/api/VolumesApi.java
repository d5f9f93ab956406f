package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.GoJson;
import dev.drydock.engine.volumes.Volume;
import dev.drydock.engine.volumes.VolumeService;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /volumes}: create, list, inspect, remove, prune and (cluster-only) update. */
public final class VolumesApi implements ApiResource {
    private final Engine engine;

    public VolumesApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/volumes/create", this::create)
                .get("/volumes", this::list)
                .post("/volumes/prune", this::prune)
                .get("/volumes/{name}", this::inspect)
                .put("/volumes/{name}", this::update)
                .delete("/volumes/{name}", this::remove);
    }

    private VolumeService volumes() {
        return engine.volumes();
    }

    private void create(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), false);
        if (!body.isNull() && !body.isObject()) {
            throw EngineException.badRequest("json: cannot unmarshal " + GoJson.kind(body)
                    + " into Go value of type volume.CreateOptions");
        }
        String name = string(body, "Name");
        String driver = string(body, "Driver");
        Map<String, String> opts = stringMap(body, "DriverOpts");
        Map<String, String> labels = stringMap(body, "Labels");
        Volume v = volumes().create(name, driver, opts, labels);
        Http.json(ctx, 201, v.toApi());
    }

    private void list(Context ctx) {
        VolumeService.Listing listing = volumes().list(Filters.parse(ctx.queryParam("filters")));
        // Joins the volumes' pre-rendered JSON: a list of thousands costs a copy, not a serialization.
        int size = 64;
        for (byte[] b : listing.json()) {
            size += b.length + 1;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        out.writeBytes(ApiErrors.utf8("{\"Volumes\":["));
        for (int i = 0; i < listing.json().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(listing.json().get(i));
        }
        out.writeBytes(ApiErrors.utf8("],\"Warnings\":"));
        out.writeBytes(listing.warnings().isEmpty() ? ApiErrors.utf8("null") : Json.bytes(listing.warnings()));
        out.writeBytes(ApiErrors.utf8("}\n"));
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(out.toByteArray());
    }

    private void inspect(Context ctx) {
        Http.json(ctx, volumes().get(ctx.pathParam("name")).toApi());
    }

    private void remove(Context ctx) {
        volumes().remove(ctx.pathParam("name"), Http.boolParam(ctx, "force"));
        Http.noContent(ctx);
    }

    private void prune(Context ctx) {
        // Before API 1.42 a prune removed every unused volume, not only anonymous ones.
        boolean allByDefault = !Http.versionAtLeast(ctx, "1.42");
        VolumeService.PruneReport report = volumes().prune(Filters.parse(ctx.queryParam("filters")), allByDefault);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VolumesDeleted", report.volumesDeleted());
        out.put("SpaceReclaimed", report.spaceReclaimed());
        Http.json(ctx, out);
    }

    /** Updating is for swarm cluster volumes; a daemon outside a swarm refuses it before reading anything. */
    private void update(Context ctx) {
        throw EngineException.unavailable("volume update only valid for cluster volumes, but swarm is unavailable");
    }

    private static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw typeError(v, field, "string");
        }
        return v.asText();
    }

    private static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw typeError(v, field, "map[string]string");
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                throw typeError(e.getValue(), field, "string");
            }
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return out;
    }

    private static EngineException typeError(JsonNode v, String field, String goType) {
        return EngineException.badRequest("json: cannot unmarshal " + GoJson.kind(v)
                + " into Go struct field CreateOptions." + field + " of type " + goType);
    }
}
