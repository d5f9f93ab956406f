package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.networks.SwarmService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;

/**
 * {@code /swarm} and {@code /nodes} of a minimal single-node swarm; services, tasks, secrets and configs answer
 * 501 (503 without swarm, as Docker does), except their lists, which are truthfully empty.
 */
public final class SwarmApi implements ApiResource {
    private final Engine engine;

    public SwarmApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/swarm/init", this::init)
                .get("/swarm", ctx -> Http.json(ctx, engine.swarm().inspect()))
                .post("/swarm/leave", ctx -> {
                    engine.swarm().leave(Http.boolParam(ctx, "force"));
                    ctx.status(200);
                    ctx.result(new byte[0]);
                })
                .post("/swarm/join", unsupported("joining another swarm is"))
                .post("/swarm/update", managerOnly("swarm updates are"))
                .get("/swarm/unlockkey", managerOnly("swarm autolock is"))
                .post("/swarm/unlock", managerOnly("swarm autolock is"))
                .get("/nodes", ctx -> Http.json(ctx, engine.swarm().nodes()))
                .get("/nodes/{id}", ctx -> Http.json(ctx, engine.swarm().node(ctx.pathParam("id"))))
                .delete("/nodes/{id}", managerOnly("removing nodes is"))
                .post("/nodes/{id}/update", managerOnly("updating nodes is"));
        for (String kind : List.of("services", "secrets", "configs")) {
            routes.get("/" + kind, emptyList())
                    .post("/" + kind + "/create", managerOnly(kind))
                    .get("/" + kind + "/{id}", managerOnly(kind))
                    .delete("/" + kind + "/{id}", managerOnly(kind))
                    .post("/" + kind + "/{id}/update", managerOnly(kind));
        }
        routes.get("/services/{id}/logs", managerOnly("services"))
                .get("/tasks", emptyList())
                .get("/tasks/{id}", managerOnly("tasks"))
                .get("/tasks/{id}/logs", managerOnly("tasks"));
    }

    private void init(Context ctx) {
        JsonNode body = Json.parseBody(ctx.bodyAsBytes(), false);
        String advertise = body.isObject() ? NetworksApi.text(body, "AdvertiseAddr") : null;
        String listen = body.isObject() ? NetworksApi.text(body, "ListenAddr") : null;
        Http.json(ctx, engine.swarm().init(advertise, listen));
    }

    private Handler emptyList() {
        return ctx -> {
            requireManager();
            Http.json(ctx, List.of());
        };
    }

    private Handler managerOnly(String what) {
        return ctx -> {
            requireManager();
            throw EngineException.notImplemented(what + (what.endsWith(" is") ? " not supported by Drydock"
                    : SwarmService.NOT_SUPPORTED));
        };
    }

    private Handler unsupported(String what) {
        return ctx -> {
            throw EngineException.notImplemented(what + " not supported by Drydock");
        };
    }

    private void requireManager() {
        if (!engine.swarm().active()) {
            throw EngineException.unavailable(SwarmService.NOT_MANAGER);
        }
    }
}
