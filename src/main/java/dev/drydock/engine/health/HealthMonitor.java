package dev.drydock.engine.health;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerHealth;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.exec.ExecInstance;
import dev.drydock.engine.exec.ExecOptions;
import dev.drydock.engine.exec.ExecService;
import dev.drydock.engine.exec.ExecStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs containers' health checks as dockerd does: while a container with a Healthcheck runs, a probe is exec'd
 * in it every interval (exec_create, exec_start, exec_die events included), its exit code judged into
 * State.Health, and {@code health_status: X} published when the status changes.
 *
 * <p>One scheduler thread serves every container: probes are timers, never a thread per container, and a probe
 * that outlives its timeout is killed from a timer too.
 */
public final class HealthMonitor implements ContainerService.RunListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    /** dockerd keeps this much of a probe's output. */
    static final int MAX_OUTPUT = 4096;

    private final ContainerService containers;
    private final ExecService execs;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public HealthMonitor(ContainerService containers, ExecService execs, Clock clock) {
        this.containers = containers;
        this.execs = execs;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drydock-health");
            t.setDaemon(true);
            return t;
        });
        containers.addRunListener(this);
    }

    /** One run of one container being monitored; cancelled when the run ends. */
    private static final class Run {
        final Container container;
        final HealthCheck check;
        volatile boolean cancelled;
        volatile ScheduledFuture<?> next;

        Run(Container container, HealthCheck check) {
            this.container = container;
            this.check = check;
        }
    }

    @Override
    public void started(Container c) {
        HealthCheck check = HealthCheck.of(c.config());
        if (check == null) {
            return;
        }
        c.healthForRun().starting();
        Run run = new Run(c, check);
        Run old = runs.put(c.id(), run);
        cancel(old);
        schedule(run);
    }

    @Override
    public void exited(Container c) {
        stop(c);
    }

    /** A paused container is not probed: its monitor stops (in-flight probe ignored) until unpause. */
    @Override
    public void paused(Container c) {
        stop(c);
    }

    /** Probing resumes an interval after unpause; the status stays as the pause left it until a probe judges. */
    @Override
    public void unpaused(Container c) {
        HealthCheck check = HealthCheck.of(c.config());
        if (check == null) {
            return;
        }
        Run run = new Run(c, check);
        cancel(runs.put(c.id(), run));
        schedule(run);
    }

    private void stop(Container c) {
        Run run = runs.remove(c.id());
        if (run != null) {
            cancel(run);
            ContainerHealth h = c.health();
            if (h != null) {
                h.monitorStopped();
            }
        }
    }

    private static void cancel(Run run) {
        if (run != null) {
            run.cancelled = true;
            ScheduledFuture<?> f = run.next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private void schedule(Run run) {
        if (run.cancelled || scheduler.isShutdown()) {
            return;
        }
        try {
            run.next = scheduler.schedule(() -> probe(run), run.check.interval().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /** Starts one probe; its result is judged when its exec ends (or its timeout fires). */
    private void probe(Run run) {
        Container c = run.container;
        if (run.cancelled) {
            return;
        }
        if (c.status() != ContainerStatus.RUNNING) {
            // A paused container is not probed; its next interval starts over.
            schedule(run);
            return;
        }
        java.time.Instant start = clock.instant();
        ExecInstance exec;
        LaunchedProcess p;
        Output out = new Output();
        try {
            exec = execs.create(c.id(), new ExecOptions(false, true, true, false, List.of(), run.check.argv(), "", "",
                    false, "", 0, 0));
            p = execs.start(exec, out, out, 0, 0);
        } catch (ExecStartException | EngineException e) {
            judge(run, new ContainerHealth.Probe(start, clock.instant(), -1, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("health probe of {} failed", c.id(), e);
            judge(run, new ContainerHealth.Probe(start, clock.instant(), -1, String.valueOf(e.getMessage())));
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                try {
                    p.signal(9);
                } catch (RuntimeException ignored) {
                    // Already gone.
                }
                judge(run, new ContainerHealth.Probe(start, clock.instant(), -1,
                        "Health check exceeded timeout (" + HealthCheck.goDuration(run.check.timeout()) + ")"));
            }
        }, run.check.timeout().toNanos(), TimeUnit.NANOSECONDS);
        // finished() completes after exec_die is published: health_status follows it, as in dockerd.
        exec.finished().whenComplete((code, err) -> {
            if (done.compareAndSet(false, true)) {
                timeout.cancel(false);
                judge(run, new ContainerHealth.Probe(start, clock.instant(), code == null ? -1 : code, out.text()));
            }
        });
    }

    /** Records a probe's result, announces a status change, and schedules the next probe. */
    private void judge(Run run, ContainerHealth.Probe probe) {
        if (run.cancelled) {
            return;
        }
        Container c = run.container;
        String changed = c.healthForRun().record(probe, c.startedAt(), run.check.startPeriod(), run.check.retries());
        if (changed != null) {
            containers.publishEvent(c, "health_status: " + changed, Map.of());
        }
        schedule(run);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        runs.values().forEach(HealthMonitor::cancel);
        runs.clear();
    }

    /** A probe's stdout and stderr together, the first {@link #MAX_OUTPUT} bytes kept. */
    private static final class Output extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (buf.size() < MAX_OUTPUT) {
                buf.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int n = Math.min(len, MAX_OUTPUT - buf.size());
            if (n > 0) {
                buf.write(b, off, n);
            }
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
