package dev.drydock.bench;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.admin.LoggedRequest;
import dev.drydock.build.BuildOptions;
import dev.drydock.build.BuildOutput;
import dev.drydock.build.BuildService;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The classic builder's cost: a 12-step Dockerfile with a 1 MB context built without cache and fully cached,
 * over HTTP (POST /build, context sent and the whole stream read) and in the engine alone (BuildService with the
 * context already in memory), median of N; and the heap a 100 MB context costs while it streams in (peak heap
 * over the baseline, against the context's size). Part of {@link ApiBenchmark}'s report for an embedded Drydock;
 * runs alone with {@code -Dexec.args="--only build"}.
 */
public final class BuildBenchmark {
    private static final int RUNS = 30;
    private static final int WARMUP = 15;
    static final String DOCKERFILE = """
            FROM busybox
            ARG VERSION=1.0
            ENV APP_HOME=/app MODE=bench
            LABEL org.example.version=$VERSION
            WORKDIR $APP_HOME
            COPY requirements.txt .
            RUN echo "installing $VERSION" && mkdir -p /app/lib && echo done > /app/lib/marker
            COPY src/ ./src/
            RUN ls src | wc -l > /app/count
            EXPOSE 8080
            ENTRYPOINT ["sh", "-c"]
            CMD ["cat /app/count"]
            """;

    private BuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run();
    }

    static void run() throws Exception {
        byte[] context = context();
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            d.engine().images().planPull("busybox", "latest", null, null).forEach(d.engine().images()::completePull);
            URI host = d.tcpUri();
            double[] cold = httpMillis(d, host, context, true);
            double[] cached = httpMillis(d, host, context, false);
            System.out.printf(Locale.ROOT, "build (HTTP, %d-step Dockerfile, %.1f MB context, median of %d):"
                    + " no cache: server %.1f ms (p90 %.1f), client %.1f ms (p90 %.1f), %.1f ms CPU per build;"
                    + " fully cached: server %.1f ms (p90 %.1f), client %.1f ms (p90 %.1f), %.1f ms CPU per build%n",
                    12, context.length / 1048576.0, RUNS, cold[2], cold[3], cold[0], cold[1], cold[4], cached[2],
                    cached[3], cached[0], cached[1], cached[4]);
            BuildService service = new BuildService(d.engine());
            double[] engineCold = engineMillis(service, context, true);
            double[] engineCached = engineMillis(service, context, false);
            System.out.printf(Locale.ROOT, "build (engine, no HTTP): no cache %.1f ms (p90 %.1f; %.1f ms CPU per"
                    + " build), fully cached %.1f ms (p90 %.1f; %.1f ms CPU per build)%n", engineCold[0],
                    engineCold[1], engineCold[2], engineCached[0], engineCached[1], engineCached[2]);
            streamLargeContext(host, 100);
        }
    }

    /** A 1 MB context: the Dockerfile, requirements.txt and 64 source files of 16 KB. */
    public static byte[] context() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Random random = new Random(42);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            add(tar, "Dockerfile", DOCKERFILE.getBytes(StandardCharsets.UTF_8));
            add(tar, "requirements.txt", "flask==3.0.0\nrequests==2.31.0\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 64; i++) {
                byte[] data = new byte[16 * 1024];
                random.nextBytes(data);
                add(tar, "src/module" + i + ".py", data);
            }
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /**
     * Median and p90 of POST /build as the client sees it (request sent to last byte read) and as the server spends
     * it (the request journal's duration: from the request reaching the handler, before its body is read, to the
     * response completed), and the JVM's CPU per build (client and server share it: an upper bound).
     */
    private static double[] httpMillis(Drydock d, URI host, byte[] context, boolean noCache) throws IOException {
        double[] client = new double[RUNS];
        double[] server = new double[RUNS];
        long cpu0 = 0;
        for (int i = -WARMUP; i < RUNS; i++) {
            if (i == 0) {
                cpu0 = processCpuNanos();
            }
            long t0 = System.nanoTime();
            String body = post(host, "/build?rm=1" + (noCache ? "&nocache=1" : ""), context);
            long nanos = System.nanoTime() - t0;
            if (!body.contains("Successfully built")) {
                throw new IllegalStateException("build failed: " + body);
            }
            if (i >= 0) {
                client[i] = nanos / 1e6;
                server[i] = serverNanos(d) / 1e6;
            }
        }
        double cpu = (processCpuNanos() - cpu0) / 1e6 / RUNS;
        double[] c = quantiles(client);
        double[] s = quantiles(server);
        return new double[] {c[0], c[1], s[0], s[1], cpu};
    }

    /** The journal's duration of the last POST /build (waiting for its completion to be recorded). */
    private static long serverNanos(Drydock d) {
        for (int spin = 0; spin < 1000; spin++) {
            List<LoggedRequest> builds = d.journal().find(r -> r.path().equals("/build"));
            LoggedRequest last = builds.isEmpty() ? null : builds.get(builds.size() - 1);
            if (last != null && last.completed()) {
                return last.durationNanos();
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the journal recorded no completed POST /build");
    }

    private static double[] engineMillis(BuildService service, byte[] context, boolean noCache) {
        BuildOptions defaults = BuildOptions.defaults();
        BuildOptions opts = new BuildOptions(null, List.of(), false, noCache, false, true, false, defaults.buildArgs(),
                defaults.labels(), null, null, null, List.of(), List.of(), defaults.auths());
        double[] t = new double[RUNS];
        long cpu0 = 0;
        for (int i = -WARMUP; i < RUNS; i++) {
            if (i == 0) {
                cpu0 = processCpuNanos();
            }
            long t0 = System.nanoTime();
            BuildService.Prepared p = service.prepare(new ByteArrayInputStream(context), context.length, opts);
            if (service.run(p, new BuildOutput(OutputStream.nullOutputStream(), false)) == null) {
                throw new IllegalStateException("build failed");
            }
            if (i >= 0) {
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] q = quantiles(t);
        return new double[] {q[0], q[1], (processCpuNanos() - cpu0) / 1e6 / RUNS};
    }

    /** CPU time of the whole JVM (every thread: the build, its RUN processes, GC): immune to a loaded machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double[] quantiles(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return new double[] {s[s.length / 2], s[(int) (s.length * 0.9)]};
    }

    private static String post(URI host, String path, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host.getHost() + ":" + host.getPort() + path)
                .toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-tar");
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends an {@code mb} MB context, generated while it is sent (the client holds none of it), with a Dockerfile that
     * does not copy it, and reports the peak heap over the baseline while the server receives and builds it.
     */
    static void streamLargeContext(URI host, int mb) throws Exception {
        System.gc();
        Thread.sleep(200);
        long base = usedHeap();
        resetPeaks();
        long t0 = System.nanoTime();
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host.getHost() + ":" + host.getPort()
                + "/build?rm=1").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-tar");
        c.setChunkedStreamingMode(65536);
        try (OutputStream out = c.getOutputStream();
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, "Dockerfile", "FROM busybox\nLABEL big=context\n".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1024 * 1024];
            new Random(7).nextBytes(chunk);
            for (int f = 0; f < mb / 10; f++) {
                TarArchiveEntry e = new TarArchiveEntry("data/part" + f + ".bin");
                e.setSize(10L * chunk.length);
                tar.putArchiveEntry(e);
                for (int i = 0; i < 10; i++) {
                    chunk[0] = (byte) i;
                    tar.write(chunk);
                }
                tar.closeArchiveEntry();
            }
        }
        String body;
        try (InputStream in = c.getInputStream()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        long peak = peakHeap();
        if (!body.contains("Successfully built")) {
            throw new IllegalStateException("build failed: " + body);
        }
        System.out.printf(Locale.ROOT, "build: %d MB context streamed and built in %.0f ms; peak heap over the"
                + " baseline %.0f MB (%.2fx the context; the context lives once, in the engine's in-memory"
                + " filesystem, until the build ends)%n", mb, ms, (peak - base) / 1048576.0,
                (peak - base) / (mb * 1048576.0));
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
