package dev.drydock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.ImageService;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.networks.EndpointConfig;
import dev.drydock.engine.networks.NetworkCreateRequest;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.net.PublishedPort;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Networks in an embedded Drydock: small HTTP requests per second from the host through a published port into
 * the nginx program (keep-alive), a running container's connect+disconnect time at engine level (no HTTP), and
 * one container create after 1,000 networks exist. Part of {@link ApiBenchmark}'s report when it measures an
 * embedded Drydock.
 */
final class NetworkBenchmark {
    private static final int CONNECTIONS = 4;
    private static final int WARMUP_SECONDS = 3;
    private static final int SECONDS = 5;
    private static final int CYCLES = 5000;
    private static final int NETWORKS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkBenchmark() {
    }

    static void run() throws Exception {
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            ImageService images = d.engine().images();
            images.planPull("nginx", "latest", null, null).forEach(images::completePull);
            images.planPull("busybox", "latest", null, null).forEach(images::completePull);
            ContainerService containers = d.engine().containers();
            NetworkService networks = d.engine().networks();

            String web = containers.create("benchweb", null, body("{\"Image\":\"nginx\",\"HostConfig\":{\"PortBindings\":"
                    + "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}")).id();
            containers.start(web);
            PublishedPort port = networks.published(web).get(0);
            double rps = httpLoad(URI.create("tcp://127.0.0.1:" + port.hostPort()));

            networks.create(NetworkCreateRequest.named("benchnet"), "1.50");
            String box = containers.create("benchbox", null, body("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"100000\"]}"))
                    .id();
            containers.start(box);
            long[] cycle = new long[CYCLES];
            for (int i = 0; i < CYCLES; i++) {
                long t0 = System.nanoTime();
                networks.connect("benchnet", box, EndpointConfig.NONE);
                networks.disconnect("benchnet", box, false);
                cycle[i] = System.nanoTime() - t0;
            }
            // The second half only: the first is the JIT's.
            long[] warm = Arrays.copyOfRange(cycle, CYCLES / 2, CYCLES);
            Arrays.sort(warm);

            long[] before = createTimes(containers, "before", 21);
            long n0 = System.nanoTime();
            for (int i = 0; i < NETWORKS; i++) {
                networks.create(new NetworkCreateRequest("many" + i, "", "", null, false, false, false, false, "",
                        null, false, "", List.of(new NetworkCreateRequest.IpamConfig(
                                "10." + (i / 256) + "." + (i % 256) + ".0/24", null, null, null)),
                        null, Map.of(), Map.of()), "1.50");
            }
            long n1 = System.nanoTime();
            long[] after = createTimes(containers, "after", 21);

            System.out.printf(Locale.ROOT, "networks: nginx through a published port %.0f req/s (%d keep-alive"
                    + " connections, %d s); connect+disconnect of a running container (engine) median %.3f ms,"
                    + " p99 %.3f ms%n", rps, CONNECTIONS, SECONDS, warm[warm.length / 2] / 1e6,
                    warm[(int) (warm.length * 0.99)] / 1e6);
            System.out.printf(Locale.ROOT, "networks: %d networks created in %d ms; container create (engine) median"
                    + " %.3f ms before, %.3f ms with %d networks%n", NETWORKS, (n1 - n0) / 1_000_000,
                    before[before.length / 2] / 1e6, after[after.length / 2] / 1e6, NETWORKS + 4);
        }
    }

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** Sorted times of {@code n} container creates (each on the default bridge). */
    private static long[] createTimes(ContainerService containers, String prefix, int n) throws Exception {
        JsonNode spec = body("{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            containers.create(prefix + i, null, spec);
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        return t;
    }

    /** nginx's listener comes up on its process thread after start returns: wait for its first answer. */
    private static void awaitListening(URI target, byte[] req) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (BenchConnection c = BenchConnection.open(target)) {
                if (c.exchange(req) == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** {@code CONNECTIONS} keep-alive connections sending GET / as fast as answered; requests per second. */
    private static double httpLoad(URI target) throws Exception {
        byte[] req = BenchConnection.request("GET", "/");
        awaitListening(target, req);
        return KeepAliveLoad.run(target, req, CONNECTIONS, WARMUP_SECONDS, SECONDS, status -> {
            if (status != 200) {
                throw new IllegalStateException("nginx answered " + status);
            }
        }).perSecond();
    }
}
