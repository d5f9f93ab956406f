package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.EngineFaultHooks;
import dev.drydock.engine.EventBus;
import dev.drydock.engine.Ids;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.engine.volumes.ContainerMounts;
import dev.drydock.engine.volumes.VolumeService;
import dev.drydock.fs.FsView;
import dev.drydock.fs.JimfsFactory;
import dev.drydock.fs.OverlayFsView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The daemon's containers: the registry (IDs, names, prefix lookup) and every lifecycle transition.
 *
 * <p>Each transition holds its container's lock and asks {@link Lifecycle} first; only ID/name allocation
 * takes the registry-wide lock. Events are published after the change is visible, in Docker's order.
 */
public final class ContainerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);
    private static final Pattern VALID_NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    /** A process that survives SIGKILL this long is a runtime fault; stop answers anyway. */
    private static final long KILL_WAIT_MILLIS = 10_000;
    /** Per-container log kept in memory. */
    private static final long LOG_LIMIT = 8L * 1024 * 1024;
    /** The daemon's bound on waiting for stream copiers when a process exits. */
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;

    private final EventBus events;
    private final Clock clock;
    private final Ids ids;
    private final NameGenerator names;
    private final ContainerResources resources;
    private final ConcurrentSkipListMap<String, Container> byId = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Container> byName = new ConcurrentHashMap<>();
    /** The same containers newest first, so listings need no sort. */
    private final ConcurrentSkipListMap<Long, Container> newestFirst =
            new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final Object registryLock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final Map<String, ScheduledFuture<?>> pendingRestarts = new ConcurrentHashMap<>();
    private final FileSystem upperFs;
    private final List<RunListener> runListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile ImageLookup images = ImageLookup.none();
    private volatile ProcessLauncher launcher = ProcessLauncher.unavailable();
    private volatile RootFsFactory rootFs;
    private volatile ContainerTiming timing = ContainerTiming.simulated();
    private volatile EngineFaultHooks faultHooks = EngineFaultHooks.NONE;

    /**
     * @param volumes  where mounts are planned and volumes referenced
     * @param networks where containers get endpoints, published ports and name resolution
     */
    public ContainerService(EngineConfig config, EventBus events, VolumeService volumes, NetworkService networks) {
        this.events = events;
        this.clock = config.clock();
        this.ids = config.ids();
        this.names = new NameGenerator(ids);
        this.resources = new ContainerResources(volumes, networks, () -> this.rootFs);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drydock-containers");
            t.setDaemon(true);
            return t;
        });
        // Containers' writes carry the engine's time: a commit or build step made under a fixed clock is reproducible.
        this.upperFs = JimfsFactory.newFileSystem("containers", clock);
        this.rootFs = this::overlay;
    }

    // --- wiring: the seams to images, the runtime and storage ---

    /** Where images are looked up. */
    public ContainerService images(ImageLookup lookup) {
        this.images = lookup;
        return this;
    }

    /** The image lookup in use (list filters resolve {@code ancestor} through it). */
    public ImageLookup imageLookup() {
        return images;
    }

    /** What starts processes. */
    public ContainerService launcher(ProcessLauncher l) {
        this.launcher = l;
        return this;
    }

    /** What builds a container's filesystem. */
    public ContainerService rootFs(RootFsFactory f) {
        this.rootFs = f;
        return this;
    }

    /** How simulated waits map to real time. */
    public ContainerService timing(ContainerTiming t) {
        this.timing = t;
        return this;
    }

    /** Told, under the container's lock, when a run starts (after start) and ends (after die); must not block. */
    public interface RunListener {
        void started(Container c);

        void exited(Container c);

        /** The container's processes were frozen ({@code docker pause}). */
        default void paused(Container c) {
        }

        /** The container's processes were thawed ({@code docker unpause}). */
        default void unpaused(Container c) {
        }
    }

    /** Adds a listener to every container's runs (the health monitor schedules its probes from here). */
    public void addRunListener(RunListener l) {
        runListeners.add(l);
    }

    /** Where planned failures (create errors, exits, OOM kills) and scripted health come from. */
    public ContainerService faultHooks(EngineFaultHooks hooks) {
        this.faultHooks = hooks == null ? EngineFaultHooks.NONE : hooks;
        return this;
    }

    /** The networks containers join (for their NetworkSettings). */
    public NetworkService networks() {
        return resources.networks();
    }

    /**
     * The container's files with its mounts, as {@code docker cp}, export and the archive routes see them: the
     * running view while it runs, its layer with its volumes and binds otherwise.
     */
    public FsView files(Container c) {
        return resources.view(c);
    }

    /** How mount planning finds {@code VolumesFrom} containers. */
    private java.util.Optional<ContainerMounts> mountsOf(String ref) {
        return find(ref).map(Container::mounts);
    }

    /** A fresh writable directory per container over the image's layers: copy-on-write, nothing copied. */
    private FsView overlay(String id, ImageInfo image) {
        try {
            Path dir = upperFs.getPath("/containers", id);
            Files.createDirectories(dir);
            List<Path> lowers = new ArrayList<>(image == null ? List.of() : image.layers());
            java.util.Collections.reverse(lowers);
            return new OverlayFsView(dir, lowers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- registry ---

    /** The result of a create. */
    public record Created(String id, List<String> warnings) {
    }

    /**
     * Creates a container from a create request body.
     *
     * @param name     the requested name (with or without its slash), or null/empty for a generated one
     * @param platform the requested platform ("" for any)
     * @param body     the request body (Config fields plus HostConfig and NetworkingConfig)
     */
    public Created create(String name, String platform, JsonNode body) {
        return create(name, platform, body, null);
    }

    /**
     * Creates a container as a request at {@code apiVersion} asks (null: the newest), which decides how a
     * container-wide MacAddress is read ({@link MacAddressCompat}).
     */
    public Created create(String name, String platform, JsonNode body, String apiVersion) {
        if (name != null && !name.isEmpty() && !VALID_NAME.matcher(name).matches()) {
            throw EngineException.badRequest("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (ConfigResolver.isEmpty(body)) {
            throw EngineException.badRequest("Config cannot be empty in order to create a container");
        }
        ConfigResolver.checkTypes(body);
        String macWarning = body instanceof ObjectNode o ? MacAddressCompat.apply(o, apiVersion) : null;
        String ref = body.path("Image").asText("");
        ImageInfo image = null;
        if (!ref.isEmpty()) {
            ImageRefs.validate(ref);
            image = images.find(ref).orElseThrow(() ->
                    EngineException.notFound("No such image: " + ImageRefs.familiar(ref)));
            checkPlatform(platform, image, ref);
        }
        String id = newId();
        ConfigResolver.Resolved r = ConfigResolver.resolve(body, image, id);
        Container c;
        synchronized (registryLock) {
            String full = allocateName(name, id);
            // The name is reserved before the layer store runs out of space, as in dockerd: a conflict wins.
            EngineException injected = faultHooks.onCreate(new EngineFaultHooks.ContainerFacts(ref, full.substring(1),
                    labelsOf(r.config()), argvOf(r.config())), id);
            if (injected != null) {
                throw injected;
            }
            // Under the registry lock so the name and everything the container holds appear together.
            ContainerMounts mounts = resources.acquire(id, full, r.config(), r.hostConfig(), r.networkingConfig(),
                    this::mountsOf);
            FsView fs;
            try {
                fs = rootFs.create(id, image);
            } catch (RuntimeException e) {
                resources.undo(id, mounts);
                throw e;
            }
            c = new Container(id, sequence.incrementAndGet(), full, clock.instant(), image, r.config(),
                    r.hostConfig(), r.networkingConfig(), platformOf(image), new ContainerLog(clock, LOG_LIMIT), fs,
                    mounts);
            byId.put(id, c);
            newestFirst.put(c.sequence(), c);
            byName.put(full, c);
        }
        publish(c, "create", Map.of());
        List<String> warnings = r.warnings();
        if (macWarning != null) {
            warnings = new ArrayList<>(warnings);
            warnings.add(macWarning);
        }
        return new Created(id, warnings);
    }

    private static Map<String, String> labelsOf(JsonNode config) {
        Map<String, String> m = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static List<String> argvOf(JsonNode config) {
        List<String> argv = new ArrayList<>();
        config.path("Entrypoint").forEach(n -> argv.add(n.asText()));
        config.path("Cmd").forEach(n -> argv.add(n.asText()));
        return argv;
    }

    private static EngineFaultHooks.ContainerFacts facts(Container c) {
        return new EngineFaultHooks.ContainerFacts(c.imageRef(), c.name().substring(1), c.labels(), c.argv());
    }

    private static String platformOf(ImageInfo image) {
        return image == null || image.os() == null ? "linux" : image.os();
    }

    private static void checkPlatform(String platform, ImageInfo image, String ref) {
        if (platform == null || platform.isBlank()) {
            return;
        }
        String wantedOs = platform.split("/")[0];
        if (!wantedOs.equals(platformOf(image))) {
            String arch = platform.contains("/") ? platform.substring(platform.indexOf('/') + 1) : "amd64";
            throw EngineException.notFound("image with reference " + ref + " was found but does not match the "
                    + "specified platform: wanted " + wantedOs + "/" + arch + ", actual: " + platformOf(image)
                    + "/amd64");
        }
    }

    private String newId() {
        while (true) {
            String id = ids.newId();
            // An ID that only digits would spell could be mistaken for a short ID of another: Docker skips those.
            if (!byId.containsKey(id) && !digitsOnly(id, 12)) {
                return id;
            }
        }
    }

    /** True when the first {@code n} characters are all digits (no regex: one check per create). */
    private static boolean digitsOnly(String id, int n) {
        for (int i = 0; i < n; i++) {
            char ch = id.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    /** Reserves a name under the registry lock; a generated one when none was asked for. */
    private String allocateName(String requested, String id) {
        if (requested != null && !requested.isEmpty()) {
            String full = requested.startsWith("/") ? requested : "/" + requested;
            Container other = byName.get(full);
            if (other != null) {
                throw EngineException.conflict(nameConflict(full, other.id()));
            }
            return full;
        }
        for (int retry = 0; ; retry++) {
            String full = "/" + names.next(retry > 5 ? retry : 0);
            if (!byName.containsKey(full)) {
                return full;
            }
        }
    }

    private static String nameConflict(String full, String id) {
        return "Conflict. The container name \"" + full + "\" is already in use by container \"" + id
                + "\". You have to remove (or rename) that container to be able to reuse that name.";
    }

    /**
     * Finds a container as Docker does: full ID, then name (with or without its slash), then a unique ID prefix.
     *
     * @throws EngineException 404 {@code No such container: X}; 400 for an ambiguous prefix
     */
    public Container get(String ref) {
        return find(ref).orElseThrow(() -> EngineException.notFound("No such container: " + ref));
    }

    /** Like {@link #get} but empty instead of 404. */
    public java.util.Optional<Container> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return java.util.Optional.empty();
        }
        Container c = byId.get(ref);
        if (c != null) {
            return java.util.Optional.of(c);
        }
        c = byName.get(ref.startsWith("/") ? ref : "/" + ref);
        if (c != null) {
            return java.util.Optional.of(c);
        }
        if (!HEX.matcher(ref).matches()) {
            return java.util.Optional.empty();
        }
        Container found = null;
        for (Map.Entry<String, Container> e : byId.tailMap(ref).entrySet()) {
            if (!e.getKey().startsWith(ref)) {
                break;
            }
            if (found != null) {
                // Docker answers this as a system error (500), not a client one.
                throw EngineException.internal("Multiple IDs found with provided prefix: " + ref);
            }
            found = e.getValue();
        }
        return java.util.Optional.ofNullable(found);
    }

    /** Every container, newest first. */
    public List<Container> all() {
        return new ArrayList<>(newestFirst.values());
    }

    /** How many containers exist. */
    public int count() {
        return byId.size();
    }

    // --- lifecycle ---

    /** Starts a created or exited container (204); 304 when running. */
    public void start(String ref) {
        Container c = get(ref);
        c.lock().lock();
        try {
            Lifecycle.check(Lifecycle.Action.START, c, ref);
            c.manuallyStopped(false);
            launch(c);
        } catch (LaunchFailure f) {
            handleFailedStart(c);
            throw EngineException.badRequest(f.getMessage());
        } catch (EngineException e) {
            handleFailedStart(c);
            throw e;
        } finally {
            if (c.lock().isHeldByCurrentThread()) {
                c.lock().unlock();
            }
        }
    }

    /** Thrown inside start when the runtime cannot exec the command; the container stays created. */
    private static final class LaunchFailure extends RuntimeException {
        LaunchFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Under the container's lock: networks and mounts come up, the process starts, start is published. */
    private void launch(Container c) {
        FsView view;
        try {
            view = resources.start(c);
        } catch (EngineException e) {
            c.failedToStart(128, e.getMessage());
            throw e;
        }
        List<String> argv = c.argv();
        List<String> env = new ArrayList<>();
        c.config().path("Env").forEach(n -> env.add(n.asText()));
        if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) {
            env.add(0, "HOSTNAME=" + c.config().path("Hostname").asText());
        }
        String wd = c.config().path("WorkingDir").asText("");
        ProcessRequest req = new ProcessRequest(c.id(), argv, env, wd.isEmpty() ? "/" : wd,
                c.config().path("User").asText(""), c.config().path("Hostname").asText(), c.tty(), c.openStdin(),
                view, c.log().sink(LogEntry.STDOUT), c.log().sink(c.tty() ? LogEntry.STDOUT : LogEntry.STDERR),
                c.consoleHeight(), c.consoleWidth(), c.imageRef());
        LaunchedProcess p;
        try {
            p = launcher.launch(req);
        } catch (LaunchException e) {
            resources.stop(c);
            String message = "failed to create shim task: OCI runtime create failed: runc create failed: unable to "
                    + "start container process: " + e.getMessage() + ": unknown";
            c.failedToStart(e.exitCode(), message);
            throw new LaunchFailure(message);
        }
        c.sandboxId(ids.newId());
        // Before the exit can be observed (registered below): its endRun always comes after this.
        c.log().beginRun();
        c.running(p, clock.instant());
        publish(c, "start", Map.of());
        runListeners.forEach(l -> l.started(c));
        // Registered after "start" is published: a process that already ended reports its die after it.
        // Planned before the exit is observed: a process as quick as `true` must not end before its planned exit.
        planRun(c, p);
        p.exit().whenComplete((code, err) -> afterOutput(c, p, err == null && code != null ? code : 128));
    }

    /** Under the lock, right after a start: an injected exit or OOM kill, and a scripted health sequence. */
    private void planRun(Container c, LaunchedProcess p) {
        EngineFaultHooks.ContainerFacts facts = facts(c);
        EngineFaultHooks.PlannedExit plan = faultHooks.onStart(facts);
        if (plan != null && plan.after().toMillis() <= 0) {
            endRun(c, p, plan.exitCode(), plan.oomKilled());
        } else if (plan != null) {
            c.addRunTimer(scheduler.schedule(() -> endRun(c, p, plan.exitCode(), plan.oomKilled()),
                    plan.after().toMillis(), TimeUnit.MILLISECONDS));
        }
        List<EngineFaultHooks.HealthStep> steps = faultHooks.healthScript(facts);
        if (!steps.isEmpty()) {
            c.healthForRun().starting();
            for (EngineFaultHooks.HealthStep step : steps) {
                c.addRunTimer(scheduler.schedule(() -> healthStep(c, p, step.status()),
                        Math.max(0, step.after().toMillis()), TimeUnit.MILLISECONDS));
            }
        }
    }

    private void healthStep(Container c, LaunchedProcess p, String status) {
        String changed;
        c.lock().lock();
        try {
            if (c.process() != p) {
                return;
            }
            ContainerHealth h = c.healthForRun();
            if (status.equals(ContainerHealth.STARTING)) {
                changed = h.status().equals(ContainerHealth.STARTING) ? null : ContainerHealth.STARTING;
                h.starting();
            } else {
                Instant now = clock.instant();
                // A scripted result counts at once: no start period, one failure makes it unhealthy.
                changed = h.record(new ContainerHealth.Probe(now, now, status.equals(ContainerHealth.HEALTHY) ? 0 : 1,
                        ""), c.startedAt(), java.time.Duration.ZERO, 1);
            }
        } finally {
            c.lock().unlock();
        }
        if (changed != null) {
            publish(c, "health_status: " + changed, Map.of());
        }
    }

    /**
     * The container's main process ends now with {@code exitCode}, as if it had exited by itself (no kill event).
     * Returns once the container has exited.
     *
     * @throws EngineException 404 for an unknown container, 409 when it is not running
     */
    public void forceExit(String ref, int exitCode) {
        Container c = get(ref);
        LaunchedProcess p = c.process();
        CompletableFuture<Integer> exit = c.nextExit();
        if (p == null || !endRun(c, p, exitCode, false)) {
            throw EngineException.conflict("Container " + c.id() + " is not running");
        }
        awaitExit(exit, KILL_WAIT_MILLIS);
    }

    /** Ends this run of the container (if it is still the current one); false when it already ended. */
    private boolean endRun(Container c, LaunchedProcess p, int exitCode, boolean oom) {
        c.lock().lock();
        try {
            if (c.process() != p) {
                return false;
            }
            if (oom) {
                c.oomKilled(true);
            } else {
                c.forcedEnd(new Container.ForcedEnd(exitCode));
            }
            if (c.status() == ContainerStatus.PAUSED) {
                p.resume();
            }
        } finally {
            c.lock().unlock();
        }
        p.signal(SignalNames.SIGKILL);
        return true;
    }

    /** After a failed start the lock is released; an AutoRemove container is then removed, as Docker does. */
    private void handleFailedStart(Container c) {
        if (c.lock().isHeldByCurrentThread()) {
            c.lock().unlock();
        }
        if (c.hostConfig().path("AutoRemove").asBoolean()) {
            removeNow(c, true);
        }
    }

    /**
     * The process ended: like the daemon, which waits up to 2 s for its stream copiers before it handles an
     * exit, attached clients get all of the output before die is published and waiters wake (docker-py and
     * dockerode read the attach stream until /wait answers).
     */
    private void afterOutput(Container c, LaunchedProcess p, int code) {
        if (c.process() != p) {
            return;
        }
        c.log().endRun().completeOnTimeout(null, OUTPUT_DRAIN_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((v, err) -> onExit(c, p, code));
    }

    /** The process ended: the container exits, waiters wake, then AutoRemove or the restart policy act. */
    private void onExit(Container c, LaunchedProcess p, int code) {
        CompletableFuture<Integer> exited;
        boolean restart;
        c.lock().lock();
        try {
            if (c.process() != p) {
                return;
            }
            c.cancelRunTimers();
            Container.ForcedEnd forced = c.takeForcedEnd();
            if (forced != null) {
                code = forced.exitCode();
            }
            c.exited(code, clock.instant());
            if (c.oomKilled()) {
                publish(c, "oom", Map.of());
            }
            publish(c, "die", Map.of("exitCode", Integer.toString(code)));
            runListeners.forEach(l -> l.exited(c));
            resources.stop(c);
            exited = c.rollNextExit();
            restart = shouldRestart(c, code);
            if (restart) {
                c.status(ContainerStatus.RESTARTING);
                scheduleRestart(c);
            }
        } finally {
            c.lock().unlock();
        }
        exited.complete(code);
        if (!restart && c.hostConfig().path("AutoRemove").asBoolean()) {
            removeNow(c, true);
        }
    }

    /** Docker's restart manager: the policy, unless the container was stopped by hand. */
    private static boolean shouldRestart(Container c, int code) {
        if (c.manuallyStopped()) {
            return false;
        }
        JsonNode policy = c.hostConfig().path("RestartPolicy");
        String name = policy.path("Name").asText("");
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> {
                int max = policy.path("MaximumRetryCount").asInt(0);
                yield code != 0 && (max == 0 || c.restartCount() < max);
            }
            default -> false;
        };
    }

    /** Docker backs off 100ms doubling per restart, capped at a minute; simulated time scales it down. */
    private void scheduleRestart(Container c) {
        long backoff = (long) (Math.min(60_000, 100L << Math.min(c.restartCount(), 10)) * timing.backoffScale());
        ScheduledFuture<?> f = scheduler.schedule(() -> restartByPolicy(c), Math.max(1, backoff),
                TimeUnit.MILLISECONDS);
        pendingRestarts.put(c.id(), f);
    }

    private void restartByPolicy(Container c) {
        c.lock().lock();
        try {
            pendingRestarts.remove(c.id());
            if (c.status() != ContainerStatus.RESTARTING) {
                return;
            }
            c.restartCount(c.restartCount() + 1);
            launch(c);
        } catch (LaunchFailure f) {
            c.status(ContainerStatus.EXITED);
        } catch (RuntimeException e) {
            LOG.warn("restart of {} failed", c.id(), e);
            c.status(ContainerStatus.EXITED);
        } finally {
            c.lock().unlock();
        }
    }

    /** Under the lock: a pending policy restart is called off and the container rests as exited. */
    private void cancelRestart(Container c) {
        ScheduledFuture<?> f = pendingRestarts.remove(c.id());
        if (f != null) {
            f.cancel(false);
        }
        if (c.status() == ContainerStatus.RESTARTING) {
            c.status(ContainerStatus.EXITED);
        }
    }

    /**
     * Stops a container: the stop signal, a (simulated) grace period, then SIGKILL. 304 when not running.
     *
     * @param signal  the signal to send first, or null for the container's StopSignal (default SIGTERM)
     * @param timeout the grace period in seconds, or null for the container's StopTimeout (default 10)
     */
    public void stop(String ref, String signal, Integer timeout) {
        Container c = get(ref);
        Integer sigParam = signal == null || signal.isEmpty() ? null : SignalNames.parse(signal);
        c.lock().lock();
        LaunchedProcess p;
        CompletableFuture<Integer> exit;
        int sig;
        int t;
        try {
            Lifecycle.check(Lifecycle.Action.STOP, c, ref);
            c.manuallyStopped(true);
            if (c.status() == ContainerStatus.RESTARTING) {
                cancelRestart(c);
                publish(c, "stop", Map.of());
                return;
            }
            p = c.process();
            exit = c.nextExit();
            sig = sigParam != null ? sigParam : stopSignal(c);
            t = timeout != null ? timeout : c.config().path("StopTimeout").asInt(10);
        } finally {
            c.lock().unlock();
        }
        terminate(c, p, exit, sig, t);
        publish(c, "stop", Map.of());
    }

    private static int stopSignal(Container c) {
        String s = c.config().path("StopSignal").asText("");
        if (s.isEmpty()) {
            return SignalNames.SIGTERM;
        }
        try {
            return SignalNames.parse(s);
        } catch (EngineException e) {
            return SignalNames.SIGTERM;
        }
    }

    /**
     * Signal, wait for the exit during the grace period, then SIGKILL and wait for the exit. A process that handles
     * the signal gets real time to exit (up to {@link ContainerTiming#handledCapMillis()}): its handler's exit must
     * not race a short simulated wait on a loaded machine. One that does not (PID 1 ignores it) cannot exit of it,
     * so its grace is simulated.
     */
    private void terminate(Container c, LaunchedProcess p, CompletableFuture<Integer> exit, int sig, int t) {
        if (sig != SignalNames.SIGKILL) {
            // A frozen process cannot run its handler: its grace stays simulated.
            boolean handled = p.handles(sig) && c.status() != ContainerStatus.PAUSED;
            signal(c, p, sig);
            if (t != 0 && awaitExit(exit, timing.graceMillis(t, handled))) {
                return;
            }
        }
        signal(c, p, SignalNames.SIGKILL);
        awaitExit(exit, KILL_WAIT_MILLIS);
    }

    /** Publishes kill first (the die it may cause must follow it), then delivers. */
    private void signal(Container c, LaunchedProcess p, int sig) {
        publish(c, "kill", Map.of("signal", Integer.toString(sig)));
        if (sig == SignalNames.SIGKILL && c.status() == ContainerStatus.PAUSED) {
            p.resume();
        }
        p.signal(sig);
    }

    private static boolean awaitExit(CompletableFuture<Integer> exit, long millis) {
        try {
            exit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Sends a signal (default SIGKILL); a SIGKILL returns once the container has exited. */
    public void kill(String ref, String signal) {
        Container c = get(ref);
        int sig = signal == null || signal.isEmpty() ? SignalNames.SIGKILL : SignalNames.parse(signal);
        LaunchedProcess p;
        CompletableFuture<Integer> exit;
        c.lock().lock();
        try {
            Lifecycle.check(Lifecycle.Action.KILL, c, ref);
            if (sig == SignalNames.SIGKILL || sig == stopSignal(c)) {
                c.manuallyStopped(true);
            }
            if (c.status() == ContainerStatus.RESTARTING) {
                cancelRestart(c);
                publish(c, "kill", Map.of("signal", Integer.toString(sig)));
                return;
            }
            p = c.process();
            exit = c.nextExit();
        } finally {
            c.lock().unlock();
        }
        signal(c, p, sig);
        if (sig == SignalNames.SIGKILL) {
            awaitExit(exit, KILL_WAIT_MILLIS);
        }
    }

    /**
     * The kernel's OOM killer strikes the container's main process, as when it outgrows its memory limit:
     * State.OOMKilled becomes true, the process dies of SIGKILL (exit code 137) and {@code oom} is published
     * right before {@code die}, with no {@code kill} event (nobody sent a signal). The restart policy then
     * applies as after any failure. Returns once the container has exited.
     *
     * @throws EngineException 404 for an unknown container, 409 when it is not running
     */
    public void killAsOom(String ref) {
        Container c = get(ref);
        LaunchedProcess p;
        CompletableFuture<Integer> exit;
        c.lock().lock();
        try {
            if (!c.status().hasProcess() || c.process() == null) {
                throw EngineException.conflict("Container " + c.id() + " is not running");
            }
            p = c.process();
            exit = c.nextExit();
            c.oomKilled(true);
            if (c.status() == ContainerStatus.PAUSED) {
                p.resume();
            }
        } finally {
            c.lock().unlock();
        }
        p.signal(SignalNames.SIGKILL);
        awaitExit(exit, KILL_WAIT_MILLIS);
    }

    /** Restarts: stops if running (as stop does), then starts; publishes restart last. */
    public void restart(String ref, String signal, Integer timeout) {
        Container c = get(ref);
        c.lock().lock();
        boolean running;
        try {
            Lifecycle.check(Lifecycle.Action.RESTART, c, ref);
            running = c.status().hasProcess() || c.status() == ContainerStatus.RESTARTING;
        } finally {
            c.lock().unlock();
        }
        if (running) {
            try {
                stop(c.id(), signal, timeout);
            } catch (EngineException e) {
                if (e.status() != 304) {
                    throw e;
                }
            }
        }
        try {
            start(c.id());
        } catch (EngineException e) {
            if (e.status() != 304) {
                throw e;
            }
        }
        publish(c, "restart", Map.of());
    }

    /**
     * State control for tests: puts a just-created container into a state as if it had lived before, with the
     * given times (null keeps what it has). Running and paused containers really run their process; an exited
     * one never ran it here and reports {@code exitCode}. Publishes the events of the steps it takes (start,
     * pause); an exited container gets none.
     */
    public void seed(String ref, ContainerStatus status, int exitCode, Instant created, Instant startedAt,
                     Instant finishedAt) {
        Container c = get(ref);
        switch (status) {
            case CREATED -> {
                c.lock().lock();
                try {
                    c.seeded(created, null, null);
                } finally {
                    c.lock().unlock();
                }
            }
            case RUNNING, PAUSED -> {
                start(ref);
                if (status == ContainerStatus.PAUSED) {
                    pause(ref);
                }
                c.lock().lock();
                try {
                    c.seeded(created, startedAt, null);
                } finally {
                    c.lock().unlock();
                }
            }
            case EXITED -> {
                c.lock().lock();
                try {
                    Lifecycle.check(Lifecycle.Action.START, c, ref);
                    Instant now = clock.instant();
                    Instant finished = finishedAt != null ? finishedAt : now;
                    c.exited(exitCode, finished);
                    c.seeded(created, startedAt != null ? startedAt : finished, finished);
                } finally {
                    c.lock().unlock();
                }
            }
            default -> throw EngineException.badRequest("cannot seed a container as " + status.wire());
        }
    }

    /** Docker's answer when attaching is not possible (a container being removed). */
    public void checkAttach(Container c, String ref) {
        Lifecycle.check(Lifecycle.Action.ATTACH, c, ref);
    }

    /** Freezes the container's processes. */
    public void pause(String ref) {
        Container c = get(ref);
        c.lock().lock();
        try {
            Lifecycle.check(Lifecycle.Action.PAUSE, c, ref);
            c.process().pause();
            c.status(ContainerStatus.PAUSED);
            runListeners.forEach(l -> l.paused(c));
            publish(c, "pause", Map.of());
        } finally {
            c.lock().unlock();
        }
    }

    public void unpause(String ref) {
        Container c = get(ref);
        c.lock().lock();
        try {
            Lifecycle.check(Lifecycle.Action.UNPAUSE, c, ref);
            c.process().resume();
            c.status(ContainerStatus.RUNNING);
            runListeners.forEach(l -> l.unpaused(c));
            publish(c, "unpause", Map.of());
        } finally {
            c.lock().unlock();
        }
    }

    /**
     * Removes a container; with {@code force} a running one is killed first (kill, die, destroy).
     *
     * @param volumes remove its anonymous volumes too
     */
    public void remove(String ref, boolean force, boolean volumes) {
        Container c = get(ref);
        LaunchedProcess p = null;
        CompletableFuture<Integer> exit = null;
        c.lock().lock();
        try {
            if (c.status() == ContainerStatus.REMOVING) {
                throw EngineException.conflict("removal of container " + ref + " is already in progress");
            }
            if (!force) {
                Lifecycle.check(Lifecycle.Action.REMOVE, c, ref);
            }
            c.manuallyStopped(true);
            cancelRestart(c);
            if (c.status().hasProcess()) {
                p = c.process();
                exit = c.nextExit();
            }
        } finally {
            c.lock().unlock();
        }
        if (p != null) {
            signal(c, p, SignalNames.SIGKILL);
            awaitExit(exit, KILL_WAIT_MILLIS);
        }
        if (!removeNow(c, volumes)) {
            if (!byId.containsKey(c.id())) {
                return;
            }
            throw EngineException.conflict("removal of container " + ref + " is already in progress");
        }
    }

    /**
     * Unregisters a stopped container, publishes destroy, then gives back what it held (with {@code volumes}, its
     * anonymous volumes too); false when another removal got there first.
     */
    private boolean removeNow(Container c, boolean volumes) {
        c.lock().lock();
        try {
            if (c.status() == ContainerStatus.REMOVING || !byId.containsKey(c.id())) {
                return false;
            }
            if (c.status().hasProcess()) {
                return false;
            }
            c.status(ContainerStatus.REMOVING);
        } finally {
            c.lock().unlock();
        }
        synchronized (registryLock) {
            byId.remove(c.id());
            newestFirst.remove(c.sequence(), c);
            byName.remove(c.name(), c);
        }
        c.lock().lock();
        try {
            c.status(ContainerStatus.DEAD);
        } finally {
            c.lock().unlock();
        }
        publish(c, "destroy", Map.of());
        resources.release(c, volumes);
        c.removed().complete(c.exitCode());
        return true;
    }

    /** Renames; Docker's 400s for empty/same/invalid names and 409 for a taken one. */
    public void rename(String ref, String newName) {
        Container c = get(ref);
        if (newName == null || newName.isEmpty()) {
            throw EngineException.badRequest("Neither old nor new names may be empty");
        }
        String full = newName.startsWith("/") ? newName : "/" + newName;
        if (!VALID_NAME.matcher(full).matches()) {
            throw EngineException.badRequest("Error when allocating new name: Invalid container name (" + full
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        String old;
        c.lock().lock();
        try {
            old = c.name();
            if (old.equals(full)) {
                throw EngineException.badRequest("Renaming a container with the same name as its current name");
            }
            synchronized (registryLock) {
                Container other = byName.get(full);
                if (other != null) {
                    throw EngineException.conflict("Error when allocating new name: " + nameConflict(full,
                            other.id()));
                }
                byName.remove(old, c);
                byName.put(full, c);
                c.name(full);
            }
            resources.networks().rename(c.id(), full);
        } finally {
            c.lock().unlock();
        }
        publish(c, "rename", Map.of("oldName", old));
    }

    /**
     * Updates resources and the restart policy ({@code docker update}).
     *
     * @return the warnings
     */
    public List<String> update(String ref, JsonNode body) {
        Container c = get(ref);
        if (body == null || !body.isObject()) {
            return List.of();
        }
        c.lock().lock();
        try {
            ObjectNode hc = c.hostConfig().deepCopy();
            var it = body.fields();
            while (it.hasNext()) {
                var e = it.next();
                ConfigSchema.Field f = ConfigSchema.HOST_CONFIG.get(e.getKey());
                if (f == null || e.getValue().isNull()) {
                    continue;
                }
                ConfigSchema.checkType(e.getValue(), f.type(), "UpdateConfig." + e.getKey());
                if (e.getKey().equals("RestartPolicy")) {
                    JsonNode rp = e.getValue();
                    if (rp.path("Name").asText("").isEmpty()) {
                        continue;
                    }
                    if (hc.path("AutoRemove").asBoolean() && !rp.path("Name").asText().equals("no")) {
                        throw EngineException.badRequest("Restart policy cannot be updated because AutoRemove is "
                                + "enabled for the container");
                    }
                }
                if (e.getKey().equals("Memory") && e.getValue().asLong() != 0
                        && e.getValue().asLong() < 6L * 1024 * 1024) {
                    throw EngineException.badRequest("Minimum memory limit allowed is 6MB");
                }
                if (isUpdatable(e.getKey()) && !(e.getValue().isNumber() && e.getValue().asLong() == 0
                        && !e.getKey().equals("RestartPolicy"))) {
                    hc.set(e.getKey(), e.getValue().deepCopy());
                }
            }
            ObjectNode rp = (ObjectNode) hc.get("RestartPolicy");
            if (!rp.has("MaximumRetryCount")) {
                rp.put("MaximumRetryCount", 0);
            }
            c.hostConfig(hc);
        } finally {
            c.lock().unlock();
        }
        publish(c, "update", Map.of());
        return List.of();
    }

    private static boolean isUpdatable(String key) {
        return switch (key) {
            case "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight", "CpuPeriod", "CpuQuota",
                 "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "MemoryReservation",
                 "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit", "KernelMemory", "RestartPolicy",
                 "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
                 "BlkioDeviceWriteIOps", "Ulimits", "Devices", "DeviceCgroupRules", "DeviceRequests" -> true;
            default -> false;
        };
    }

    /** Resizes the container's TTY; 409 when it is not running. */
    public void resize(String ref, int height, int width) {
        Container c = get(ref);
        c.lock().lock();
        try {
            c.consoleSize(height, width);
            if (!c.status().hasProcess()) {
                throw EngineException.conflict("Container " + c.id() + " is not running");
            }
            c.process().resize(height, width);
        } finally {
            c.lock().unlock();
        }
        publish(c, "resize", Map.of("height", Integer.toString(height), "width", Integer.toString(width)));
    }

    /** What {@code /wait} waits for. */
    public enum WaitCondition {
        NOT_RUNNING, NEXT_EXIT, REMOVED;

        /** Parses the query value; Docker's 400 for anything else. */
        public static WaitCondition parse(String s) {
            if (s == null || s.isEmpty() || s.equals("not-running")) {
                return NOT_RUNNING;
            }
            if (s.equals("next-exit")) {
                return NEXT_EXIT;
            }
            if (s.equals("removed")) {
                return REMOVED;
            }
            throw EngineException.badRequest("invalid condition: \"" + s + "\"");
        }
    }

    /** A future of the exit code the condition waits for; found (or 404) before returning. */
    public CompletableFuture<Integer> waitFor(String ref, WaitCondition condition) {
        Container c = get(ref);
        c.lock().lock();
        try {
            return switch (condition) {
                case NOT_RUNNING -> c.status().hasProcess() || c.status() == ContainerStatus.RESTARTING
                        ? c.nextExit() : CompletableFuture.completedFuture(c.exitCode());
                case NEXT_EXIT -> c.nextExit();
                case REMOVED -> c.removed();
            };
        } finally {
            c.lock().unlock();
        }
    }

    /** The result of a prune. */
    public record Pruned(List<String> deleted, long spaceReclaimed) {
    }

    /** Removes every stopped container the filters (until, label, label!) select. */
    public Pruned prune(dev.drydock.engine.Filters filters) {
        filters.validate(java.util.Set.of("until", "label", "label!"));
        long until = Long.MAX_VALUE;
        for (String u : filters.get("until")) {
            until = Math.min(until, dev.drydock.engine.Timestamps.parseNanos(u, clock));
        }
        List<String> deleted = new ArrayList<>();
        for (Container c : all()) {
            if (c.status().hasProcess() || c.status() == ContainerStatus.RESTARTING) {
                continue;
            }
            if (dev.drydock.engine.Timestamps.toNanos(c.created()) >= until) {
                continue;
            }
            if (!filters.matchKeyValues("label", c.labels())) {
                continue;
            }
            if (filters.contains("label!") && !filters.get("label!").isEmpty()
                    && dev.drydock.engine.Filters.of(Map.of("label", filters.get("label!")))
                    .matchKeyValues("label", c.labels())) {
                continue;
            }
            if (removeNow(c, false)) {
                deleted.add(c.id());
            }
        }
        events.publish("container", "prune", "", Map.of("reclaimed", "0"));
        return new Pruned(deleted, 0);
    }

    // --- events ---

    /** Publishes a container event with Docker's attributes: labels, image, name, plus the extras. */
    void publish(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(c.labels());
        attrs.put("image", c.imageRef());
        attrs.put("name", c.name().substring(1));
        attrs.putAll(extra);
        events.publish("container", action, c.id(), attrs);
    }

    /** Publishes an event on behalf of another service about this container (attach, top, archive-path...). */
    public void publishEvent(Container c, String action, Map<String, String> extra) {
        publish(c, action, extra);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Kills every process and stops timers (daemon shutdown). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (Container c : byId.values()) {
            LaunchedProcess p = c.process();
            if (p != null) {
                try {
                    p.signal(SignalNames.SIGKILL);
                } catch (RuntimeException ignored) {
                    // Shutting down: a process that cannot be signalled is dropped with the rest.
                }
            }
        }
        try {
            upperFs.close();
        } catch (IOException ignored) {
            // In-memory: nothing to release beyond the references.
        }
    }
}
