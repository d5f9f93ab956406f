package dev.drydock;

import java.nio.file.Path;
import dev.drydock.registry.RegistryMode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a Drydock server is set up: where it listens, which API versions it serves, and what it reports.
 *
 * <p>Immutable; build one with {@link #builder()}.
 */
public final class DrydockConfig {
    /** The highest API version served by default, as Engine 29.7 does. */
    public static final String DEFAULT_API_VERSION = "1.55";
    /** The lowest API version served by default. */
    public static final String DEFAULT_MIN_API_VERSION = "1.24";
    /** The Engine version reported by default. */
    public static final String DEFAULT_ENGINE_VERSION = "29.7.2";

    private final List<String> hosts;
    private final String apiVersion;
    private final String minApiVersion;
    private final String engineVersion;
    private final boolean debug;
    private final Clock clock;
    private final Long idSeed;
    private final int eventHistory;
    private final Map<String, String> credentials;
    private final long maxRequestBodyBytes;
    private final boolean adminEnabled;
    private final int journalSize;
    private final int journalBodyLimit;
    private final RegistryMode registryMode;
    private final long maxArchiveBytes;
    private final String portBindAddress;
    private final List<Path> bindRoots;
    private final java.time.Instant fixedClock;
    private final List<dev.drydock.admin.Seed> seeds;
    private final List<java.util.function.Consumer<dev.drydock.runtime.ProgramRegistry>> programs;

    private DrydockConfig(Builder b) {
        this.hosts = List.copyOf(b.hosts);
        this.apiVersion = b.apiVersion;
        this.minApiVersion = b.minApiVersion;
        this.engineVersion = b.engineVersion;
        this.debug = b.debug;
        this.clock = b.clock;
        this.idSeed = b.idSeed;
        this.eventHistory = b.eventHistory;
        this.credentials = Map.copyOf(b.credentials);
        this.maxRequestBodyBytes = b.maxRequestBodyBytes;
        this.adminEnabled = b.adminEnabled;
        this.journalSize = b.journalSize;
        this.journalBodyLimit = b.journalBodyLimit;
        this.registryMode = b.registryMode;
        this.maxArchiveBytes = b.maxArchiveBytes;
        this.portBindAddress = b.portBindAddress;
        this.bindRoots = List.copyOf(b.bindRoots);
        this.fixedClock = b.fixedClock;
        this.seeds = List.copyOf(b.seeds);
        this.programs = List.copyOf(b.programs);
    }

    /** A builder with the embedded defaults: TCP on a free loopback port plus a Unix socket in a temp folder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The embedded defaults. */
    public static DrydockConfig defaults() {
        return builder().build();
    }

    /** Listen addresses as dockerd's {@code -H} takes them; empty means the embedded default. */
    public List<String> hosts() {
        return hosts;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String minApiVersion() {
        return minApiVersion;
    }

    public String engineVersion() {
        return engineVersion;
    }

    public boolean debug() {
        return debug;
    }

    public Clock clock() {
        return clock;
    }

    /** The seed for generated IDs; null for random IDs as a real daemon has. */
    public Long idSeed() {
        return idSeed;
    }

    public int eventHistory() {
        return eventHistory;
    }

    /** Registry credentials that {@code /auth} accepts; empty accepts any. */
    public Map<String, String> credentials() {
        return credentials;
    }

    /** The largest JSON request body accepted. */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** Whether the admin REST API answers under {@code /_drydock/} (faults and journal work from Java either way). */
    public boolean adminEnabled() {
        return adminEnabled;
    }

    /** How many requests the journal keeps; 0 turns it off. */
    public int journalSize() {
        return journalSize;
    }

    /** How many body bytes the journal keeps per request. */
    public int journalBodyLimit() {
        return journalBodyLimit;
    }

    /** Which references a pull finds: any well-formed one by default, only known images when strict. */
    public RegistryMode registryMode() {
        return registryMode;
    }

    /** The most content an image load or import may unpack; bigger archives are refused. */
    public long maxArchiveBytes() {
        return maxArchiveBytes;
    }

    /**
     * The host address published container ports bind when a binding names none: {@code 0.0.0.0} by default
     * (as dockerd), {@code 127.0.0.1} to keep them off the network.
     */
    public String portBindAddress() {
        return portBindAddress;
    }

    /**
     * Host directories bind mounts may reach ({@code --bind-root}). Empty means: any path when every listener is
     * loopback or a Unix socket (as dockerd), none when Drydock listens on the network (see
     * {@link dev.drydock.fs.BindRoots} for why).
     */
    public List<Path> bindRoots() {
        return bindRoots;
    }

    /** The instant a server's clock starts frozen at ({@code fixedClock}), or null for the running clock. */
    public java.time.Instant fixedClock() {
        return fixedClock;
    }

    /** What a server starts with and returns to on every reset (images, networks, volumes, containers, clock). */
    public List<dev.drydock.admin.Seed> seeds() {
        return seeds;
    }

    /** Program registrations each server runs on its runtime's registry before the seeds are applied. */
    public List<java.util.function.Consumer<dev.drydock.runtime.ProgramRegistry>> programs() {
        return programs;
    }

    /** Builds a {@link DrydockConfig}. */
    public static final class Builder {
        private final List<String> hosts = new ArrayList<>();
        private String apiVersion = DEFAULT_API_VERSION;
        private String minApiVersion = DEFAULT_MIN_API_VERSION;
        private String engineVersion = DEFAULT_ENGINE_VERSION;
        private boolean debug;
        private Clock clock = Clock.systemUTC();
        private Long idSeed;
        private int eventHistory = 1024;
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private long maxRequestBodyBytes = 16L * 1024 * 1024;
        private boolean adminEnabled = true;
        private int journalSize = 1000;
        private int journalBodyLimit = 16 * 1024;
        private RegistryMode registryMode = RegistryMode.DEFAULT;
        private long maxArchiveBytes = 1L << 30;
        private String portBindAddress = "0.0.0.0";
        private final List<Path> bindRoots = new ArrayList<>();
        private java.time.Instant fixedClock;
        private final List<dev.drydock.admin.Seed> seeds = new ArrayList<>();
        private final List<java.util.function.Consumer<dev.drydock.runtime.ProgramRegistry>> programs =
                new ArrayList<>();

        private Builder() {
        }

        /**
         * Starts each server's clock frozen at {@code start}: it moves only when a test sets or advances it
         * ({@code drydock.clock()}, {@code /_drydock/clock}), and a reset brings it back to {@code start}.
         */
        public Builder fixedClock(java.time.Instant start) {
            this.fixedClock = start;
            return this;
        }

        /**
         * Registers programs on each server's runtime (before the seeds run, so seeded containers run them):
         * {@code programs(r -> r.registerProgram("greet", ctx -> { ctx.out("hi\n"); return 0; }))}.
         */
        public Builder programs(java.util.function.Consumer<dev.drydock.runtime.ProgramRegistry> registration) {
            programs.add(registration);
            return this;
        }

        /** Containers of {@code image} run {@code program} as their main process, whatever their command. */
        public Builder imageProgram(String image, dev.drydock.runtime.ContainerProgram program) {
            return programs(r -> r.registerImage(image, program));
        }

        /**
         * State to create at start and again after every reset (repeatable; applied in order). Its shape is checked
         * here: a bad field is an {@link IllegalArgumentException} naming it.
         */
        public Builder seed(dev.drydock.admin.Seed seed) {
            seeds.add(seed.validate());
            return this;
        }

        /** A seed file, JSON or YAML ({@code .yaml}/{@code .yml}); read now, so a bad file fails here. */
        public Builder seed(Path file) {
            seeds.add(dev.drydock.admin.Seed.fromFile(file).validate());
            return this;
        }

        /** Allows bind mounts of this host directory and everything under it (repeatable). */
        public Builder bindRoot(Path dir) {
            bindRoots.add(dir);
            return this;
        }

        /** {@link RegistryMode#STRICT}: only catalog, pushed, loaded and built images can be pulled. */
        public Builder registryMode(RegistryMode mode) {
            this.registryMode = mode;
            return this;
        }

        /** The most content an image load or import may unpack (default 1 GiB). */
        public Builder maxArchiveBytes(long n) {
            this.maxArchiveBytes = n;
            return this;
        }

        /** Adds a listen address: {@code tcp://HOST:PORT} (port 0 picks a free one) or {@code unix:///path}. */
        public Builder host(String host) {
            hosts.add(host);
            return this;
        }

        public Builder hosts(List<String> list) {
            hosts.addAll(list);
            return this;
        }

        public Builder apiVersion(String v) {
            this.apiVersion = v;
            return this;
        }

        public Builder minApiVersion(String v) {
            this.minApiVersion = v;
            return this;
        }

        public Builder engineVersion(String v) {
            this.engineVersion = v;
            return this;
        }

        public Builder debug(boolean d) {
            this.debug = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Builder idSeed(long seed) {
            this.idSeed = seed;
            return this;
        }

        public Builder eventHistory(int n) {
            this.eventHistory = n;
            return this;
        }

        /** Makes {@code /auth} accept only these credentials. */
        public Builder credential(String user, String password) {
            credentials.put(user, password);
            return this;
        }

        public Builder maxRequestBodyBytes(long n) {
            this.maxRequestBodyBytes = n;
            return this;
        }

        /** Turns the admin REST API under {@code /_drydock/} on (default) or off, for a pure Engine surface. */
        public Builder adminEnabled(boolean enabled) {
            this.adminEnabled = enabled;
            return this;
        }

        /** How many requests the journal keeps (default 1000); 0 turns it off. */
        public Builder journalSize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("journalSize must not be negative: " + n);
            }
            this.journalSize = n;
            return this;
        }

        /** How many body bytes the journal keeps per request (default 16 KiB). */
        public Builder journalBodyLimit(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("journalBodyLimit must not be negative: " + bytes);
            }
            this.journalBodyLimit = bytes;
            return this;
        }

        /** The host address published ports bind by default (dockerd's {@code --ip}); {@code 0.0.0.0} unless set. */
        public Builder portBindAddress(String address) {
            this.portBindAddress = address;
            return this;
        }

        public DrydockConfig build() {
            return new DrydockConfig(this);
        }
    }
}
