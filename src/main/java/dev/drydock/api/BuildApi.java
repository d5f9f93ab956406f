package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.build.BuildCache;
import dev.drydock.build.BuildOptions;
import dev.drydock.build.BuildOutput;
import dev.drydock.build.BuildService;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.GoJson;
import dev.drydock.registry.AuthConfig;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /build} (the classic builder) and {@code POST /build/prune}. */
public final class BuildApi implements ApiResource {
    private final BuildService builds;
    private final StreamExecutor streams;

    public BuildApi(Engine engine, StreamExecutor streams) {
        this.builds = new BuildService(engine);
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/build", this::build)
                .post("/build/prune", this::prune);
    }

    private void build(Context ctx) throws IOException {
        String version = ctx.queryParam("version");
        if (version != null && !version.isEmpty() && !version.equals("1")) {
            if (version.equals("2")) {
                throw EngineException.badRequest("BuildKit (version=2) is not supported: Drydock implements the "
                        + "classic builder; build with DOCKER_BUILDKIT=0 or version=1");
            }
            throw EngineException.badRequest("invalid version \"" + version + "\"");
        }
        String remote = ctx.queryParam("remote");
        if (remote != null && !remote.isEmpty()) {
            throw EngineException.badRequest("remote build contexts are not supported by Drydock (remote=" + remote
                    + "): send the context in the request body");
        }
        BuildOptions options = new BuildOptions(ctx.queryParam("dockerfile"), nonEmpty(ctx.queryParams("t")),
                Http.boolParam(ctx, "q"), Http.boolParam(ctx, "nocache"), Http.boolParam(ctx, "pull"),
                Http.boolParam(ctx, "rm", true), Http.boolParam(ctx, "forcerm"),
                jsonMap(ctx.queryParam("buildargs"), "build args"), jsonMap(ctx.queryParam("labels"), "labels"),
                ctx.queryParam("target"), ctx.queryParam("platform"), ctx.queryParam("networkmode"),
                extraHosts(ctx.queryParam("extrahosts")), cacheFrom(ctx.queryParam("cachefrom")),
                registryConfig(ctx.header("X-Registry-Config")));
        BuildService.Prepared prepared = builds.prepare(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), options);
        try {
            Streaming.start(ctx, streams, "application/json", (out, conn) -> {
                builds.run(prepared, new BuildOutput(out, options.quiet()));
            });
        } catch (IOException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private void prune(Context ctx) {
        BuildCache.PruneResult r = builds.cache().prune(Filters.parse(ctx.queryParam("filters")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CachesDeleted", r.deleted().isEmpty() ? null : r.deleted());
        body.put("SpaceReclaimed", r.spaceReclaimed());
        Http.json(ctx, body);
    }

    private static List<String> nonEmpty(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** A JSON object of strings (null values kept), with the daemon's 400 for anything else. */
    private static Map<String, String> jsonMap(String text, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String syntax = GoJsonSyntax.check(text.getBytes(StandardCharsets.UTF_8));
        if (syntax != null) {
            throw EngineException.badRequest("error reading " + what + ": " + syntax);
        }
        JsonNode node = Json.parseBody(text.getBytes(StandardCharsets.UTF_8), false);
        if (node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw EngineException.badRequest("error reading " + what + ": json: cannot unmarshal " + GoJson.kind(node)
                    + " into Go value of type map[string]*string");
        }
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw EngineException.badRequest("error reading " + what + ": json: cannot unmarshal "
                        + GoJson.kind(v) + " into Go value of type string");
            }
            out.put(e.getKey(), v.isNull() ? null : v.asText());
        });
        return out;
    }

    private static List<String> cacheFrom(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        JsonNode node = Json.parseBody(text.getBytes(StandardCharsets.UTF_8), false);
        if (!node.isArray()) {
            throw EngineException.badRequest("error reading cache-from: json: cannot unmarshal " + GoJson.kind(node)
                    + " into Go value of type []string");
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> extraHosts(String text) {
        List<String> out = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            for (String h : text.split(",")) {
                if (!h.isBlank()) {
                    out.add(h.strip());
                }
            }
        }
        return out;
    }

    /** {@code X-Registry-Config}: base64 JSON of registry host to credentials; unreadable means none. */
    private static Map<String, AuthConfig> registryConfig(String header) {
        Map<String, AuthConfig> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        try {
            byte[] raw;
            try {
                raw = Base64.getUrlDecoder().decode(header.trim());
            } catch (IllegalArgumentException e) {
                raw = Base64.getDecoder().decode(header.trim());
            }
            JsonNode n = Json.MAPPER.readTree(raw);
            if (n != null && n.isObject()) {
                n.fields().forEachRemaining(e -> out.put(e.getKey(), new AuthConfig(text(e.getValue(), "username"),
                        text(e.getValue(), "password"), text(e.getValue(), "serveraddress"),
                        text(e.getValue(), "identitytoken"))));
            }
        } catch (IllegalArgumentException | IOException e) {
            return Map.of();
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
