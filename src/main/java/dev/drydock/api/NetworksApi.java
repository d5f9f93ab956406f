package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.Filters;
import dev.drydock.engine.networks.EndpointConfig;
import dev.drydock.engine.networks.Network;
import dev.drydock.engine.networks.NetworkCreateRequest;
import dev.drydock.engine.networks.NetworkViews;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /networks}: list, inspect, create, remove, connect, disconnect, prune. */
public final class NetworksApi implements ApiResource {
    private final Engine engine;

    public NetworksApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/networks", this::list)
                .post("/networks/create", this::create)
                .post("/networks/prune", this::prune)
                .get("/networks/{id}", this::inspect)
                .delete("/networks/{id}", this::remove)
                .post("/networks/{id}/connect", this::connect)
                .post("/networks/{id}/disconnect", this::disconnect);
    }

    private void list(Context ctx) {
        List<Network> networks = engine.networks().list(Filters.parse(ctx.queryParam("filters")));
        Http.json(ctx, NetworkViews.list(networks, Http.apiVersion(ctx)));
    }

    private void inspect(Context ctx) {
        Network n = engine.networks().get(ctx.pathParam("id"), ctx.queryParam("scope"));
        Http.json(ctx, NetworkViews.network(n, true, Http.apiVersion(ctx)));
    }

    private void remove(Context ctx) {
        engine.networks().remove(ctx.pathParam("id"));
        Http.noContent(ctx);
    }

    private void create(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), true);
        JsonNode ipam = body.path("IPAM");
        List<NetworkCreateRequest.IpamConfig> configs = new ArrayList<>();
        for (JsonNode c : ipam.path("Config")) {
            configs.add(new NetworkCreateRequest.IpamConfig(text(c, "Subnet"), text(c, "IPRange"), text(c, "Gateway"),
                    stringMap(c.get("AuxiliaryAddresses"))));
        }
        NetworkCreateRequest req = new NetworkCreateRequest(text(body, "Name"), text(body, "Driver"),
                text(body, "Scope"), bool(body, "CheckDuplicate"), Boolean.TRUE.equals(bool(body, "Internal")),
                Boolean.TRUE.equals(bool(body, "Attachable")), Boolean.TRUE.equals(bool(body, "Ingress")),
                Boolean.TRUE.equals(bool(body, "ConfigOnly")), text(body.path("ConfigFrom"), "Network"),
                bool(body, "EnableIPv4"), Boolean.TRUE.equals(bool(body, "EnableIPv6")), text(ipam, "Driver"),
                configs, stringMap(ipam.get("Options")), mapOrEmpty(body.get("Options")),
                mapOrEmpty(body.get("Labels")));
        var result = engine.networks().create(req, Http.apiVersion(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", result.id());
        out.put("Warning", result.warning());
        Http.json(ctx, 201, out);
    }

    private void prune(Context ctx) {
        List<String> deleted = engine.networks().prune(Filters.parse(ctx.queryParam("filters")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NetworksDeleted", deleted.isEmpty() ? null : deleted);
        Http.json(ctx, out);
    }

    private void connect(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), true);
        engine.networks().connect(ctx.pathParam("id"), text(body, "Container"), endpointConfig(body.get("EndpointConfig")));
        ctx.status(200);
        ctx.result(new byte[0]);
    }

    private void disconnect(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), true);
        engine.networks().disconnect(ctx.pathParam("id"), text(body, "Container"),
                Boolean.TRUE.equals(bool(body, "Force")));
        ctx.status(200);
        ctx.result(new byte[0]);
    }

    /** Parses one {@code EndpointSettings} object of a connect or container create request. */
    public static EndpointConfig endpointConfig(JsonNode n) {
        return EndpointConfig.fromJson(n);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> l = new ArrayList<>();
        n.forEach(v -> l.add(v.asText()));
        return l;
    }

    static Map<String, String> stringMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return m;
    }

    private static Map<String, String> mapOrEmpty(JsonNode n) {
        Map<String, String> m = stringMap(n);
        return m == null ? Map.of() : m;
    }
}
