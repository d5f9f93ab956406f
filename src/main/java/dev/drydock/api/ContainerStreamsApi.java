package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Timestamps;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerLog;
import dev.drydock.engine.containers.GoTime;
import dev.drydock.engine.containers.LogEntry;
import dev.drydock.stream.FrameWriter;
import dev.drydock.stream.Hijack;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.StreamMediaType;
import dev.drydock.stream.StreamType;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A container's streams: {@code GET /containers/{id}/logs} and {@code POST /containers/{id}/attach}. */
public final class ContainerStreamsApi implements ApiResource {
    private static final long PROBE_MILLIS = 500;
    /** Marks the end of the followed run in a follower's queue. */
    private static final LogEntry END = new LogEntry(0, 0, new byte[0]);

    private final Engine engine;
    private final StreamExecutor streams;

    public ContainerStreamsApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/containers/{id}/logs", this::logs)
                .post("/containers/{id}/attach", this::attach)
                .get("/containers/{id}/top", this::top);
    }

    /** Content type of a container's output: raw with a TTY, multiplexed frames otherwise (raw below 1.42). */
    static String streamType(Context ctx, boolean tty) {
        return StreamMediaType.of(tty, Http.versionAtLeast(ctx, "1.42"));
    }

    private void logs(Context ctx) throws IOException {
        Container c = engine.containers().get(ctx.pathParam("id"));
        boolean stdout = Http.boolParam(ctx, "stdout");
        boolean stderr = Http.boolParam(ctx, "stderr");
        if (!stdout && !stderr) {
            throw EngineException.badRequest("Bad parameters: you must choose at least one stream");
        }
        boolean follow = Http.boolParam(ctx, "follow");
        boolean timestamps = Http.boolParam(ctx, "timestamps");
        var clock = engine.config().clock();
        String sinceText = ctx.queryParam("since");
        String untilText = ctx.queryParam("until");
        long since = sinceText == null || sinceText.isBlank() || sinceText.equals("0") ? Long.MIN_VALUE
                : Timestamps.parseNanos(sinceText, clock);
        long until = untilText == null || untilText.isBlank() || untilText.equals("0") ? Long.MAX_VALUE
                : Timestamps.parseNanos(untilText, clock);
        int tail = tail(ctx.queryParam("tail"));
        boolean tty = c.tty();

        LinkedBlockingQueue<LogEntry> queue = new LinkedBlockingQueue<>();
        ContainerLog.Listener listener = new ContainerLog.Listener() {
            @Override
            public void entry(LogEntry e) {
                queue.add(e);
            }

            @Override
            public void ended() {
                queue.add(END);
            }
        };
        // Between the run's end and its exit (the daemon's drain of attach streams) the container still looks
        // running: only the log knows whether the end is still to come. Subscribing after it was announced
        // would follow forever (docker-py's run reads logs -f right after start: a hang under load).
        ContainerLog.Follow followed = c.log().follow(listener);
        List<LogEntry> snapshot = followed.snapshot();
        boolean following = follow && followed.live() && c.status().hasProcess() && until == Long.MAX_VALUE;
        if (!following) {
            c.log().unsubscribe(listener);
        }
        Streaming.Body body = (rawOut, conn) -> {
            FrameWriter out = FrameWriter.of(rawOut, tty);
            try {
                int from = tail < 0 ? 0 : Math.max(0, snapshot.size() - tail);
                for (LogEntry e : snapshot.subList(from, snapshot.size())) {
                    write(out, e, stdout, stderr, timestamps, since, until);
                }
                rawOut.flush();
                if (!following) {
                    return;
                }
                while (true) {
                    LogEntry e = queue.poll(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                    if (e == END) {
                        return;
                    }
                    if (e != null) {
                        write(out, e, stdout, stderr, timestamps, since, until);
                    } else if (conn.clientGone()) {
                        return;
                    }
                }
            } finally {
                c.log().unsubscribe(listener);
            }
        };
        if (!following && snapshot.size() <= INLINE_LOG_ENTRIES) {
            // A short finished log is all here: written from this thread, no stream thread to hand it to.
            Streaming.startInline(ctx, streamType(ctx, tty), body);
        } else {
            Streaming.start(ctx, streams, streamType(ctx, tty), body);
        }
    }

    /** Up to this many entries a log without follow is written from the request thread (a slow reader of a
     * long one would hold a request thread). */
    private static final int INLINE_LOG_ENTRIES = 256;


    /** {@code GET /containers/{id}/top}: the simulated process tree in ps's default columns. */
    private void top(Context ctx) {
        Container c = engine.containers().get(ctx.pathParam("id"));
        var p = c.process();
        if (p == null || !c.status().hasProcess()) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        String stime = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC)
                .format(c.startedAt());
        List<List<String>> rows = new java.util.ArrayList<>();
        for (var row : p.processes()) {
            rows.add(List.of(row.user(), Integer.toString(row.pid()), Integer.toString(row.ppid()), "0", stime, "?",
                    "00:00:00", row.command()));
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("Processes", rows);
        out.put("Titles", List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"));
        engine.containers().publishEvent(c, "top", Map.of());
        Http.json(ctx, out);
    }

    /** A chunk of live output for an attach session; END when the run is over. */
    private record Chunk(int stream, byte[] data) {
    }

    private static final Chunk RUN_ENDED = new Chunk(0, new byte[0]);

    /** How long a plain attach session's end precedes the exit it reports (see attach). */
    private static final long PLAIN_ATTACH_EXIT_GAP_MILLIS = 20;

    /**
     * {@code POST /containers/{id}/attach}: hijacked (101) when asked, the container's output from now on (its
     * past output too with {@code logs}), stdin forwarded to the process, ending when the run ends. Issued
     * before start (as docker run does), it follows the coming run.
     */
    private void attach(Context ctx) throws IOException {
        Container c = engine.containers().get(ctx.pathParam("id"));
        engine.containers().checkAttach(c, ctx.pathParam("id"));
        boolean stdinWanted = Http.boolParam(ctx, "stdin");
        boolean stdout = Http.boolParam(ctx, "stdout");
        boolean stderr = Http.boolParam(ctx, "stderr");
        boolean stream = Http.boolParam(ctx, "stream");
        boolean logs = Http.boolParam(ctx, "logs");
        boolean tty = c.tty();
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        ContainerLog.Listener listener = new ContainerLog.Listener() {
            @Override
            public void raw(int s, byte[] data) {
                queue.add(new Chunk(s, data));
            }

            @Override
            public void ended() {
                queue.add(RUN_ENDED);
            }

            @Override
            public CompletableFuture<?> drained() {
                return drained;
            }
        };
        List<LogEntry> past = stream ? c.log().subscribe(listener) : c.log().entries();
        engine.containers().publishEvent(c, "attach", Map.of());
        c.removed().thenRun(() -> queue.add(RUN_ENDED));
        Hijack.serve(ctx, streams, tty, session -> {
            try {
                if (stdinWanted && c.openStdin()) {
                    forwardStdin(session.stdin(), c);
                }
                OutputStream out = session.stdout();
                OutputStream err = session.stderr();
                if (logs) {
                    for (LogEntry e : past) {
                        if (e.stream() == LogEntry.STDERR ? stderr : stdout) {
                            (e.stream() == LogEntry.STDERR ? err : out).write(e.data());
                        }
                    }
                }
                if (!stream) {
                    return;
                }
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == RUN_ENDED) {
                        // Ended before the exit is reported, as the daemon's stream copiers are: a client that
                        // stops reading at /wait's answer (dockerode's run) must already have the whole output.
                        err.flush();
                        session.closeOutput();
                        if (!session.upgraded()) {
                            // A plain (non-hijacked) attach reader can see /wait's answer before the end of this
                            // response on its other connection (dockerode's run lost its output about 1 run in 6);
                            // the daemon's exit handling leaves about this much time between the two.
                            Thread.sleep(PLAIN_ATTACH_EXIT_GAP_MILLIS);
                        }
                        return;
                    }
                    if (chunk.stream() == LogEntry.STDERR ? stderr : stdout) {
                        (chunk.stream() == LogEntry.STDERR ? err : out).write(chunk.data());
                    }
                }
            } finally {
                c.log().unsubscribe(listener);
                drained.complete(null);
            }
        });
    }

    /**
     * Copies the client's stdin to the process on its own thread, waiting for the process to start first;
     * with StdinOnce the process's stdin is closed when the client's ends (so {@code cat} sees EOF).
     */
    private void forwardStdin(InputStream in, Container c) {
        streams.execute(() -> {
            byte[] buf = new byte[8192];
            OutputStream target = null;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (target == null) {
                        target = processStdin(c);
                        if (target == null) {
                            return;
                        }
                    }
                    target.write(buf, 0, n);
                    target.flush();
                }
                if (c.config().path("StdinOnce").asBoolean(false)) {
                    if (target == null) {
                        target = processStdin(c);
                    }
                    if (target != null) {
                        target.close();
                    }
                }
            } catch (IOException e) {
                // Either side went away: nothing more to forward.
            }
        });
    }

    /** The running (or next) process's stdin; null when the container is removed first. */
    private static OutputStream processStdin(Container c) {
        try {
            Object first = CompletableFuture.anyOf(c.nextStart(), c.removed()).get();
            return first instanceof dev.drydock.engine.containers.LaunchedProcess p ? p.stdin() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    private static int tail(String v) {
        if (v == null || v.isEmpty() || v.equals("all")) {
            return -1;
        }
        try {
            return Math.max(-1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void write(FrameWriter out, LogEntry e, boolean stdout, boolean stderr, boolean timestamps,
                              long since, long until) throws IOException {
        if ((e.stream() == LogEntry.STDOUT && !stdout) || (e.stream() == LogEntry.STDERR && !stderr)) {
            return;
        }
        if (e.timeNano() < since || e.timeNano() > until) {
            return;
        }
        byte[] data = e.data();
        if (timestamps) {
            byte[] ts = (GoTime.rfc3339NanoFixed(e.timeNano()) + " ").getBytes(StandardCharsets.UTF_8);
            byte[] joined = new byte[ts.length + data.length];
            System.arraycopy(ts, 0, joined, 0, ts.length);
            System.arraycopy(data, 0, joined, ts.length, data.length);
            data = joined;
        }
        out.write(e.stream() == LogEntry.STDERR ? StreamType.STDERR : StreamType.STDOUT, data);
    }
}
