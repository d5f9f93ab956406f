package dev.drydock.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.containers.Health;
import dev.drydock.engine.containers.LaunchedProcess;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs containers' healthchecks as the daemon does: from each start, a probe every interval (the start
 * interval while still starting within the start period), each an exec in the container (so exec_create,
 * exec_start and exec_die are published), its result recorded in {@code State.Health} and a
 * {@code health_status: STATUS} event published when the status changes. Probing ends with the run.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    private static final int DEFAULT_RETRIES = 3;

    private final ContainerService containers;
    private final ExecService execs;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public HealthMonitor(ContainerService containers, ExecService execs, Clock clock) {
        this.containers = containers;
        this.execs = execs;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drydock-health");
            t.setDaemon(true);
            return t;
        });
        containers.onStart(this::started);
    }

    /** A container's healthcheck settings, with the daemon's defaults for zero values. */
    record Check(List<String> cmd, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval,
                 int retries) {
        /** Null when the container has no healthcheck (none configured, an empty test, or NONE). */
        static Check of(Container c) {
            JsonNode hc = c.config().path("Healthcheck");
            JsonNode test = hc.path("Test");
            if (!test.isArray() || test.isEmpty()) {
                return null;
            }
            List<String> argv = new ArrayList<>();
            test.forEach(n -> argv.add(n.asText()));
            List<String> cmd;
            switch (argv.get(0)) {
                case "CMD" -> cmd = argv.subList(1, argv.size());
                case "CMD-SHELL" -> {
                    cmd = new ArrayList<>();
                    JsonNode shell = c.config().path("Shell");
                    if (shell.isArray() && !shell.isEmpty()) {
                        shell.forEach(n -> cmd.add(n.asText()));
                    } else {
                        cmd.addAll(List.of("/bin/sh", "-c"));
                    }
                    cmd.add(String.join(" ", argv.subList(1, argv.size())));
                }
                default -> cmd = List.of();
            }
            if (cmd.isEmpty()) {
                return null;
            }
            int retries = hc.path("Retries").asInt(0);
            return new Check(List.copyOf(cmd), nanos(hc, "Interval", DEFAULT_INTERVAL),
                    nanos(hc, "Timeout", DEFAULT_TIMEOUT), nanos(hc, "StartPeriod", Duration.ZERO),
                    nanos(hc, "StartInterval", DEFAULT_START_INTERVAL), retries > 0 ? retries : DEFAULT_RETRIES);
        }

        private static Duration nanos(JsonNode hc, String field, Duration orElse) {
            long n = hc.path(field).asLong(0);
            return n > 0 ? Duration.ofNanos(n) : orElse;
        }
    }

    /** One run being watched: the run's exit ends it. */
    private record Watch(Container c, Check check, Health health, Instant startedAt, CompletableFuture<Integer> run) {
        boolean over() {
            return run.isDone() || c.removed().isDone();
        }
    }

    /** Under the container's lock, at each start: a fresh starting status, then the first probe. */
    private void started(Container c) {
        Check check = Check.of(c);
        if (check == null) {
            return;
        }
        Health h = c.health();
        if (h == null) {
            h = new Health();
            c.health(h);
        } else {
            h.restart();
        }
        schedule(new Watch(c, check, h, c.startedAt(), c.nextExit()));
    }

    /** The daemon's next-probe delay: the start interval while starting within the start period. */
    private void schedule(Watch w) {
        if (w.over() || timer.isShutdown()) {
            return;
        }
        Duration delay = w.check().interval();
        boolean inStartPeriod = Duration.between(w.startedAt(), clock.instant()).compareTo(w.check().startPeriod()) < 0;
        if (inStartPeriod && w.health().status().equals(Health.STARTING)) {
            delay = w.check().startInterval();
        }
        try {
            timer.schedule(() -> probe(w), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The engine is closing.
        }
    }

    private void probe(Watch w) {
        if (w.over()) {
            return;
        }
        Instant start = clock.instant();
        BoundedOutput output = new BoundedOutput();
        ExecInstance e;
        LaunchedProcess p;
        try {
            e = execs.create(w.c().id(), new ExecOptions(false, true, true, false, List.of(), w.check().cmd(), "",
                    "", false, "", 0, 0));
            p = execs.start(e, output, output, 0, 0);
        } catch (EngineException | ExecStartException ex) {
            finish(w, new Health.Result(start, clock.instant(), -1, ex.getMessage()), start);
            return;
        }
        Duration timeout = w.check().timeout();
        e.finished().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((code, err) -> {
            if (err instanceof TimeoutException) {
                p.signal(9);
                finish(w, new Health.Result(start, clock.instant(), -1,
                        "Health check exceeded timeout (" + goDuration(timeout) + ")"), start);
            } else {
                finish(w, new Health.Result(start, clock.instant(), code == null ? -1 : code, output.text()), start);
            }
        });
    }

    private void finish(Watch w, Health.Result r, Instant probeStart) {
        if (w.over()) {
            return;
        }
        boolean inStartPeriod = Duration.between(w.startedAt(), probeStart).compareTo(w.check().startPeriod()) < 0;
        String changed = w.health().record(r, inStartPeriod, w.check().retries());
        if (changed != null) {
            containers.publishEvent(w.c(), "health_status: " + changed, Map.of());
        }
        schedule(w);
    }

    /** Go's time.Duration.String for the common cases ("30s", "500ms", "1.5s", "1m0s"). */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long minutes = d.toMinutes();
        double seconds = (ms - minutes * 60_000) / 1000.0;
        String s = seconds == Math.floor(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return (minutes > 0 ? minutes + "m" : "") + s + "s";
    }

    /** Probe output, stdout and stderr together, cut after {@link Health#MAX_OUTPUT} bytes as the daemon does. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (buf.size() < Health.MAX_OUTPUT) {
                buf.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.max(0, Health.MAX_OUTPUT - buf.size());
            buf.write(b, off, Math.min(room, len));
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
