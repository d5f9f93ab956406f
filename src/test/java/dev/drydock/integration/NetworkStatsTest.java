package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stats' {@code networks} counters are the container's real simulated traffic: what an HTTP transfer, a ping
 * or a published port puts on its interface, the same numbers /proc/net/dev, ifconfig and /sys/class/net show
 * inside it, and nothing while it is idle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkStatsTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        api(d).body("{\"Name\":\"ns-net\"}").post("/networks/create").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static String run(String name, String script, String network) {
        String id = create(d, name, "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\"," + MAPPER.valueToTree(script)
                + "],\"HostConfig\":{\"NetworkMode\":\"" + network + "\"}}");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    private static String exec(String container, String... cmd) {
        return Wired.exec(d, container, cmd);
    }

    private static JsonNode stats(String container) throws Exception {
        return MAPPER.readTree(api(d).get("/containers/" + container + "/stats?stream=false&one-shot=true").then()
                .statusCode(200).extract().asString());
    }

    private static long eth0(String container, String counter) throws Exception {
        return stats(container).path("networks").path("eth0").path(counter).asLong();
    }

    /** Waits until the listener is up, so the transfers below are the only traffic. */
    private static void awaitListening(String container, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!exec(container, "netstat", "-ltn").contains(":" + port + " ")) {
            assertThat(System.nanoTime()).as("port %d listening", port).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anHttpTransferBetweenContainersCountsOnBothInterfacesAndIdleCountsNothing() throws Exception {
        String srv = run("ns-srv", "mkdir /w && head -c 10000 /dev/zero > /w/f && httpd -f -p 80 -h /w", "ns-net");
        String cli = run("ns-cli", "sleep 1000", "ns-net");
        awaitListening(srv, 80);
        JsonNode idle = stats(cli).path("networks");
        assertThat(idle.size()).as("one interface per network: %s", idle).isEqualTo(1);
        for (String k : List.of("rx_bytes", "rx_packets", "tx_bytes", "tx_packets")) {
            assertThat(idle.path("eth0").path(k).asLong()).as("%s before any traffic", k).isZero();
            assertThat(eth0(srv, k)).as("server %s before any traffic", k).isZero();
        }

        exec(cli, "wget", "-q", "-O", "/dev/null", "http://ns-srv/f");

        long served = eth0(srv, "tx_bytes");
        assertThat(served).as("the file, the response head and their headers").isGreaterThan(10000);
        assertThat(eth0(srv, "tx_packets")).as("segments of at most 1448 bytes").isGreaterThanOrEqualTo(7);
        // One wire: what one end sent the other received.
        assertThat(eth0(cli, "rx_bytes")).isEqualTo(served);
        assertThat(eth0(cli, "rx_packets")).isEqualTo(eth0(srv, "tx_packets"));
        assertThat(eth0(cli, "tx_bytes")).isEqualTo(eth0(srv, "rx_bytes")).isPositive();
        assertThat(eth0(cli, "tx_packets")).isEqualTo(eth0(srv, "rx_packets")).isPositive();

        JsonNode before = stats(cli).path("networks").path("eth0");
        exec(cli, "true");
        assertThat(stats(cli).path("networks").path("eth0")).as("an idle container's counters").isEqualTo(before);

        exec(cli, "ping", "-c", "2", "ns-srv");
        JsonNode pinged = stats(cli).path("networks").path("eth0");
        // Two echoes out, two replies in: 98-byte frames (56 data bytes, ICMP, IPv4, Ethernet).
        assertThat(pinged.path("tx_bytes").asLong()).isEqualTo(before.path("tx_bytes").asLong() + 196);
        assertThat(pinged.path("rx_packets").asLong()).isEqualTo(before.path("rx_packets").asLong() + 2);
        assertThat(pinged.path("rx_errors").asLong()).isZero();
        assertThat(pinged.path("tx_dropped").asLong()).isZero();

        // Inside, the kernel's views show the same counters.
        String rx = Long.toString(pinged.path("rx_bytes").asLong());
        String tx = Long.toString(pinged.path("tx_bytes").asLong());
        String dev = exec(cli, "cat", "/proc/net/dev");
        assertThat(dev).startsWith("Inter-|   Receive ");
        assertThat(exec(cli, "cat", "/proc/self/net/dev")).isEqualTo(dev);
        assertThat(dev.lines().filter(l -> l.trim().startsWith("eth0:")).findFirst().orElseThrow()
                .trim().split("\\s+")).startsWith("eth0:", rx, Long.toString(pinged.path("rx_packets").asLong()));
        assertThat(exec(cli, "ifconfig", "eth0")).contains("RX bytes:" + rx + " (", "TX bytes:" + tx + " (",
                "RX packets:" + pinged.path("rx_packets").asLong() + " ");
        assertThat(exec(cli, "cat", "/sys/class/net/eth0/statistics/tx_bytes")).isEqualTo(tx + "\n");
    }

    @Test
    void loopbackTrafficShowsInProcNetDevButNotInStats() throws Exception {
        String id = run("ns-lo", "sleep 1000", "ns-net");
        JsonNode before = stats(id).path("networks");
        // The client retries until the listener is up (a fixed sleep 0.2 raced it under load, and then the wait for
        // the listener never ended).
        exec(id, "sh", "-c", "nc -l -p 7000 > /dev/null & until echo hello | nc 127.0.0.1 7000 2>/dev/null; do "
                + "sleep 0.05; done; wait");
        assertThat(stats(id).path("networks")).as("stats leave lo out").isEqualTo(before);
        String lo = exec(id, "cat", "/proc/net/dev").lines().filter(l -> l.trim().startsWith("lo:")).findFirst()
                .orElseThrow();
        assertThat(Long.parseLong(lo.trim().split("\\s+")[1])).as("lo rx bytes: %s", lo).isPositive();
    }

    @Test
    void requestsThroughAPublishedPortCountOnTheServersInterface() throws Exception {
        String id = create(d, "ns-pub", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\","
                + "\"mkdir /w && echo hello > /w/i && httpd -f -p 80 -h /w\"],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        awaitListening(id, 80);
        int port = Integer.parseInt(api(d).get("/containers/" + id + "/json").then().extract()
                .path("NetworkSettings.Ports.'80/tcp'[0].HostPort"));
        long before = eth0(id, "rx_bytes");
        String body = io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/i").then()
                .statusCode(200).extract().asString();
        assertThat(body).isEqualTo("hello\n");
        // The program read the request before it answered, and a reply counts before it is written.
        assertThat(eth0(id, "rx_bytes")).as("the request arrived on eth0").isGreaterThan(before + 20);
        assertThat(eth0(id, "tx_bytes")).as("the response left through eth0").isGreaterThan(6);
    }

    @Test
    void pidsCurrentCountsTheContainersProcesses() throws Exception {
        String id = run("ns-pids", "sleep 1000 & sleep 1000 & wait", "bridge");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stats(id).path("pids_stats").path("current").asInt() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(stats(id).path("pids_stats").path("current").asInt()).as("sh and two sleeps").isEqualTo(3);
        exec(id, "pkill", "-f", "sleep");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stats(id).path("pids_stats").isEmpty() && stats(id).path("pids_stats").path("current").asInt() > 1
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        JsonNode pids = stats(id).path("pids_stats");
        assertThat(pids.isEmpty() || pids.path("current").asInt() <= 1).as("after the sleeps died: %s", pids)
                .isTrue();
    }
}
