package dev.drydock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.admin.Fault;
import dev.drydock.admin.Seed;
import dev.drydock.api.Json;
import dev.drydock.engine.networks.NetworkCreateRequest;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What the test-double powers cost: (a) the per-request overhead of the interception point with 100 fault rules
 * that do not match and the journal on, against a server with the admin API off and no journal (goal ≤ 10 µs);
 * (b) what a JUnit test pays for isolation: starting a server, and a reset with state present (goal ≤ 5 ms).
 * Part of {@link ApiBenchmark}'s report for an embedded Drydock; alone:
 * <pre>mvn -q test-compile exec:java -Dexec.args="--only admin"</pre>
 */
final class AdminBenchmark {
    private static final int ROUNDS = 10;
    private static final int PER_ROUND = 20_000;
    private static final int RESETS = 200;

    private AdminBenchmark() {
    }

    static void run() throws Exception {
        interceptionOverhead();
        startAndReset();
    }

    /** 100 rules in the same mix as the guard test: globs, regexes, ANY and exact methods, none matching. */
    private static void addRules(Drydock d) {
        for (int i = 0; i < 100; i++) {
            switch (i % 4) {
                case 0 -> d.faults().add(Fault.on("POST", "/containers/*/kill" + i).respond(500));
                case 1 -> d.faults().add(Fault.onRegex("GET", "/images/.*/json" + i).respond(500));
                case 2 -> d.faults().add(Fault.onRegex("ANY", "/(networks|volumes)/x" + i).respond(500));
                default -> d.faults().add(Fault.on("ANY", "/exec/" + i + "/start").respond(500));
            }
        }
    }

    /**
     * Mean round trip of {@code GET /_ping} over one keep-alive connection to each server, the two servers asked
     * in turn; the overhead is the median of the per-round differences of the means.
     */
    private static void interceptionOverhead() throws Exception {
        try (Drydock on = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").journalSize(1000).build());
             Drydock off = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").adminEnabled(false)
                     .journalSize(0).build());
             BenchConnection withRules = BenchConnection.open(on.tcpUri());
             BenchConnection bare = BenchConnection.open(off.tcpUri())) {
            addRules(on);
            byte[] ping = BenchConnection.request("GET", "/v1.41/_ping");
            long warmEnd = System.nanoTime() + 8_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                withRules.exchange(ping);
                bare.exchange(ping);
            }
            double[] onMicros = new double[ROUNDS];
            double[] offMicros = new double[ROUNDS];
            double[] diff = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                // Request by request in turn, so load from other processes falls on both servers alike.
                long onNanos = 0;
                long offNanos = 0;
                for (int i = 0; i < PER_ROUND; i++) {
                    long t0 = System.nanoTime();
                    check(withRules.exchange(ping));
                    long t1 = System.nanoTime();
                    check(bare.exchange(ping));
                    long t2 = System.nanoTime();
                    onNanos += t1 - t0;
                    offNanos += t2 - t1;
                }
                onMicros[r] = onNanos / 1_000.0 / PER_ROUND;
                offMicros[r] = offNanos / 1_000.0 / PER_ROUND;
                diff[r] = onMicros[r] - offMicros[r];
            }
            System.out.printf(Locale.ROOT, "admin (a): GET /_ping mean round trip, median of %d rounds of %,d: with 100"
                    + " non-matching fault rules + journal %.1f µs, admin off + no journal %.1f µs: overhead %.1f µs"
                    + " per request (per-round differences %s µs; %,d requests journaled)%n",
                    ROUNDS, PER_ROUND, median(onMicros), median(offMicros), median(diff), rounded(diff),
                    on.journal().totalRecorded());
        }
    }

    private static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("ping answered " + status);
        }
    }

    /** Extension start (a fresh server), then resets of a server holding what a typical test leaves behind. */
    private static void startAndReset() throws Exception {
        double[] starts = new double[10];
        for (int i = 0; i < starts.length; i++) {
            long t0 = System.nanoTime();
            Drydock d = Drydock.start();
            starts[i] = (System.nanoTime() - t0) / 1e6;
            d.close();
        }
        System.out.printf(Locale.ROOT, "admin (b): server start (what the extension does once per class) median of %d:"
                + " %.1f ms%n", starts.length, median(starts));

        try (Drydock d = Drydock.start()) {
            d.seed(Seed.create().image("busybox"));
            double[] plain = resets(d, false);
            System.out.printf(Locale.ROOT, "admin (b): reset(keepImages) after a test left 3 containers (1 running),"
                    + " a network, a volume with a file, a fault rule, 20 journal entries: median %.2f ms, p90 %.2f ms"
                    + " (%d resets)%n", median(plain), quantile(plain, 0.9), RESETS);
            double[] all = resets(d, true);
            System.out.printf(Locale.ROOT, "admin (b): reset() of the same, images too (busybox pulled again by the"
                    + " next test): median %.2f ms, p90 %.2f ms%n", median(all), quantile(all, 0.9));
        }

        try (Drydock d = Drydock.start(DrydockConfig.builder()
                .seed(Seed.create().image("busybox").image("nginx:1.27").volume(Seed.volumeDef("conf")
                                .file("/app.conf", "x=1\n"))
                        .container(Seed.containerDef("db").image("busybox").exited(0).finishedAgo(Duration.ofMinutes(5)))
                        .container(Seed.containerDef("web").image("busybox").cmd("sleep", "infinity").running()))
                .build())) {
            double[] seeded = resets(d, true);
            System.out.printf(Locale.ROOT, "admin (b): reset() of a server started with a seed (2 images, a volume"
                    + " with a file, 2 containers, 1 running) that re-seeds it: median %.2f ms, p90 %.2f ms%n",
                    median(seeded), quantile(seeded, 0.9));
        }
    }

    /** Leaves state as a test would, then times the reset; the first 20 are warm-up. */
    private static double[] resets(Drydock d, boolean everything) throws Exception {
        JsonNode idle = Json.MAPPER.readTree("{\"Image\":\"busybox\"}");
        JsonNode running = Json.MAPPER.readTree("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"infinity\"],"
                + "\"HostConfig\":{\"Binds\":[\"data:/data\"]}}");
        byte[] ping = BenchConnection.request("GET", "/_ping");
        double[] out = new double[RESETS];
        for (int i = -20; i < RESETS; i++) {
            if (d.engine().images().find("busybox") == null) {
                d.seed(Seed.create().image("busybox"));
            }
            d.engine().volumes().create("data", "local", Map.of(), Map.of());
            java.nio.file.Files.writeString(d.engine().volumes().get("data").dataDir().resolve("f.txt"), "x");
            d.engine().networks().create(NetworkCreateRequest.named("net" + i), d.engine().config().apiVersion());
            d.engine().containers().create(null, "", idle);
            d.engine().containers().create(null, "", idle);
            String id = d.engine().containers().create(null, "", running).id();
            d.engine().containers().start(id);
            d.faults().add(Fault.on("GET", "/nothing").respond(500));
            try (BenchConnection c = BenchConnection.open(d.tcpUri())) {
                for (int j = 0; j < 20; j++) {
                    c.exchange(ping);
                }
            }
            long t0 = System.nanoTime();
            d.reset(everything ? dev.drydock.engine.ResetOptions.everything()
                    : dev.drydock.engine.ResetOptions.keepingImages());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (i >= 0) {
                out[i] = ms;
            }
        }
        return out;
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
    }

    private static String rounded(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", x));
        }
        return "[" + sb + "]";
    }
}
