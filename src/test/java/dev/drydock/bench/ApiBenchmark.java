package dev.drydock.bench;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Drydock's load benchmark: start-to-first-ping of an embedded server, then GET /_ping and GET /version
 * throughput and latency over keep-alive loopback connections, then (embedded only) the image catalog's
 * pull, tag and list times ({@link ImageCatalogBenchmark}), networks ({@link NetworkBenchmark}) and builds
 * ({@link BuildBenchmark}). A measuring tool, not a test: run it with
 * <pre>mvn -q test-compile exec:java</pre> (see README), optionally with
 * {@code -Dexec.args="--host unix:///tmp/drydock-ref/docker.sock"} to measure a real Engine the same way.
 *
 * <p>Options: {@code --host URI} (default: an embedded Drydock), {@code --connections N} (8),
 * {@code --seconds N} per endpoint (5), {@code --warmup N} seconds (8: the JIT needs that long before the first endpoint measured is not penalised), {@code --starts N} (5),
 * {@code --only a,b} to run only some sections ({@value #SECTIONS}; default all), {@code --reference-host URI}
 * (or the environment's {@code DRYDOCK_BENCH_REFERENCE_HOST}): an Engine the {@code cli} section compares with.
 */
public final class ApiBenchmark {
    private URI host;
    private int connections = 8;
    private int seconds = 5;
    private int warmup = 8;
    private int starts = 5;
    /** Section names for {@code --only}. */
    static final String SECTIONS = "api,images,volumes,networks,build,admin,exec,lifecycle,containers,shell,cli";
    private java.util.Set<String> only = java.util.Set.of(SECTIONS.split(","));
    private URI reference = System.getenv("DRYDOCK_BENCH_REFERENCE_HOST") == null
            || System.getenv("DRYDOCK_BENCH_REFERENCE_HOST").isEmpty() ? null
            : URI.create(System.getenv("DRYDOCK_BENCH_REFERENCE_HOST"));

    public static void main(String[] args) throws Exception {
        ApiBenchmark b = new ApiBenchmark();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> b.host = URI.create(args[++i]);
                case "--connections" -> b.connections = Integer.parseInt(args[++i]);
                case "--seconds" -> b.seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> b.warmup = Integer.parseInt(args[++i]);
                case "--starts" -> b.starts = Integer.parseInt(args[++i]);
                case "--only" -> b.only = b.sections(args[++i]);
                case "--reference-host" -> b.reference = URI.create(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        b.run();
    }

    private java.util.Set<String> sections(String list) {
        java.util.Set<String> known = java.util.Set.of(SECTIONS.split(","));
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String s : list.split(",")) {
            if (!known.contains(s.trim())) {
                throw new IllegalArgumentException("unknown section " + s + " (sections: " + SECTIONS + ")");
            }
            out.add(s.trim());
        }
        return out;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Drydock API benchmark: %d cores, Java %s, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Drydock embedded = null;
        URI target = host;
        if (target == null) {
            if (only.contains("api")) {
                startup();
            }
            embedded = Drydock.start(DrydockConfig.defaults());
            target = embedded.tcpUri();
        }
        try {
            if (only.contains("api")) {
                api(target, embedded);
            }
            if (embedded != null) {
                if (only.contains("images")) {
                    ImageCatalogBenchmark.run();
                }
                if (only.contains("volumes")) {
                    VolumesBenchmark.run();
                }
                if (only.contains("networks")) {
                    NetworkBenchmark.run();
                }
                if (only.contains("build")) {
                    BuildBenchmark.run();
                }
                if (only.contains("admin")) {
                    AdminBenchmark.run();
                }
                ContainerBenchmark containers = new ContainerBenchmark(connections, warmup, seconds);
                if (only.contains("exec")) {
                    containers.exec();
                }
                if (only.contains("lifecycle")) {
                    containers.lifecycle();
                }
                if (only.contains("containers")) {
                    containers.many();
                }
                if (only.contains("shell")) {
                    ShellBenchmark.run();
                }
                if (only.contains("cli")) {
                    containers.cli(reference, starts * 2);
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** GET /_ping and GET /version, one connection and {@code connections} at once. */
    private void api(URI target, Drydock embedded) throws Exception {
        double bare = baselineMillis();
        System.out.printf(Locale.ROOT, "target: %s%n", embedded != null ? "embedded Drydock " + target : target);
        System.out.printf(Locale.ROOT, "%-12s %8s %9s %9s %12s %9s %9s%n", "endpoint", "1-conn", "p50 ms",
                "p99 ms", connections + "-conn req/s", "p50 ms", "p99 ms");
        for (String path : new String[]{"/_ping", "/version"}) {
            // The concurrent run first: its warm-up also gets the JIT past this endpoint's code.
            KeepAliveLoad.Result load = concurrent(target, path);
            LatencyHistogram seq = sequential(target, path);
            System.out.printf(Locale.ROOT, "GET %-8s %8s %9.3f %9.3f %12.0f %9.3f %9.3f%n", path, "",
                    seq.quantileMillis(0.5), seq.quantileMillis(0.99), load.perSecond(),
                    load.latency().quantileMillis(0.5), load.latency().quantileMillis(0.99));
            System.out.printf(Locale.ROOT, "  server time p50 (1-conn round trip minus a bare socket's %.3f ms): %.3f ms%n",
                    bare, Math.max(0, seq.quantileMillis(0.5) - bare));
        }
    }

    /** In-JVM start to the first successful GET /_ping, the first (cold) and the following (warm) starts. */
    private void startup() throws Exception {
        long[] millis = new long[starts];
        byte[] ping = BenchConnection.request("GET", "/_ping");
        for (int i = 0; i < starts; i++) {
            long t0 = System.nanoTime();
            try (Drydock d = Drydock.start(DrydockConfig.defaults());
                 BenchConnection c = BenchConnection.open(d.tcpUri())) {
                int status = c.exchange(ping);
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
                if (status != 200) {
                    throw new IllegalStateException("first ping answered " + status);
                }
            }
        }
        long[] warm = Arrays.copyOfRange(millis, 1, millis.length);
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "start to first ping: first (cold JVM) %d ms, later starts median %s ms (all: %s)%n",
                millis[0], warm.length == 0 ? "-" : Long.toString(warm[warm.length / 2]), Arrays.toString(millis));
    }

    /** Sequential keep-alive requests on one connection: the round trip of one request at a time. */
    private LatencyHistogram sequential(URI target, String path) throws Exception {
        byte[] req = BenchConnection.request("GET", path);
        LatencyHistogram h = new LatencyHistogram();
        try (BenchConnection c = BenchConnection.open(target)) {
            long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                check(c.exchange(req), path);
            }
            long end = System.nanoTime() + Math.max(1, seconds / 2) * 1_000_000_000L;
            long t;
            while ((t = System.nanoTime()) < end) {
                check(c.exchange(req), path);
                h.record(System.nanoTime() - t);
            }
        }
        return h;
    }

    /** {@code connections} threads, each with one keep-alive connection, for {@code seconds} after a warm-up. */
    private KeepAliveLoad.Result concurrent(URI target, String path) throws Exception {
        return KeepAliveLoad.run(target, BenchConnection.request("GET", path), connections, warmup, seconds,
                status -> check(status, path));
    }

    /**
     * The p50 round trip of a bare loopback socket that answers a fixed response without any HTTP stack: what a
     * request costs the client and kernel alone, so the rest of Drydock's round trip is its server time.
     */
    private double baselineMillis() throws Exception {
        byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK".getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    int state = 0;
                    int c;
                    while ((c = in.read()) >= 0) {
                        // Ends of requests are the blank line: CR LF CR LF.
                        state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                                ? state + 1 : 0;
                        if (state == 4) {
                            out.write(answer);
                            out.flush();
                            state = 0;
                        }
                    }
                } catch (Exception ignored) {
                    // The benchmark closed the connection.
                }
            }, "bench-baseline");
            t.start();
            LatencyHistogram h = sequential(URI.create("tcp://127.0.0.1:" + server.getLocalPort()), "/_ping");
            return h.quantileMillis(0.5);
        }
    }

    private static void check(int status, String path) {
        if (status != 200) {
            throw new IllegalStateException("GET " + path + " answered " + status);
        }
    }
}
