package dev.drydock.engine;

import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.engine.containers.ContainerViews;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's own identity and totals: /version, /info, /system/df and /auth.
 */
public final class SystemService {
    /** The Go toolchain the simulated Engine reports, matching the Engine version it claims to be. */
    static final String GO_VERSION = "go1.25.5";
    static final String GIT_COMMIT = "d1ydck0";

    private final Engine engine;
    private final String engineId;
    private final Instant buildTime;
    private volatile java.util.function.Supplier<List<Map<String, Object>>> buildCache = List::of;

    SystemService(Engine engine) {
        this.engine = engine;
        this.engineId = engine.config().ids().newEngineId();
        this.buildTime = engine.config().clock().instant();
    }

    /** The Server header value: {@code Docker/VERSION (linux)}. */
    public String serverHeader() {
        return "Docker/" + engine.config().engineVersion() + " (linux)";
    }

    /** The body of {@code GET /version}. */
    public Map<String, Object> version() {
        EngineConfig c = engine.config();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", c.apiVersion());
        details.put("Arch", goArch());
        details.put("BuildTime", goTime(buildTime));
        details.put("Experimental", "false");
        details.put("GitCommit", GIT_COMMIT);
        details.put("GoVersion", GO_VERSION);
        details.put("KernelVersion", kernelVersion());
        details.put("MinAPIVersion", c.minApiVersion());
        details.put("Os", "linux");

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Platform", Map.of("Name", "Drydock (simulated Docker Engine)"));
        body.put("Components", List.of(
                component("Engine", c.engineVersion(), details),
                component("containerd", "v2.2.1", Map.of("GitCommit", "dea7da592f5d1d2b7755e3a161be07f43fad8f75")),
                component("runc", "1.3.4", Map.of("GitCommit", "v1.3.4-0-gd6d73eb8")),
                component("docker-init", "0.19.0", Map.of("GitCommit", "de40ad0"))));
        body.put("Version", c.engineVersion());
        body.put("ApiVersion", c.apiVersion());
        body.put("MinAPIVersion", c.minApiVersion());
        body.put("GitCommit", GIT_COMMIT);
        body.put("GoVersion", GO_VERSION);
        body.put("Os", "linux");
        body.put("Arch", goArch());
        body.put("KernelVersion", kernelVersion());
        body.put("BuildTime", goTime(buildTime));
        return body;
    }

    /** A build time as the daemon prints it: {@code 2026-05-07T21:09:36.000000000+00:00}. */
    private static String goTime(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    private static Map<String, Object> component(String name, String version, Map<String, ?> details) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Version", version);
        m.put("Details", details);
        return m;
    }

    /** The body of {@code GET /info}, with live totals. */
    public Map<String, Object> info() {
        EngineConfig c = engine.config();
        ResourceTotals t = totals();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", engineId);
        m.put("Containers", t.containers());
        m.put("ContainersRunning", t.containersRunning());
        m.put("ContainersPaused", t.containersPaused());
        m.put("ContainersStopped", t.containers() - t.containersRunning() - t.containersPaused());
        m.put("Images", t.images());
        m.put("Driver", "overlay2");
        m.put("DriverStatus", List.of(List.of("Backing Filesystem", "jimfs"), List.of("Supports d_type", "true"),
                List.of("Using metacopy", "false"), List.of("Native Overlay Diff", "true"),
                List.of("userxattr", "false")));
        m.put("DockerRootDir", "/var/lib/docker");
        Map<String, Object> plugins = new LinkedHashMap<>();
        plugins.put("Volume", List.of("local"));
        plugins.put("Network", List.of("bridge", "host", "ipvlan", "macvlan", "null", "overlay"));
        plugins.put("Authorization", null);
        plugins.put("Log", List.of("awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local",
                "splunk", "syslog"));
        m.put("Plugins", plugins);
        m.put("MemoryLimit", true);
        m.put("SwapLimit", true);
        m.put("CpuCfsPeriod", true);
        m.put("CpuCfsQuota", true);
        m.put("CPUShares", true);
        m.put("CPUSet", true);
        m.put("PidsLimit", true);
        m.put("OomKillDisable", false);
        m.put("IPv4Forwarding", true);
        m.put("Debug", c.debug());
        m.put("NFd", 24 + engine.events().listenerCount());
        m.put("NGoroutines", 40 + engine.events().listenerCount());
        m.put("SystemTime", c.clock().instant().toString());
        m.put("LoggingDriver", "json-file");
        m.put("CgroupDriver", "systemd");
        m.put("CgroupVersion", "2");
        m.put("NEventsListener", engine.events().listenerCount());
        m.put("KernelVersion", kernelVersion());
        m.put("OperatingSystem", "Drydock (simulated Docker Engine)");
        m.put("OSVersion", "");
        m.put("OSType", "linux");
        m.put("Architecture", unameArch());
        m.put("NCPU", Runtime.getRuntime().availableProcessors());
        m.put("MemTotal", memTotal());
        m.put("IndexServerAddress", "https://index.docker.io/v1/");
        Map<String, Object> registry = new LinkedHashMap<>();
        registry.put("InsecureRegistryCIDRs", List.of("::1/128", "127.0.0.0/8"));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("Name", "docker.io");
        index.put("Mirrors", List.of());
        index.put("Secure", true);
        index.put("Official", true);
        registry.put("IndexConfigs", Map.of("docker.io", index));
        registry.put("Mirrors", null);
        m.put("RegistryConfig", registry);
        m.put("GenericResources", null);
        m.put("HttpProxy", "");
        m.put("HttpsProxy", "");
        m.put("NoProxy", "");
        m.put("Name", "drydock");
        m.put("Labels", List.of());
        m.put("ExperimentalBuild", false);
        m.put("ServerVersion", c.engineVersion());
        Map<String, Object> runtimes = new LinkedHashMap<>();
        runtimes.put("io.containerd.runc.v2", Map.of("path", "runc", "status",
                Map.of("org.opencontainers.runtime-spec.features", "{}")));
        runtimes.put("runc", Map.of("path", "runc", "status", Map.of("org.opencontainers.runtime-spec.features", "{}")));
        m.put("Runtimes", runtimes);
        m.put("DefaultRuntime", "runc");
        m.put("Swarm", engine.swarm().info());
        m.put("LiveRestoreEnabled", false);
        m.put("Isolation", "");
        m.put("InitBinary", "docker-init");
        m.put("ContainerdCommit", Map.of("ID", "dea7da592f5d1d2b7755e3a161be07f43fad8f75"));
        m.put("RuncCommit", Map.of("ID", "v1.3.4-0-gd6d73eb8"));
        m.put("InitCommit", Map.of("ID", "de40ad0"));
        m.put("SecurityOptions", List.of("name=seccomp,profile=builtin", "name=cgroupns"));
        m.put("DefaultAddressPools", List.of(Map.of("Base", "172.17.0.0/16", "Size", 16),
                Map.of("Base", "192.168.0.0/16", "Size", 20)));
        m.put("FirewallBackend", Map.of("Driver", "iptables"));
        m.put("CDISpecDirs", List.of("/etc/cdi", "/var/run/cdi"));
        Map<String, Object> containerd = new LinkedHashMap<>();
        containerd.put("Address", "/run/containerd/containerd.sock");
        containerd.put("Namespaces", Map.of("Containers", "moby", "Plugins", "plugins.moby"));
        m.put("Containerd", containerd);
        m.put("Warnings", null);
        return m;
    }

