package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
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
                .get("/info", ctx -> Http.json(ctx, InfoShape.forVersion(engine.system().info(), Http.apiVersion(ctx))))
                .get("/system/df", this::diskUsage)
                .post("/auth", this::auth);
    }

    private void ping(Context ctx, String body) {
        ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
        ctx.header("Pragma", "no-cache");
        ctx.header("Builder-Version", "1");
        ctx.header("Swarm", engine.swarm().pingHeader());
        // Exactly as the daemon spells it (Jetty would write text/plain;charset=utf-8).
        Http.rawHeader(ctx, "Content-Type", "text/plain; charset=utf-8");
        Http.send(ctx, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code GET /system/df}: object lists below API 1.52, per-kind summaries from 1.52; types from 1.42. */
    private void diskUsage(Context ctx) {
        SystemService.DiskUsage du = engine.system().diskUsage();
        List<String> types = ctx.queryParams("type");
        boolean all = types.isEmpty() || !Http.versionAtLeast(ctx, "1.42");
        if (!all) {
            for (String t : types) {
                if (!List.of("container", "image", "volume", "build-cache").contains(t)) {
                    throw EngineException.badRequest("unknown object type: " + t);
                }
            }
        }
        boolean images = all || types.contains("image");
        boolean containers = all || types.contains("container");
        boolean volumes = all || types.contains("volume");
        boolean buildCache = all || types.contains("build-cache");
        // Below 1.52 the objects are listed; from 1.52 each kind is summarized, its items only when verbose.
        boolean legacy = !Http.versionAtLeast(ctx, "1.52");
        String verboseText = ctx.queryParam("verbose");
        boolean items = !legacy && verboseText != null && !verboseText.isEmpty() && goBool(verboseText);
        Map<String, Object> body = new LinkedHashMap<>();
        if (legacy) {
            if (images) {
                body.put("LayersSize", du.layersSize());
                body.put("Images", du.images());
            }
            if (containers) {
                body.put("Containers", du.containers());
            }
            if (volumes) {
                body.put("Volumes", du.volumes());
            }
            if (buildCache) {
                body.put("BuildCache", du.buildCache());
            }
        } else {
            if (images) {
                body.put("ImageUsage", usage(du.images(), "Containers", "Size", items));
            }
            if (containers) {
                body.put("ContainerUsage", usage(du.containers(), null, "SizeRw", items));
            }
            if (volumes) {
                body.put("VolumeUsage", usage(du.volumes(), "RefCount", "Size", items));
            }
            if (buildCache) {
                body.put("BuildCacheUsage", usage(du.buildCache(), "InUse", "Size", items));
            }
        }
        Http.json(ctx, body);
    }

    /** Go's strconv.ParseBool, with the daemon's 400 for anything else. */
    private static boolean goBool(String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw EngineException.badRequest("invalid value for verbose: " + v);
        };
    }

    /** The 1.52+ usage summary: active items are those in use, reclaimable the size of the rest. */
    private static Map<String, Object> usage(List<Map<String, Object>> items, String activeField, String sizeField,
                                             boolean withItems) {
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
        if (withItems) {
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
        JsonNode body = Json.object(Json.parseBody(ctx.bodyAsBytes(), true), "registry.AuthConfig");
        String status = engine.system().authenticate(Json.string(body, "username", "AuthConfig"),
                Json.string(body, "password", "AuthConfig"), Json.string(body, "serveraddress", "AuthConfig"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Status", status);
        out.put("IdentityToken", "");
        Http.json(ctx, out);
    }

}
