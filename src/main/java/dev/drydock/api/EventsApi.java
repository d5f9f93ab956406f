package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Event;
import dev.drydock.engine.EventFilter;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Timestamps;
import dev.drydock.stream.JsonLinesWriter;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code GET /events}: the daemon's event stream, replayed from history and followed live. */
public final class EventsApi implements ApiResource {
    /** Queued when a reset ends the subscription: the stream then ends cleanly. */
    private static final Event END = new Event("", "", "", java.util.Map.of(), "", 0);

    /** How often a silent stream checks that its client is still there. */
    private static final long PROBE_MILLIS = 250;

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
        Clock clock = engine.config().clock();
        String sinceText = ctx.queryParam("since");
        String untilText = ctx.queryParam("until");
        Long since = blank(sinceText) ? null : Timestamps.parseNanos(sinceText, clock);
        Long until = blank(untilText) ? null : Timestamps.parseNanos(untilText, clock);
        if (since != null && until != null && until < since) {
            throw EngineException.badRequest("`since` time (" + sinceText + ") cannot be after `until` time ("
                    + untilText + ")");
        }
        EventFilter filter = new EventFilter(Filters.parse(ctx.queryParam("filters")));
        boolean legacy = !Http.versionAtLeast(ctx, "1.52");
        // Image create events came with API 1.46; older clients never see them.
        boolean hideImageCreate = !Http.versionAtLeast(ctx, "1.46");
        String contentType = contentType(ctx.header("Accept"), legacy);

        // With only `until`, the daemon replays its whole history up to it.
        long replayFrom = since != null ? since : until != null ? 0 : -1;
        long untilNanos = until == null ? Long.MAX_VALUE : until;
        boolean onlyPast = until != null && until < Timestamps.toNanos(clock.instant());

        LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        AutoCloseable subscription = engine.events().subscribe(replayFrom, e -> {
            if (e.timeNano() <= untilNanos && filter.matches(e)
                    && !(hideImageCreate && "image".equals(e.type()) && "create".equals(e.action()))) {
                queue.add(e);
            }
        }, () -> queue.add(END));
        if (onlyPast) {
            // Everything wanted is already in the queue: no need to listen.
            close(subscription);
        }
        try {
            Streaming.start(ctx, streams, contentType, (out, conn) -> {
                JsonLinesWriter lines = new JsonLinesWriter(out, Json.MAPPER, "application/json-seq".equals(contentType));
                try {
                    while (true) {
                        Event e = onlyPast ? queue.poll() : queue.poll(waitMillis(clock, untilNanos), TimeUnit.MILLISECONDS);
                        if (e == END) {
                            return;
                        }
                        if (e != null) {
                            lines.write(render(e, legacy));
                        } else if (onlyPast || Timestamps.toNanos(clock.instant()) > untilNanos || conn.clientGone()) {
                            return;
                        }
                    }
                } finally {
                    close(subscription);
                }
            });
        } catch (Exception | Error e) {
            close(subscription);
            throw e;
        }
    }

    private static long waitMillis(Clock clock, long untilNanos) {
        long left = (untilNanos - Timestamps.toNanos(clock.instant())) / 1_000_000;
        return Math.max(1, Math.min(PROBE_MILLIS, left));
    }

    /**
     * The daemon negotiates the stream format from Accept among JSON lines, NDJSON and JSON sequences; a
     * client that names none gets {@code application/json} below API 1.52 and JSON lines from 1.52.
     */
    static String contentType(String accept, boolean legacy) {
        String fallback = legacy ? "application/json" : "application/jsonl";
        if (accept == null) {
            return fallback;
        }
        String[] offers = {"application/jsonl", "application/x-ndjson", "application/json-seq"};
        String best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException ignored) {
                        q = 0;
                    }
                }
            }
            for (String offer : offers) {
                if (offer.equals(type) && q > bestQ) {
                    best = offer;
                    bestQ = q;
                }
            }
        }
        return best == null ? fallback : best;
    }

    /** The event as Docker renders it; the status/id/from fields only for clients below API 1.52. */
    static Map<String, Object> render(Event e, boolean legacy) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (legacy && ("container".equals(e.type()) || "image".equals(e.type()))) {
            m.put("status", e.action());
            m.put("id", e.actorId());
            if ("container".equals(e.type())) {
                m.put("from", e.attributes().getOrDefault("image", ""));
            }
        }
        m.put("Type", e.type());
        m.put("Action", e.action());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", e.actorId());
        // Go renders maps with sorted keys.
        actor.put("Attributes", new TreeMap<>(e.attributes()));
        m.put("Actor", actor);
        m.put("scope", e.scope());
        m.put("time", e.time());
        m.put("timeNano", e.timeNano());
        return m;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Unsubscribing cannot fail in a way the client could act on.
        }
    }
}
