package dev.drydock.engine.exec;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.Ids;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.engine.containers.LaunchException;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.containers.Lifecycle;
import dev.drydock.engine.containers.ProcessRequest;

import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code docker exec}: exec instances created in running containers, started as processes of the container,
 * inspected after they end.
 *
 * <p>As in the daemon, an exec that never started goes away when its container stops, a finished one stays
 * inspectable (the most recent {@value #KEEP_FINISHED} per container) until its container is removed, and a
 * running one dies with its container (the runtime kills the container's PID namespace).
 */
public final class ExecService {
    /** Finished execs kept per container for inspect; the daemon's GC drops them after minutes. */
    static final int KEEP_FINISHED = 1000;
    /** How long a resize waits for a start that is under way (the daemon waits 10 s too). */
    private static final long RESIZE_WAIT_MILLIS = 10_000;

    private final ContainerService containers;
    private final Ids ids;
    private final ConcurrentHashMap<String, ExecInstance> execs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ContainerExecs> byContainer = new ConcurrentHashMap<>();

    public ExecService(ContainerService containers, Ids ids) {
        this.containers = containers;
        this.ids = ids;
    }

    /**
     * Creates an exec instance in a running container and publishes {@code exec_create}.
     *
     * @throws EngineException 400 without a command, 404 for an unknown container, 409 when it is not running,
     *                         paused or restarting, 500 for invalid detach keys (Docker's statuses)
     */
    public ExecInstance create(String containerRef, ExecOptions options) {
        if (options.cmd().isEmpty()) {
            throw EngineException.badRequest("No exec command specified");
        }
        Container c = containers.get(containerRef);
        ExecInstance e;
        c.lock().lock();
        try {
            Lifecycle.check(Lifecycle.Action.EXEC, c, containerRef);
            byte[] keys = options.detachKeys().isEmpty() ? new byte[0] : DetachKeys.parse(options.detachKeys());
            e = new ExecInstance(ids.newId(), c, options, keys);
            ContainerExecs ce = byContainer.computeIfAbsent(c.id(), k -> new ContainerExecs());
            ce.watch(c);
            execs.put(e.id(), e);
            c.execIds().add(e.id());
        } finally {
            c.lock().unlock();
        }
        publish(c, "exec_create: " + commandText(options), e, null);
        return e;
    }

    /** The exec instance; 404 {@code No such exec instance: X} when unknown or its container is gone. */
    public ExecInstance get(String id) {
        ExecInstance e = id == null ? null : execs.get(id);
        if (e == null || containers.find(e.container().id()).orElse(null) != e.container()) {
            throw EngineException.notFound("No such exec instance: " + id);
        }
        return e;
    }

    /** Every known exec instance (running, not started, and recently finished). */
    public List<ExecInstance> all() {
        return new ArrayList<>(execs.values());
    }

    /**
     * What the daemon checks before a start streams anything: the exec exists and its container runs.
     *
     * @throws EngineException 404 unknown exec, 409 container not running, paused or restarting
     */
    public ExecInstance checkStartable(String id) {
        ExecInstance e = get(id);
        Container c = e.container();
        ContainerStatus s = c.status();
        if (s == ContainerStatus.PAUSED) {
            throw EngineException.conflict("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (s == ContainerStatus.RESTARTING) {
            throw EngineException.conflict("Container " + c.id()
                    + " is restarting, wait until the container is running");
        }
        if (s != ContainerStatus.RUNNING) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        return e;
    }

    /**
     * Starts the exec's process, publishing {@code exec_start} first (as the daemon does, even when the start
     * then fails). Output goes to the given sinks as the process writes it.
     *
     * @param stdout        where stdout goes (null: discarded); with a TTY it carries stderr too
     * @param stderr        where stderr goes (null: discarded)
     * @param consoleHeight terminal rows, 0 for the size given at create
     * @param consoleWidth  terminal columns, 0 for the size given at create
     * @throws EngineException     409 when the exec already ran or is running
     * @throws ExecStartException  when the runtime could not start the process (the exec then exited 126)
     */
    public LaunchedProcess start(ExecInstance e, OutputStream stdout, OutputStream stderr, int consoleHeight,
                                 int consoleWidth) throws ExecStartException {
        return start(e, stdout, stderr, consoleHeight, consoleWidth, false);
    }

    /**
     * {@link #start(ExecInstance, OutputStream, OutputStream, int, int)}; with {@code inlineQuick} a quick program
     * (such as {@code echo}: it never waits and writes little) runs to its end on the calling thread, after the
     * container's lock is released, so the exec has exited (exec_die published, {@link ExecInstance#finished()}
     * complete) when this returns.
     */
    public LaunchedProcess start(ExecInstance e, OutputStream stdout, OutputStream stderr, int consoleHeight,
                                 int consoleWidth, boolean inlineQuick) throws ExecStartException {
        if (!e.markStarted()) {
            throw EngineException.conflict("Error: Exec command " + e.id()
                    + (e.exitCode() != null ? " has already run" : " is already running"));
        }
        Container c = e.container();
        ExecOptions o = e.options();
        publish(c, "exec_start: " + commandText(o), e, null);
        int h = consoleHeight > 0 ? consoleHeight : o.consoleHeight();
        int w = consoleWidth > 0 ? consoleWidth : o.consoleWidth();
        LaunchedProcess p;
        c.lock().lock();
        try {
            LaunchedProcess main = c.process();
            if (main == null || !c.status().hasProcess()) {
                throw failed(e, "Container " + c.id() + " is not running");
            }
            String wd = !o.workingDir().isEmpty() ? o.workingDir() : c.config().path("WorkingDir").asText("");
            String user = !o.user().isEmpty() ? o.user() : c.config().path("User").asText("");
            String hostname = c.config().path("Hostname").asText();
            ProcessRequest req = new ProcessRequest(c.id(), o.cmd(), environment(c, o), wd.isEmpty() ? "/" : wd,
                    user, hostname, o.tty(), o.attachStdin(), containers.files(c),
                    stdout == null ? OutputStream.nullOutputStream() : stdout,
                    stderr == null ? OutputStream.nullOutputStream() : stderr,
                    h > 0 ? h : 24, w > 0 ? w : 80, c.imageRef(), inlineQuick);
            try {
                p = main.exec(req);
            } catch (LaunchException ex) {
                throw failed(e, ociMessage(ex.getMessage()));
            }
            e.running(p);
        } finally {
            c.lock().unlock();
        }
        // A quick program runs here, outside the container's lock (other execs of the container wait on it).
        p.runDeferred();
        p.exit().whenComplete((code, err) -> onExit(e, err == null && code != null ? code : 137));
        return p;
    }

    /**
     * Resizes the exec's terminal; waits briefly for a start under way.
     *
     * @throws EngineException 404 when the process is gone, 500 when it never started
     */
    public void resize(ExecInstance e, int height, int width) {
        LaunchedProcess p = e.process();
        if (p == null && e.exitCode() == null) {
            try {
                p = e.processStarted().get(RESIZE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw EngineException.internal("timeout waiting for exec session ready");
            } catch (ExecutionException | TimeoutException ex) {
                p = null;
                if (e.exitCode() == null) {
                    throw EngineException.internal("timeout waiting for exec session ready");
                }
            }
        }
        if (p == null || !e.running()) {
            throw EngineException.notFound("no such exec");
        }
        p.resize(height, width);
    }

    /** The start failed: the exec is over with 126 and leaves the container's list; no exec_die, as in Docker. */
    private ExecStartException failed(ExecInstance e, String message) {
        e.exited(126);
        e.container().execIds().remove(e.id());
        retire(e);
        e.finished().complete(126);
        return new ExecStartException(message);
    }

    private void onExit(ExecInstance e, int code) {
        e.exited(code);
        Container c = e.container();
        c.execIds().remove(e.id());
        publish(c, "exec_die", e, Integer.toString(code));
        retire(e);
        e.finished().complete(code);
    }

    /** Keeps a finished exec for inspect, forgetting the oldest beyond the limit. */
    private void retire(ExecInstance e) {
        ContainerExecs ce = byContainer.get(e.container().id());
        if (ce == null) {
            execs.remove(e.id(), e);
            return;
        }
        String drop;
        synchronized (ce) {
            ce.finished.addLast(e.id());
            drop = ce.finished.size() > KEEP_FINISHED ? ce.finished.pollFirst() : null;
        }
        if (drop != null) {
            execs.remove(drop);
        }
    }

    /** The container stopped: execs that never started are gone. */
    private void dropUnstarted(Container c) {
        for (String id : List.copyOf(c.execIds())) {
            ExecInstance e = execs.get(id);
            if (e != null && !e.started()) {
                execs.remove(id, e);
                c.execIds().remove(id);
            }
        }
    }

    /** The container was removed: every exec of it is gone. */
    private void forget(Container c) {
        byContainer.remove(c.id());
        execs.values().removeIf(e -> e.container() == c);
    }

    /** The daemon's runtime error text for a process that could not start; user lookups fail before runc. */
    static String ociMessage(String reason) {
        if (reason.startsWith("unable to find user ") || reason.startsWith("unable to find group ")) {
            return reason;
        }
        return "OCI runtime exec failed: exec failed: unable to start container process: " + reason + ": unknown";
    }

    /** The environment: the container's (with HOSTNAME, and TERM with a TTY), then the exec's, later wins. */
    private static List<String> environment(Container c, ExecOptions o) {
        List<String> env = new ArrayList<>();
        env.add("HOSTNAME=" + c.config().path("Hostname").asText());
        if (o.tty()) {
            env.add("TERM=xterm");
        }
        c.config().path("Env").forEach(n -> env.add(n.asText()));
        env.addAll(o.env());
        return env;
    }

    /** The event action's command: entrypoint, a space, the arguments (so "exec_start: true " has one). */
    static String commandText(ExecOptions o) {
        return o.cmd().get(0) + " " + String.join(" ", o.cmd().subList(1, o.cmd().size()));
    }

    private void publish(Container c, String action, ExecInstance e, String exitCode) {
        Map<String, String> attrs = exitCode == null ? Map.of("execID", e.id())
                : Map.of("execID", e.id(), "exitCode", exitCode);
        containers.publishEvent(c, action, attrs);
    }

    /** Per container: the run whose end drops unstarted execs, and the finished execs kept for inspect. */
    private final class ContainerExecs {
        private final ArrayDeque<String> finished = new ArrayDeque<>();
        private CompletableFuture<Integer> watchedRun;
        private boolean watchingRemoval;

        /** Under the container's lock: hooks the current run's end (once per run) and the removal (once). */
        synchronized void watch(Container c) {
            CompletableFuture<Integer> run = c.nextExit();
            if (run != watchedRun) {
                watchedRun = run;
                run.whenComplete((code, err) -> dropUnstarted(c));
            }
            if (!watchingRemoval) {
                watchingRemoval = true;
                c.removed().whenComplete((code, err) -> forget(c));
            }
        }
    }
}
