package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.volumes.ContainerMounts;
import dev.drydock.fs.FsView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container: its stored configuration and its mutable state.
 *
 * <p>State changes happen only in {@link ContainerService}, under {@link #lock()}; readers see a consistent
 * snapshot through the volatile fields (each written under the lock).
 */
public final class Container {
    /** Docker's zero time, as StartedAt/FinishedAt show before the first start/exit. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final String id;
    private final long sequence;
    private volatile Instant created;
    private final ImageInfo image;
    private final ObjectNode config;
    // Read from the (read-only) config once: listings read them for every container.
    private final String imageRef;
    private final Map<String, String> labels;
    private final List<String> argv;
    private final JsonNode networkingConfig;
    private final String platform;
    private final ContainerLog log;
    private final FsView fs;
    private final ContainerMounts mounts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> execIds = new CopyOnWriteArraySet<>();
    private final CompletableFuture<Integer> removed = new CompletableFuture<>();
    /** Timers of the current run (planned exits, scripted health), cancelled when it ends. */
    private final List<java.util.concurrent.Future<?>> runTimers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ForcedEnd forcedEnd;

    /** How the current run is being ended from outside (an injected fault): the exit code it reports. */
    record ForcedEnd(int exitCode) {
    }

    private volatile ObjectNode hostConfig;
    private volatile String name;
    private volatile ContainerStatus status = ContainerStatus.CREATED;
    private volatile int pid;
    private volatile int exitCode;
    private volatile String error = "";
    private volatile boolean oomKilled;
    private volatile Instant startedAt = ZERO_TIME;
    private volatile Instant finishedAt = ZERO_TIME;
    private volatile int restartCount;
    private volatile boolean manuallyStopped;
    private volatile LaunchedProcess process;
    private volatile CompletableFuture<Integer> nextExit = new CompletableFuture<>();
    private volatile CompletableFuture<LaunchedProcess> nextStart = new CompletableFuture<>();
    private volatile String sandboxId = "";
    private volatile int consoleHeight;
    private volatile int consoleWidth;
    private volatile ContainerHealth health;
    /** The last list entry rendered for this container (reused while its state is the same). */
    private volatile ListEntry listEntry;

    Container(String id, long sequence, String name, Instant created, ImageInfo image, ObjectNode config,
              ObjectNode hostConfig, JsonNode networkingConfig, String platform, ContainerLog log, FsView fs,
              ContainerMounts mounts) {
        this.id = id;
        this.sequence = sequence;
        this.name = name;
        this.created = created;
        this.image = image;
        this.config = config;
        this.imageRef = config.path("Image").asText();
        Map<String, String> l = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> l.put(e.getKey(), e.getValue().asText()));
        this.labels = l.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(l);
        List<String> av = new ArrayList<>();
        config.path("Entrypoint").forEach(n -> av.add(n.asText()));
        config.path("Cmd").forEach(n -> av.add(n.asText()));
        this.argv = List.copyOf(av);
        this.hostConfig = hostConfig;
        this.networkingConfig = networkingConfig;
        this.platform = platform;
        this.log = log;
        this.fs = fs;
        this.mounts = mounts;
    }

    /** The full 64-hex ID. */
    public String id() {
        return id;
    }

    /** The first 12 hex digits, as ps and the hostname show. */
    public String shortId() {
        return id.substring(0, 12);
    }

    /** Creation order, for listing newest first. */
    long sequence() {
        return sequence;
    }

    /** The name with its leading slash ({@code /web}). */
    public String name() {
        return name;
    }

    public Instant created() {
        return created;
    }

    public ImageInfo image() {
        return image;
    }

    /** The image reference as the client gave it (Config.Image). */
    public String imageRef() {
        return imageRef;
    }

    /** The resolved container config (Docker's Config). Treat as read-only. */
    public ObjectNode config() {
        return config;
    }

    /** The host config (Docker's HostConfig). Treat as read-only: update replaces it. */
    public ObjectNode hostConfig() {
        return hostConfig;
    }

    public JsonNode networkingConfig() {
        return networkingConfig;
    }

    public String platform() {
        return platform;
    }

    public ContainerLog log() {
        return log;
    }

    /** The container's own filesystem: its copy-on-write layer over the image's layers, without mounts. */
    public FsView fs() {
        return fs;
    }

    /** The container's mounts (binds, volumes, tmpfs) from create to removal. */
    public ContainerMounts mounts() {
        return mounts;
    }

    /** The lock every transition of this container holds. */
    public ReentrantLock lock() {
        return lock;
    }

    public ContainerStatus status() {
        return status;
    }

    public int pid() {
        return pid;
    }

    public int exitCode() {
        return exitCode;
    }

    public String error() {
        return error;
    }

    public boolean oomKilled() {
        return oomKilled;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public int restartCount() {
        return restartCount;
    }

    /** The running main process, or null. */
    public LaunchedProcess process() {
        return process;
    }

    public boolean tty() {
        return config.path("Tty").asBoolean(false);
    }

    public boolean openStdin() {
        return config.path("OpenStdin").asBoolean(false);
    }

    /** The IDs of this container's exec instances (inspect's ExecIDs); the exec service adds and removes. */
    public Set<String> execIds() {
        return execIds;
    }

    /** State.Health: null until the container first starts with a health check. */
    public ContainerHealth health() {
        return health;
    }

    /** The health state, made on first use (the health monitor calls this when a run with a check starts). */
    public ContainerHealth healthForRun() {
        ContainerHealth h = health;
        if (h == null) {
            synchronized (execIds) {
                if (health == null) {
                    health = new ContainerHealth();
                }
                h = health;
            }
        }
        return h;
    }

    /** What the {@code health} list filter matches: none, starting, healthy or unhealthy. */
    public String healthStatus() {
        ContainerHealth h = health;
        if (h != null) {
            return h.status();
        }
        return ContainerHealth.configured(config) ? ContainerHealth.STARTING : ContainerHealth.NONE;
    }

    /** The network sandbox of the last run ("" before the first start). */
    public String sandboxId() {
        return sandboxId;
    }

    /** Completes when the current (or next) run of the process ends, with its exit code. */
    public CompletableFuture<Integer> nextExit() {
        return nextExit;
    }

    /** Completes with the process once the container (next) runs: attach forwards stdin to it. */
    public CompletableFuture<LaunchedProcess> nextStart() {
        return nextStart;
    }

    /** Completes when the container is removed, with its last exit code. */
    public CompletableFuture<Integer> removed() {
        return removed;
    }

    /** The labels (image labels merged with the container's), read-only. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Entrypoint + Cmd: the main process's argv, read-only. */
    public List<String> argv() {
        return argv;
    }

    ListEntry listEntry() {
        return listEntry;
    }

    void listEntry(ListEntry e) {
        this.listEntry = e;
    }

    // --- mutations, only from ContainerService under the lock ---

    void status(ContainerStatus s) {
        this.status = s;
    }

    void name(String n) {
        this.name = n;
    }

    void hostConfig(ObjectNode hc) {
        this.hostConfig = hc;
    }

    void running(LaunchedProcess p, Instant at) {
        this.process = p;
        nextStart.complete(p);
        this.pid = p.pid();
        this.startedAt = at;
        this.exitCode = 0;
        this.error = "";
        this.oomKilled = false;
        this.status = ContainerStatus.RUNNING;
    }

    void forcedEnd(ForcedEnd f) {
        this.forcedEnd = f;
    }

    /** The forced end of the run that just ended, cleared. */
    ForcedEnd takeForcedEnd() {
        ForcedEnd f = forcedEnd;
        forcedEnd = null;
        return f;
    }

    /** Timers of the current run (planned exits, health steps), cancelled when it ends. */
    void addRunTimer(java.util.concurrent.Future<?> f) {
        runTimers.add(f);
    }

    void cancelRunTimers() {
        for (java.util.concurrent.Future<?> f : runTimers) {
            f.cancel(false);
        }
        runTimers.clear();
    }

    void exited(int code, Instant at) {
        this.process = null;
        this.pid = 0;
        this.exitCode = code;
        this.finishedAt = at;
        this.status = ContainerStatus.EXITED;
    }

    /** Seeding: the state of a container that ran before the daemon "started" (see ContainerService.seed). */
    void seeded(Instant createdAt, Instant started, Instant finished) {
        if (createdAt != null) {
            this.created = createdAt;
        }
        if (started != null) {
            this.startedAt = started;
        }
        if (finished != null) {
            this.finishedAt = finished;
        }
    }

    void failedToStart(int code, String message) {
        this.exitCode = code;
        this.error = message;
    }

    void oomKilled(boolean b) {
        this.oomKilled = b;
    }

    void restartCount(int n) {
        this.restartCount = n;
    }

    boolean manuallyStopped() {
        return manuallyStopped;
    }

    void manuallyStopped(boolean b) {
        this.manuallyStopped = b;
    }

    /** Swaps in a fresh future for the next run and returns the one that was current. */
    CompletableFuture<Integer> rollNextExit() {
        CompletableFuture<Integer> old = nextExit;
        nextExit = new CompletableFuture<>();
        nextStart = new CompletableFuture<>();
        return old;
    }

    void sandboxId(String id) {
        this.sandboxId = id;
    }

    void consoleSize(int h, int w) {
        this.consoleHeight = h;
        this.consoleWidth = w;
    }

    int consoleHeight() {
        return consoleHeight;
    }

    int consoleWidth() {
        return consoleWidth;
    }
}
