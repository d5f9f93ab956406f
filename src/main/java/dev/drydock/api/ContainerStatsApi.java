package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.StatsSampler;
import dev.drydock.stream.JsonLinesWriter;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Instant;

/**
 * {@code GET /containers/{id}/stats}: a sample per second, each flushed as one JSON line, until the client goes
 * away or the container is removed; or a single sample with {@code stream=false}.
 */
public final class ContainerStatsApi implements ApiResource {
    /** dockerd's collector samples once a second. */
    static final long INTERVAL_MILLIS = 1000;

    private final Engine engine;
    private final StreamExecutor streams;

    public ContainerStatsApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/containers/{id}/stats", this::stats);
    }

    private void stats(Context ctx) throws IOException {
        Container c = engine.containers().get(ctx.pathParam("id"));
        StatsSampler sampler = engine.stats();
        boolean stream = Http.boolParam(ctx, "stream", true);
        if (!stream) {
            // one-shot (1.41+) skips the pre-read; otherwise dockerd waits a second for it: the simulation
            // computes the counters a second earlier instead of waiting.
            boolean oneShot = Http.versionAtLeast(ctx, "1.41") && Http.boolParam(ctx, "one-shot");
            Instant previous = oneShot || !StatsSampler.sampled(c) ? null
                    : engine.config().clock().instant().minusSeconds(1);
            Http.json(ctx, sampler.sample(c, previous));
            return;
        }
        Instant[] previous = {null};
        JsonLinesWriter[] lines = {null};
        // dockerd flushes the stream's head before the first sample, so it carries no Content-Type at all.
        Streaming.periodic(ctx, streams, null, INTERVAL_MILLIS, c.removed(), (out, conn) -> {
            if (lines[0] == null) {
                lines[0] = new JsonLinesWriter(out, Json.MAPPER);
            }
            lines[0].write(sampler.sample(c, previous[0]));
            previous[0] = StatsSampler.sampled(c) ? engine.config().clock().instant() : null;
            return true;
        });
    }

}
