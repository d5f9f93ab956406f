package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.SystemService;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping}, {@code /version}, {@code /info}, {@code /system/df} and {@code /auth}. */
public final class SystemApi implements ApiResource {
    private final Engine engine;

    public SystemApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/_ping", ctx -> ping(ctx, "OK"))
                .head("/_ping", ctx -> ping(ctx, ""))
                .get("/version", ctx -> Http.json(ctx, engine.system().version()))
                .get("/info", ctx -> Http.json(ctx, engine.system().info()))
                .get("/system/df", this::diskUsage)
                .post("/auth", this::auth);
    }

    private void ping(Context ctx, String body) {
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        ctx.header("Builder-Version", "1");
        ctx.header("Swarm", engine.swarm().pingHeader());
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(body);
    }

    private void diskUsage(Context ctx) {
        SystemService.DiskUsage du = engine.system().diskUsage();
        // The type filter arrived in API 1.42; older clients always get every kind, as the daemon answers them.
        List<String> types = Http.versionAtLeast(ctx, "1.42") ? ctx.queryParams("type") : List.of();
        boolean all = types.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        if (Http.versionAtLeast(ctx, "1.52")) {
            boolean verbose = Http.boolParam(ctx, "verbose");
            if (all || types.contains("image")) {
                body.put("ImageUsage", usage(du.images(), "Containers", "Size", verbose));
            }
            if (all || types.contains("container")) {
                body.put("ContainerUsage", usage(du.containers(), null, "SizeRw", verbose));
            }
            if (all || types.contains("volume")) {
                body.put("VolumeUsage", usage(du.volumes(), "RefCount", "Size", verbose));
            }
            if (all || types.contains("build-cache")) {
                body.put("BuildCacheUsage", usage(du.buildCache(), "InUse", "Size", verbose));
            }
        } else {
            if (all || types.contains("image")) {
                body.put("LayersSize", du.layersSize());
                body.put("Images", du.images());
            }
            if (all || types.contains("container")) {
                body.put("Containers", du.containers());
            }
            if (all || types.contains("volume")) {
                body.put("Volumes", du.volumes());
            }
            if (all || types.contains("build-cache")) {
                body.put("BuildCache", du.buildCache());
            }
        }
        Http.json(ctx, body);
    }

    /** The 1.52+ usage summary: active items are those in use, reclaimable the size of the rest. */
    private static Map<String, Object> usage(List<Map<String, Object>> items, String activeField, String sizeField,
                                             boolean verbose) {
        long total = 0;
        long reclaimable = 0;
        int active = 0;
        for (Map<String, Object> item : items) {
            long size = asLong(sizeField.equals("Size") && item.get("UsageData") instanceof Map<?, ?> u
                    ? u.get("Size") : item.get(sizeField));
            total += size;
            boolean inUse = activeField == null
                    ? "running".equals(item.get("State"))
                    : item.get("UsageData") instanceof Map<?, ?> u2 ? asLong(u2.get(activeField)) > 0
                    : asBoolOrCount(item.get(activeField));
            if (inUse) {
                active++;
            } else {
                reclaimable += size;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ActiveCount", active);
        m.put("TotalCount", items.size());
        m.put("Reclaimable", reclaimable);
        m.put("TotalSize", total);
        if (verbose) {
            m.put("Items", items);
        }
        return m;
    }

    private static long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static boolean asBoolOrCount(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        return asLong(o) > 0;
    }

    private void auth(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), true);
        String status = engine.system().authenticate(text(body, "username"), text(body, "password"),
                text(body, "serveraddress"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Status", status);
        out.put("IdentityToken", "");
        Http.json(ctx, out);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
