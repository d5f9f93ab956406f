package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.Event;
import dev.drydock.engine.EventFilter;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Timestamps;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: the daemon's event stream, replayed from history and followed live. */
public final class EventsApi implements ApiResource {
    /** How often a silent stream checks that its client is still there. */
    private static final long PROBE_MILLIS = 500;

    /** Queued when a reset ends the subscription: the stream then ends cleanly. */
    private static final Event END = new Event("", "", "", Map.of(), "", 0);

    private final Engine engine;
    private final StreamExecutor streams;

    public EventsApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/events", this::events);
    }

    private void events(Context ctx) throws Exception {
        var clock = engine.config().clock();
        String sinceText = ctx.queryParam("since");
        String untilText = ctx.queryParam("until");
        long since = sinceText == null || sinceText.isBlank() ? -1 : Timestamps.parseNanos(sinceText, clock);
        long until = untilText == null || untilText.isBlank() ? Long.MAX_VALUE : Timestamps.parseNanos(untilText, clock);
        EventFilter filter = new EventFilter(Filters.parse(ctx.queryParam("filters")));
        boolean legacy = !Http.versionAtLeast(ctx, "1.52");
        String contentType = legacy ? "application/json" : "application/jsonl";

        LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        AutoCloseable subscription = engine.events().subscribe(since, e -> {
            if (e.timeNano() <= until && filter.matches(e)) {
                queue.add(e);
            }
        }, () -> queue.add(END));
        Streaming.start(ctx, streams, contentType, (out, conn) -> {
            try {
                while (true) {
                    long now = Timestamps.toNanos(clock.instant());
                    Event e = queue.poll(Math.max(1, Math.min(PROBE_MILLIS, (until - now) / 1_000_000)),
                            TimeUnit.MILLISECONDS);
                    if (e == END) {
                        return;
                    }
                    if (e != null) {
                        write(out, e, legacy);
                        continue;
                    }
                    if (Timestamps.toNanos(clock.instant()) > until || conn.clientGone()) {
                        return;
                    }
                }
            } finally {
                close(subscription);
            }
        });
    }

    private static void write(OutputStream out, Event e, boolean legacy) throws java.io.IOException {
        out.write(Json.line(render(e, legacy)));
        out.flush();
    }

    /** The event as Docker renders it; the status/id/from fields only for clients below API 1.52. */
    static Map<String, Object> render(Event e, boolean legacy) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (legacy && ("container".equals(e.type()) || "image".equals(e.type()))) {
            m.put("status", e.action());
            m.put("id", e.actorId());
            String from = e.attributes().get("image");
            if ("container".equals(e.type()) && from != null) {
                m.put("from", from);
            }
        }
        m.put("Type", e.type());
        m.put("Action", e.action());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", e.actorId());
        actor.put("Attributes", new java.util.TreeMap<>(e.attributes()));
        m.put("Actor", actor);
        m.put("scope", e.scope());
        m.put("time", e.time());
        m.put("timeNano", e.timeNano());
        return m;
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Unsubscribing cannot fail in a way the client could act on.
        }
    }
}
