package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Timestamps;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerLog;
import dev.drydock.engine.containers.GoTime;
import dev.drydock.engine.containers.LogEntry;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A container's streams: {@code GET /containers/{id}/logs}. */
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
        routes.get("/containers/{id}/logs", this::logs);
    }

    /** Content type of a container's output: raw with a TTY, multiplexed frames otherwise (raw below 1.42). */
    static String streamType(Context ctx, boolean tty) {
        return tty || !Http.versionAtLeast(ctx, "1.42") ? "application/vnd.docker.raw-stream"
                : "application/vnd.docker.multiplexed-stream";
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
        List<LogEntry> snapshot = c.log().subscribe(listener);
        boolean following = follow && c.status().hasProcess() && until == Long.MAX_VALUE;
        if (!following) {
            c.log().unsubscribe(listener);
        }
        Streaming.start(ctx, streams, streamType(ctx, tty), (out, conn) -> {
            try {
                int from = tail < 0 ? 0 : Math.max(0, snapshot.size() - tail);
                for (LogEntry e : snapshot.subList(from, snapshot.size())) {
                    write(out, e, stdout, stderr, timestamps, tty, since, until);
                }
                out.flush();
                if (!following) {
                    return;
                }
                while (true) {
                    LogEntry e = queue.poll(PROBE_MILLIS, TimeUnit.MILLISECONDS);
                    if (e == END) {
                        return;
                    }
                    if (e != null) {
                        write(out, e, stdout, stderr, timestamps, tty, since, until);
                        if (queue.isEmpty()) {
                            out.flush();
                        }
                    } else if (conn.clientGone()) {
                        return;
                    }
                }
            } finally {
                c.log().unsubscribe(listener);
            }
        });
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

    private static void write(OutputStream out, LogEntry e, boolean stdout, boolean stderr, boolean timestamps,
                              boolean tty, long since, long until) throws IOException {
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
        writeFrame(out, tty ? 0 : e.stream(), data);
    }

    /** One chunk of output: raw with a TTY (stream 0), else an 8-byte multiplexing header first. */
    static void writeFrame(OutputStream out, int stream, byte[] data) throws IOException {
        if (stream == 0) {
            out.write(data);
            return;
        }
        int n = data.length;
        out.write(new byte[]{(byte) stream, 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8),
            (byte) n});
        out.write(data);
    }
}
