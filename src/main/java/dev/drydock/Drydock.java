package dev.drydock;

import dev.drydock.admin.Admin;
import dev.drydock.admin.CountMatcher;
import dev.drydock.admin.Faults;
import dev.drydock.admin.LoggedRequest;
import dev.drydock.admin.RequestJournal;
import dev.drydock.admin.RequestPattern;
import dev.drydock.admin.Seed;
import dev.drydock.engine.ControllableClock;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.Ids;
import dev.drydock.engine.ResetOptions;
import dev.drydock.fs.BindRoots;
import dev.drydock.server.HttpServer;
import dev.drydock.server.ListenAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running Drydock server: a simulated Docker daemon in this JVM.
 *
 * <pre>{@code
 * try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
 *     URI host = d.tcpUri();   // point DOCKER_HOST or a client at it
 * }
 * }</pre>
 *
 * <p>Instances share nothing: several in one JVM are fully isolated.
 */
public final class Drydock implements AutoCloseable {
    private final Engine engine;
    private final Admin admin;
    private final HttpServer server;
    private final Path tempDir;

    private Drydock(Engine engine, Admin admin, HttpServer server, Path tempDir) {
        this.engine = engine;
        this.admin = admin;
        this.server = server;
        this.tempDir = tempDir;
    }

    /** Starts a server; with no hosts configured, on a free loopback TCP port and a Unix socket in a temp folder. */
    public static Drydock start(DrydockConfig config) {
        Path tempDir = null;
        List<ListenAddress> addresses = new ArrayList<>();
        for (String h : config.hosts()) {
            addresses.add(ListenAddress.parse(h));
        }
        if (addresses.isEmpty()) {
            try {
                tempDir = Files.createTempDirectory("drydock-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            addresses.add(ListenAddress.parse("tcp://127.0.0.1:0"));
            addresses.add(ListenAddress.parse("unix://" + tempDir.resolve("docker.sock")));
        }
        Ids ids = config.idSeed() == null ? Ids.random() : new Ids(config.idSeed());
        BindRoots bindRoots = BindRoots.forListeners(config.bindRoots(), loopbackOnly(addresses));
        Engine engine = new Engine(EngineConfig.builder()
                .versions(config.engineVersion(), config.apiVersion(), config.minApiVersion())
                .clock(config.fixedClock() != null ? ControllableClock.frozenAt(config.fixedClock())
                        : ControllableClock.of(config.clock()))
                .ids(ids)
                .debug(config.debug())
                .eventHistory(config.eventHistory())
                .credentials(config.credentials())
                .portBindAddress(config.portBindAddress())
                .bindRoots(bindRoots)
                .registryMode(config.registryMode())
                .maxArchiveBytes(config.maxArchiveBytes())
                .build());
        Admin admin = new Admin(engine, config.journalSize(), config.journalBodyLimit());
        try {
            config.programs().forEach(p -> p.accept(engine.runtime().programs()));
            for (Seed seed : config.seeds()) {
                admin.seedOnStart(seed);
            }
        } catch (RuntimeException e) {
            engine.close();
            if (tempDir != null) {
                tempDir.toFile().delete();
            }
            throw e;
        }
        HttpServer server = HttpServer.start(config, engine, addresses, admin);
        return new Drydock(engine, admin, server, tempDir);
    }

    /** True when no listener is reachable from another machine: Unix sockets and loopback TCP only. */
    private static boolean loopbackOnly(List<ListenAddress> addresses) {
        for (ListenAddress a : addresses) {
            if (a.isUnix()) {
                continue;
            }
            try {
                if (!InetAddress.getByName(a.host()).isLoopbackAddress()) {
                    return false;
                }
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }

    /** Starts a server with the embedded defaults. */
    public static Drydock start() {
        return start(DrydockConfig.defaults());
    }

    /** Every Docker host URI this server answers on ({@code tcp://...}, {@code unix://...}). */
    public List<URI> hosts() {
        return server.uris();
    }

    /** The first TCP address, as {@code tcp://127.0.0.1:PORT}. */
    public URI tcpUri() {
        return hosts().stream().filter(u -> u.getScheme().equals("tcp")).findFirst()
                .orElseThrow(() -> new IllegalStateException("not listening on TCP"));
    }

    /** The first Unix socket address, if any, as {@code unix:///path}. */
    public Optional<URI> unixUri() {
        return hosts().stream().filter(u -> u.getScheme().equals("unix")).findFirst();
    }

    /** The first TCP port. */
    public int port() {
        return tcpUri().getPort();
    }

    /** The simulated daemon's state. */
    public Engine engine() {
        return engine;
    }

    /** The fault rules: {@code drydock.faults().add(Fault.on("POST", "/images/create").respond(500).times(2))}. */
    public Faults faults() {
        return admin.faults();
    }

    /**
     * Faults inside the daemon: {@code drydock.engineFaults().add(EngineFault.oomKilled().forImage("acme/api")
     * .after(Duration.ofSeconds(1)))}; also exits, rate-limited pulls, disk-full creates.
     */
    public dev.drydock.admin.EngineFaults engineFaults() {
        return admin.engineFaults();
    }

    /**
     * Scripted containers: {@code drydock.stubs().add(Stub.forImage("acme/api").stdout("ready").exitWith(3))}.
     */
    public dev.drydock.admin.Stubs stubs() {
        return admin.stubs();
    }

    /** Every Engine API request received (admin requests excluded), newest kept. */
    public RequestJournal journal() {
        return admin.journal();
    }

    /** The test-double side as one object: faults, journal, verification, reset (what the admin API serves). */
    public Admin admin() {
        return admin;
    }

    /**
     * Fails with a diff-style {@link dev.drydock.admin.VerificationException} unless the journal holds the expected
     * number of matching requests: {@code verify(exactly(1), postRequestedFor(urlPathMatching("/containers/.*}{@code /start")))}.
     */
    public void verify(CountMatcher expected, RequestPattern pattern) {
        admin.verify(expected, pattern);
    }

    /** Fails unless at least one recorded request matches. */
    public void verify(RequestPattern pattern) {
        admin.verify(pattern);
    }

    /** The recorded requests matching the pattern, oldest first. */
    public List<LoggedRequest> findAll(RequestPattern pattern) {
        return admin.findAll(pattern);
    }

    /** Back to a freshly started server: journal, faults, scenarios, events and every resource forgotten. */
    public void reset() {
        admin.reset(ResetOptions.everything());
    }

    /** As {@link #reset()}, with options (keep images). */
    public void reset(ResetOptions options) {
        admin.reset(options);
    }

    /**
     * Creates what the seed describes, all or nothing: images, networks, volumes with files, containers in given
     * states (see {@link Seed}). A reset forgets it again (unlike the config's start seeds).
     *
     * @return what was made (see {@link Admin#seed})
     */
    public java.util.Map<String, Object> seed(Seed seed) {
        return admin.seed(seed);
    }

    /** The engine clock: {@code clock().set(instant)}, {@code clock().advance(Duration.ofMinutes(5))}. */
    public ControllableClock clock() {
        return admin.clock();
    }

    /** The HTTP server (for its served routes). */
    public HttpServer httpServer() {
        return server;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        if (tempDir != null) {
            try (var files = Files.walk(tempDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temp folder left behind is harmless.
            }
        }
    }
}
