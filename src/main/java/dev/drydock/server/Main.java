package dev.drydock.server;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code drydock} command: flags shaped like dockerd's. */
@Command(name = "drydock", mixinStandardHelpOptions = true, version = "drydock 0.1.0",
        description = "A simulated Docker Engine API server for tests.")
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-H", "--host"}, description = "Address to listen on: tcp://HOST:PORT (port 0 picks a free one)"
            + " or unix:///path. Repeatable. Default: tcp://127.0.0.1:2375 and unix:///tmp/drydock.sock.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--debug", description = "Log every request: method, path, status, duration.")
    boolean debug;

    @Option(names = "--api-version", description = "Highest API version served (default: ${DEFAULT-VALUE}).")
    String apiVersion = DrydockConfig.DEFAULT_API_VERSION;

    @Option(names = "--min-api-version", description = "Lowest API version served (default: ${DEFAULT-VALUE}).")
    String minApiVersion = DrydockConfig.DEFAULT_MIN_API_VERSION;

    @Option(names = "--engine-version", description = "Engine version reported by /version (default: ${DEFAULT-VALUE}).")
    String engineVersion = DrydockConfig.DEFAULT_ENGINE_VERSION;

    @Option(names = "--id-seed", description = "Seed for generated IDs, for reproducible runs.")
    Long idSeed;

    @Option(names = "--ip", description = "Default host address published ports bind (default: ${DEFAULT-VALUE}).")
    String ip = "0.0.0.0";

    @Option(names = "--auth", description = "USER:PASSWORD that /auth accepts (repeatable); without it any login succeeds.")
    List<String> auth = new ArrayList<>();

    @Option(names = "--no-admin", description = "Serve a pure Engine API: no admin routes under /_drydock/.")
    boolean noAdmin;

    @Option(names = "--journal-size", description = "How many requests the request journal keeps; 0 turns it off"
            + " (default: ${DEFAULT-VALUE}).")
    int journalSize = 1000;

    @Option(names = "--bind-root", paramLabel = "DIR", description = "Host directory that bind mounts may reach"
            + " (repeatable). Without it: any path when listening only on loopback or a Unix socket, none otherwise.")
    List<java.nio.file.Path> bindRoots = new ArrayList<>();

    @Option(names = "--registry-mode", description = "default: any well-formed reference pulls (unknown ones as a"
            + " synthesized image); strict: only catalog, pushed, loaded and built images exist.")
    String registryMode = "default";

    @Option(names = "--seed", paramLabel = "FILE", description = "Start with the images, networks, volumes and"
            + " containers a JSON or YAML (.yaml/.yml) file describes; a reset returns to them (repeatable).")
    List<java.nio.file.Path> seeds = new ArrayList<>();

    @Option(names = "--fixed-clock", paramLabel = "TIME", description = "Start the engine clock frozen at this RFC 3339"
            + " time; it moves only through /_drydock/clock.")
    String fixedClock;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The server configuration the flags describe; a malformed flag is a usage error. */
    DrydockConfig config() {
        DrydockConfig.Builder b = DrydockConfig.builder()
                .apiVersion(apiVersion)
                .minApiVersion(minApiVersion)
                .engineVersion(engineVersion)
                .debug(debug)
                .portBindAddress(ip)
                .adminEnabled(!noAdmin)
                .journalSize(journalSize);
        if (hosts.isEmpty()) {
            b.host("tcp://127.0.0.1:2375").host("unix:///tmp/drydock.sock");
        } else {
            for (String h : hosts) {
                try {
                    ListenAddress.parse(h);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            b.hosts(hosts);
        }
        switch (registryMode) {
            case "default" -> b.registryMode(dev.drydock.registry.RegistryMode.DEFAULT);
            case "strict" -> b.registryMode(dev.drydock.registry.RegistryMode.STRICT);
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--registry-mode takes default or strict");
        }
        if (idSeed != null) {
            b.idSeed(idSeed);
        }
        for (String a : auth) {
            int colon = a.indexOf(':');
            if (colon < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--auth takes USER:PASSWORD");
            }
            b.credential(a.substring(0, colon), a.substring(colon + 1));
        }
        bindRoots.forEach(b::bindRoot);
        if (fixedClock != null) {
            try {
                b.fixedClock(java.time.Instant.parse(fixedClock));
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--fixed-clock takes an RFC 3339 time such as 2026-01-01T00:00:00Z, not " + fixedClock);
            }
        }
        for (java.nio.file.Path seed : seeds) {
            try {
                b.seed(seed);
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seed " + seed + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        DrydockConfig config = config();
        Drydock drydock;
        try {
            drydock = Drydock.start(config);
        } catch (IllegalArgumentException | dev.drydock.engine.EngineException e) {
            // A seed that does not apply: say which field, not a stack trace.
            System.err.println("drydock: --seed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run this: close the server, which removes its socket files.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            drydock.close();
            stopped.countDown();
        }, "drydock-shutdown"));
        for (URI uri : drydock.hosts()) {
            System.out.println("Drydock listening on " + uri);
        }
        System.out.println("API versions " + minApiVersion + " to " + apiVersion + ", Engine " + engineVersion);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
