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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        Streaming.start(ctx, streams, "application/json", (out, conn) -> {
            JsonLinesWriter lines = new JsonLinesWriter(out, Json.MAPPER);
            Instant previous = null;
            while (true) {
                var sample = sampler.sample(c, previous);
                lines.write(sample);
                previous = StatsSampler.sampled(c) ? engine.config().clock().instant() : null;
                if (removedWithin(c, INTERVAL_MILLIS) || conn.clientGone()) {
                    return;
                }
            }
        });
    }

    /** Waits out the interval; true as soon as the container is removed (the stream then ends). */
    private static boolean removedWithin(Container c, long millis) throws InterruptedException {
        try {
            c.removed().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