    /** The totals that /info and /system/df report; each resource service contributes its own. */
    public ResourceTotals totals() {
        int containers = 0;
        int running = 0;
        int paused = 0;
        for (Container c : engine.containers().all()) {
            containers++;
            if (c.status() == ContainerStatus.PAUSED) {
                paused++;
            } else if (c.status() == ContainerStatus.RUNNING || c.status() == ContainerStatus.RESTARTING) {
                running++;
            }
        }
        return new ResourceTotals(containers, running, paused, engine.images().count());
    }

    /** Sets where the build cache's records come from (the builder registers its step cache). */
    public void setBuildCache(java.util.function.Supplier<List<Map<String, Object>>> records) {
        this.buildCache = records == null ? List::of : records;
    }

    /** The disk usage report; the HTTP layer renders it in the shape the client's API version expects. */
    public DiskUsage diskUsage() {
        ImageService images = engine.images();
        List<Map<String, Object>> rows = images.summaries(images.list(Filters.empty(), true), true);
        List<Map<String, Object>> containers = new java.util.ArrayList<>();
        Instant now = engine.config().clock().instant();
        for (Container c : engine.containers().all()) {
            containers.add(ContainerViews.summary(c, true, now, engine.networks(), null));
        }
        return new DiskUsage(images.layersSize(), rows, containers, engine.volumes().diskUsage(),
                buildCache.get());
    }

    /**
     * Checks registry credentials as {@code POST /auth} does: any are accepted unless credentials are configured.
     *
     * @return the status text Docker answers with
     */
    public String authenticate(String username, String password, String serverAddress) {
        Map<String, String> known = engine.config().credentials();
        if (!known.isEmpty()) {
            String expected = username == null ? null : known.get(username);
            if (expected == null || !expected.equals(password)) {
                throw EngineException.unauthorized("Get \"" + registryEndpoint(serverAddress)
                        + "\": unauthorized: incorrect username or password");
            }
        }
        return "Login Succeeded";
    }

    /** The registry's v2 endpoint the daemon would have tried: Docker Hub for an empty or Docker Hub address. */
    static String registryEndpoint(String serverAddress) {
        String host = serverAddress == null ? "" : serverAddress.trim().replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (host.isEmpty() || host.equals("docker.io") || host.equals("index.docker.io")
                || host.equals("registry-1.docker.io")) {
            host = "registry-1.docker.io";
        }
        return "https://" + host + "/v2/";
    }

    private static String goArch() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static String unameArch() {
        return goArch().equals("arm64") ? "aarch64" : "x86_64";
    }

    private static String kernelVersion() {
        return System.getProperty("os.version", "6.1.0");
    }

    static long memTotal() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Live totals of the daemon's objects. */
    public record ResourceTotals(int containers, int containersRunning, int containersPaused, int images) {
    }

    /**
     * Disk usage: each item list holds the objects in Docker's summary shape (as the list endpoints render them).
     */
    public record DiskUsage(long layersSize, List<Map<String, Object>> images, List<Map<String, Object>> containers,
                            List<Map<String, Object>> volumes, List<Map<String, Object>> buildCache) {
    }
}
