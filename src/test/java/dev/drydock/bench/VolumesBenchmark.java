package dev.drydock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Filters;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.volumes.VolumeService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Server-side cost of volume work in an embedded Drydock's engine (no HTTP): creating a container with three
 * mounts against one with none (median of N), writing then reading 100 MB through a named volume inside the
 * simulated shell, and listing 10,000 volumes. Part of {@link ApiBenchmark}'s report for an embedded Drydock.
 */
final class VolumesBenchmark {
    private static final int CREATES = 300;
    private static final int VOLUMES = 10_000;
    private static final int LISTINGS = 5;
    private static final long MB100 = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRITE = "yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            + " | head -c " + MB100 + " > /data/big";
    private static final String READ = "cat /data/big | wc -c";

    private VolumesBenchmark() {
    }

    /** Runs this section alone: {@code mvn -q test-compile exec:java -Dexec.mainClass=dev.drydock.bench.VolumesBenchmark}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            probe(args);
        } else {
            run();
        }
        System.exit(0);
    }

    /** Times each given script (after the 100 MB file is written) three times: for profiling the I/O path. */
    private static void probe(String[] scripts) throws Exception {
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            d.engine().images().planPull("busybox", "latest", null, null).forEach(d.engine().images()::completePull);
            ContainerService containers = d.engine().containers();
            runMillis(containers, WRITE);
            for (String script : scripts) {
                for (int i = 0; i < 3; i++) {
                    System.out.printf(Locale.ROOT, "%-50s %.0f MB/s%n", script, 100_000 / runMillis(containers, script));
                }
            }
        }
    }

    static void run() throws Exception {
        Path host = Files.createTempDirectory("drydock-bench-bind-");
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            d.engine().images().planPull("busybox", "latest", null, null).forEach(d.engine().images()::completePull);
            ContainerService containers = d.engine().containers();
            JsonNode none = JSON.readTree("{\"Image\":\"busybox\"}");
            JsonNode three = JSON.readTree("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"benchvol:/data\","
                    + "\"" + host + ":/host:ro\"],\"Tmpfs\":{\"/run\":\"\"}}}");
            double noneMs = medianCreateMillis(containers, none);
            double threeMs = medianCreateMillis(containers, three);
            System.out.printf(Locale.ROOT, "volumes (engine, no HTTP): container create median of %d: no mounts"
                    + " %.3f ms, three mounts (volume, ro bind, tmpfs) %.3f ms (%.2fx)%n",
                    CREATES, noneMs, threeMs, threeMs / noneMs);

            // One untimed round first so the JIT has compiled the copy loops (the first run in a fresh JVM is
            // mostly interpreted and measures the JIT, not the I/O path).
            runMillis(containers, WRITE);
            runMillis(containers, READ);
            double writeMs = runMillis(containers, WRITE);
            double readMs = runMillis(containers, READ);
            System.out.printf(Locale.ROOT, "volumes: 100 MB through a volume in the simulated shell: write"
                    + " (yes | head -c > file) %.0f MB/s, read (cat | wc -c) %.0f MB/s%n",
                    100_000 / writeMs, 100_000 / readMs);

            VolumeService volumes = d.engine().volumes();
            for (int i = 0; i < VOLUMES; i++) {
                volumes.create("bench" + i, "local", Map.of(), Map.of());
            }
            volumes.list(Filters.empty());
            long t0 = System.nanoTime();
            for (int i = 0; i < LISTINGS; i++) {
                volumes.list(Filters.empty());
            }
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "volumes: listing %d volumes avg %.2f ms%n",
                    volumes.list(Filters.empty()).volumes().size(), (t1 - t0) / (LISTINGS * 1e6));
        } finally {
            Files.deleteIfExists(host);
        }
    }

    private static double medianCreateMillis(ContainerService containers, JsonNode body) {
        double[] ms = new double[CREATES];
        for (int i = 0; i < CREATES; i++) {
            long t0 = System.nanoTime();
            String id = containers.create(null, null, body).id();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            containers.remove(id, true, true);
        }
        Arrays.sort(ms);
        return ms[CREATES / 2];
    }

    /** Runs one shell command in a container with the named volume at /data and returns its wall time. */
    private static double runMillis(ContainerService containers, String script) throws Exception {
        JsonNode body = JSON.createObjectNode().put("Image", "busybox")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("Cmd", JSON.createArrayNode().add("sh").add("-c").add(script))
                .set("HostConfig", JSON.readTree("{\"Binds\":[\"bigvol:/data\"]}"));
        String id = containers.create(null, null, body).id();
        long t0 = System.nanoTime();
        containers.start(id);
        int code = containers.waitFor(id, ContainerService.WaitCondition.NOT_RUNNING).get(300, TimeUnit.SECONDS);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IllegalStateException("'" + script + "' exited " + code);
        }
        containers.remove(id, true, false);
        return ms;
    }
}
