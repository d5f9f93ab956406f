package dev.drydock.engine;

import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.exec.ExecService;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.engine.networks.SwarmService;
import dev.drydock.engine.volumes.VolumeService;
import dev.drydock.engine.wiring.ContainerDirectoryAdapter;
import dev.drydock.engine.wiring.ContainerImageUsage;
import dev.drydock.engine.wiring.ContainerImages;
import dev.drydock.engine.wiring.LayeredRootFs;
import dev.drydock.engine.wiring.ResetWiring;
import dev.drydock.engine.wiring.RuntimeLauncher;
import dev.drydock.runtime.RuntimeConfig;
import dev.drydock.runtime.SimRuntime;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The simulated daemon's state: one instance per Drydock server, with no HTTP in it.
 *
 * <p>Each resource has its own service; they share the clock, the ID source and the event bus. Services that
 * hold resources (in-memory filesystems, schedulers, sockets) register them with {@link #onClose} so closing
 * the engine frees everything.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final EventBus events;
    private final SystemService system;
    private final java.util.List<java.util.Map.Entry<String, ResetHook>> resetHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ContainerService containers;
    private final VolumeService volumes;
    private final ImageService images;
    private final ImageArchive imageArchive;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final NetworkService networks;
    private final SwarmService swarm;
    private final SimRuntime runtime;
    private final ExecService execs;
    /** Where the ID sequence stood once the daemon was up: a reset continues from here when IDs are seeded. */
    private final Ids.Mark idsAtStart;
    private final dev.drydock.engine.containers.StatsSampler stats;
    private volatile EngineFaultHooks faultHooks = EngineFaultHooks.NONE;

    public Engine(EngineConfig config) {
        this.config = config;
        this.events = new EventBus(config.clock(), config.eventHistory());
        this.networks = new NetworkService(config, events, config.portBindAddress());
        // Published ports hold host sockets: released when the engine closes.
        onClose(networks::close);
        this.swarm = new SwarmService(config, events, networks);
        this.volumes = new VolumeService(config, events);
        onClose(volumes);
        this.system = new SystemService(this);
        this.images = new ImageService(this);
        this.imageArchive = new ImageArchive(images, config.maxArchiveBytes());
        // The layers' Jimfs lives as long as the engine.
        onClose(images.layers()::close);
        this.containers = new ContainerService(config, events, volumes, networks);
        onClose(containers);
        // One daemon: containers run images from the image store on layered root filesystems, rmi sees who uses
        // an image, and the network routes find containers by ID or name.
        containers.images(new ContainerImages(images)).rootFs(new LayeredRootFs(images.layers()));
        images.setUsage(new ContainerImageUsage(containers));
        networks.setContainerDirectory(new ContainerDirectoryAdapter(containers));
        this.runtime = new SimRuntime(RuntimeConfig.defaults());
        onClose(runtime);
        containers.launcher(new RuntimeLauncher(runtime, networks));
        // testcontainers/ryuk reaps through the engine; the runtime only sees the callback.
        dev.drydock.runtime.programs.Ryuk.register(runtime.programs(), new dev.drydock.engine.reaper.EngineReaper(this));
        this.execs = new ExecService(containers, config.ids());
        // Health probes run as execs on one scheduler thread; closed before the containers they probe.
        onClose(new dev.drydock.engine.health.HealthMonitor(containers, execs, config.clock()));
        this.stats = new dev.drydock.engine.containers.StatsSampler(config.clock(), networks, SystemService.memTotal(),
                Runtime.getRuntime().availableProcessors());
        ResetWiring.install(this);
        this.idsAtStart = config.ids().mark();
    }

    /** The engine's clock when it can be set and advanced (Drydock always gives one), else empty. */
    public java.util.Optional<ControllableClock> controllableClock() {
        return config.clock() instanceof ControllableClock c ? java.util.Optional.of(c) : java.util.Optional.empty();
    }

    /** Installs the source of planned failures and scripted health (the admin room's engine faults and stubs). */
    public void faultHooks(EngineFaultHooks hooks) {
        this.faultHooks = hooks == null ? EngineFaultHooks.NONE : hooks;
        containers.faultHooks(this.faultHooks);
    }

    /** The installed fault hooks ({@link EngineFaultHooks#NONE} by default). */
    public EngineFaultHooks faultHooks() {
        return faultHooks;
    }

    /** {@code docker exec}: exec instances in running containers. */
    public ExecService execs() {
        return execs;
    }

    /** {@code docker stats}: samples of containers' simulated resource usage. */
    public dev.drydock.engine.containers.StatsSampler stats() {
        return stats;
    }

    /** The simulated process runtime containers run in (register user programs on its registry). */
    public SimRuntime runtime() {
        return runtime;
    }

    /** Local images, the layer store and the simulated registry. */
    public ImageService images() {
        return images;
    }

    /** docker save / docker load archives. */
    public ImageArchive imageArchive() {
        return imageArchive;
    }

    public EngineConfig config() {
        return config;
    }

    public EventBus events() {
        return events;
    }

    public SystemService system() {
        return system;
    }

    /**
     * Registers a service's part of {@link #reset(ResetOptions)}; hooks run in registration order, so register
     * dependents first (containers before the images and volumes they use).
     *
     * @return a handle whose {@code close()} unregisters the hook
     */
    public AutoCloseable onReset(String name, ResetHook hook) {
        java.util.Map.Entry<String, ResetHook> entry = new java.util.AbstractMap.SimpleImmutableEntry<>(name, hook);
        resetHooks.add(entry);
        return () -> resetHooks.remove(entry);
    }

    /**
     * Back to a freshly started daemon: every registered hook runs, then the event history is forgotten and
     * open event streams end cleanly; a controllable clock goes back to its start, and seeded IDs continue
     * as after start (so a test sees the same IDs and names whichever tests ran before it). A failing hook does
     * not stop the others; the first failure is rethrown.
     */
    public void reset(ResetOptions options) {
        RuntimeException first = null;
        for (java.util.Map.Entry<String, ResetHook> h : resetHooks) {
            try {
                h.getValue().reset(options);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = new IllegalStateException("reset of " + h.getKey() + " failed: " + e.getMessage(), e);
                }
            }
        }
        events.reset();
        controllableClock().ifPresent(ControllableClock::reset);
        if (config.ids().seeded()) {
            config.ids().rewind(idsAtStart);
        }
        if (first != null) {
            throw first;
        }
    }

    /** The containers: registry and lifecycle. */
    public ContainerService containers() {
        return containers;
    }

    /** Networks, container endpoints, name resolution and published ports. */
    public NetworkService networks() {
        return networks;
    }

    /** The minimal single-node swarm. */
    public SwarmService swarm() {
        return swarm;
    }

    /** Volumes, their users, and the storage behind volume, bind and tmpfs mounts. */
    public VolumeService volumes() {
        return volumes;
    }

    /** Registers something to close with the engine; closed in reverse order of registration. */
    public synchronized void onClose(AutoCloseable resource) {
        closeables.push(resource);
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception ignored) {
                // Closing must go on for the rest: one stuck resource must not leak the others.
            }
        }
    }
}
