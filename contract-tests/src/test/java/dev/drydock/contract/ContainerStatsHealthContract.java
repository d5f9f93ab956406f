package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /containers/{id}/stats} one-shot shapes (running and stopped) and health check transitions with the
 * events a daemon publishes for them. Busybox containers with unique names, removed afterwards.
 */
public abstract class ContainerStatsHealthContract extends HostContract {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void busybox() {
        if (client.get(commonPrefix() + "/images/busybox/json").status() == 404) {
            HostResponse pull = client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
            assertThat(pull.status()).as("pull busybox: %s", pull).isEqualTo(200);
        }
    }

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            client.delete(commonPrefix() + "/containers/" + id + "?force=1");
        }
        created.clear();
    }

    private String run(String name, String healthcheck, boolean start) {
        String body = "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"300\"]"
                + (healthcheck == null ? "" : ",\"Healthcheck\":" + healthcheck) + "}";
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + name, body);
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        created.add(id);
        if (start) {
            HostResponse s = client.post(commonPrefix() + "/containers/" + id + "/start", null);
            assertThat(s.status()).as("start: %s", s).isEqualTo(204);
        }
        return id;
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void oneShotStatsOfARunningContainerHaveTheEngineShape() {
        String name = uniqueName("stats");
        String id = run(name, null, true);
        HostResponse r = client.get(commonPrefix() + "/containers/" + id + "/stats?stream=false&one-shot=true");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode s = assertJsonConforms("GET", "/containers/{id}/stats", r);
        assertThat(keys(s)).containsExactly("read", "preread", "pids_stats", "blkio_stats", "num_procs",
                "storage_stats", "cpu_stats", "precpu_stats", "memory_stats", "name", "id", "networks");
        assertThat(s.path("read").asText()).isNotEqualTo(ZERO_TIME);
        assertThat(s.path("preread").asText()).isEqualTo(ZERO_TIME);
        assertThat(s.path("name").asText()).isEqualTo("/" + name);
        assertThat(s.path("id").asText()).isEqualTo(id);
        assertThat(s.path("pids_stats").path("current").asInt()).isPositive();
        assertThat(s.path("blkio_stats").path("io_service_bytes_recursive").isArray()).isTrue();
        assertThat(keys(s.path("cpu_stats"))).containsExactly("cpu_usage", "system_cpu_usage", "online_cpus",
                "throttling_data");
        assertThat(keys(s.path("cpu_stats").path("cpu_usage"))).contains("total_usage", "usage_in_kernelmode",
                "usage_in_usermode");
        assertThat(s.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isPositive();
        assertThat(keys(s.path("precpu_stats"))).containsExactly("cpu_usage", "throttling_data");
        assertThat(s.path("precpu_stats").path("cpu_usage").path("total_usage").asLong()).isZero();
        assertThat(keys(s.path("memory_stats"))).contains("usage", "stats", "limit");
        assertThat(s.path("memory_stats").path("usage").asLong()).isPositive();
        assertThat(keys(s.path("networks").path("eth0"))).containsExactly("rx_bytes", "rx_packets", "rx_errors",
                "rx_dropped", "tx_bytes", "tx_packets", "tx_errors", "tx_dropped");
    }

    private String runShell(String name, String script) {
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\"," + MAPPER.valueToTree(script) + "]}");
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        created.add(id);
        HostResponse s = client.post(commonPrefix() + "/containers/" + id + "/start", null);
        assertThat(s.status()).as("start: %s", s).isEqualTo(204);
        return id;
    }

    private JsonNode eth0(String id) {
        HostResponse r = client.get(commonPrefix() + "/containers/" + id + "/stats?stream=false&one-shot=true");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().path("networks").path("eth0");
    }

    @Test
    void networkCountersCountAnHttpTransferBetweenContainersAndBarelyMoveWhenIdle() throws InterruptedException {
        String server = runShell(uniqueName("stats-srv"),
                "mkdir /w && head -c 20000 /dev/zero > /w/f && httpd -f -p 80 -h /w");
        String ip = client.get(commonPrefix() + "/containers/" + server + "/json").json().path("NetworkSettings")
                .path("Networks").path("bridge").path("IPAddress").asText();
        assertThat(ip).as("server address on the default bridge").isNotEmpty();
        // Retried until httpd listens; one transfer, then the client idles.
        String clientId = runShell(uniqueName("stats-cli"), "until wget -q -O /dev/null http://" + ip
                + "/f; do sleep 0.1; done; echo fetched; sleep 300");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!client.get(commonPrefix() + "/containers/" + clientId + "/logs?stdout=1").text().contains("fetched")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        JsonNode srv = eth0(server);
        JsonNode cli = eth0(clientId);
        // The file and the response head went server to client (a real veth may merge segments: few packets).
        assertThat(srv.path("tx_bytes").asLong()).as("server %s", srv).isGreaterThan(20000);
        assertThat(cli.path("rx_bytes").asLong()).as("client %s", cli).isGreaterThan(20000);
        assertThat(srv.path("tx_packets").asLong()).as("server %s", srv).isGreaterThanOrEqualTo(4);
        assertThat(cli.path("tx_bytes").asLong()).as("client %s: request and ACKs", cli).isPositive();
        assertThat(srv.path("rx_packets").asLong()).as("server %s", srv).isPositive();
        // Idle for a moment: counters never go back, and without traffic they hardly move (a real bridge may
        // still carry a neighbour probe or two).
        Thread.sleep(300);
        JsonNode later = eth0(clientId);
        for (String k : List.of("rx_bytes", "rx_packets", "tx_bytes", "tx_packets")) {
            assertThat(later.path(k).asLong()).as(k).isBetween(cli.path(k).asLong(), cli.path(k).asLong() + 1000);
        }
    }

    @Test
    void statsOfAContainerThatDoesNotRunAreZeroed() {
        String name = uniqueName("stats-created");
        String id = run(name, null, false);
        HostResponse r = client.get(commonPrefix() + "/containers/" + id + "/stats?stream=false");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("read").asText()).isEqualTo(ZERO_TIME);
        assertThat(s.path("preread").asText()).isEqualTo(ZERO_TIME);
        assertThat(s.path("pids_stats").isEmpty()).isTrue();
        assertThat(s.path("memory_stats").isEmpty()).isTrue();
        assertThat(s.path("blkio_stats").path("io_service_bytes_recursive").isNull()).isTrue();
        assertThat(s.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isZero();
        assertThat(s.has("networks")).isFalse();
        assertThat(s.path("name").asText()).isEqualTo("/" + name);
        assertThat(errorMessage(client.get(commonPrefix() + "/containers/" + uniqueName("none")
                + "/stats?stream=false"), 404)).startsWith("No such container: ");
    }

    @Test
    void theStatsStreamSendsNoContentTypeWhileOneShotIsJson() throws java.io.IOException {
        String id = run(uniqueName("stats-head"), null, true);
        HostResponse one = client.get(commonPrefix() + "/containers/" + id + "/stats?stream=false");
        assertThat(one.status()).as("%s", one).isEqualTo(200);
        assertThat(mediaType(one.header("Content-Type"))).isEqualTo("application/json");
        assertThat(one.header("Content-Length")).as("a one-shot sample is one sized body").isPresent();
        // The daemon flushes the stream's head before the first sample, so nothing names its type.
        try (HostStream s = client.stream(commonPrefix() + "/containers/" + id + "/stats")) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("Content-Type")).as("stats stream Content-Type").isEmpty();
            assertThat(s.header("Content-Length")).isEmpty();
            String line = s.readLine(java.time.Duration.ofSeconds(10));
            assertThat(line).as("first sample").startsWith("{\"read\":");
        }
    }

    private JsonNode awaitHealth(String id, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode h = client.get(commonPrefix() + "/containers/" + id + "/json").json().path("State").path("Health");
        while (!done.test(h) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = client.get(commonPrefix() + "/containers/" + id + "/json").json().path("State").path("Health");
        }
        assertThat(done.test(h)).as("health: %s", h).isTrue();
        return h;
    }

    private List<String> actions(String id, long since) {
        long until = System.currentTimeMillis() / 1000 + 1;
        HostResponse r = client.get(commonPrefix() + "/events?since=" + since + "&until=" + until + "&filters="
                + filters(Map.of("container", List.of(id))));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(MAPPER.readTree(line).path("Action").asText());
                } catch (java.io.IOException e) {
                    throw new AssertionError("event line " + line, e);
                }
            }
        }
        return out;
    }

    @Test
    void aPassingCheckGoesFromStartingToHealthyThroughExecProbes() throws InterruptedException {
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = run(uniqueName("healthy"),
                "{\"Test\":[\"CMD-SHELL\",\"echo ok\"],\"Interval\":200000000,\"Timeout\":5000000000}", true);
        JsonNode starting = client.get(commonPrefix() + "/containers/" + id + "/json").json().path("State")
                .path("Health");
        assertThat(starting.path("Status").asText()).as("%s", starting).isIn("starting", "healthy");
        JsonNode h = awaitHealth(id, n -> n.path("Status").asText().equals("healthy"));
        assertThat(h.path("FailingStreak").asInt()).isZero();
        JsonNode probe = h.path("Log").path(0);
        assertThat(keys(probe)).containsExactly("Start", "End", "ExitCode", "Output");
        assertThat(probe.path("ExitCode").asInt()).isZero();
        assertThat(probe.path("Output").asText()).isEqualTo("ok\n");
        List<String> actions = actions(id, since);
        assertThat(actions).containsSubsequence("start", "exec_create: /bin/sh -c echo ok",
                "exec_start: /bin/sh -c echo ok", "exec_die", "health_status: healthy");
        assertThat(actions.stream().filter(a -> a.startsWith("health_status")).count()).isEqualTo(1);
    }

    @Test
    void aFailingCheckTurnsUnhealthyAfterItsRetries() throws InterruptedException {
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = run(uniqueName("unhealthy"),
                "{\"Test\":[\"CMD-SHELL\",\"echo no; exit 1\"],\"Interval\":200000000,\"Retries\":2}", true);
        JsonNode h = awaitHealth(id, n -> n.path("Status").asText().equals("unhealthy"));
        assertThat(h.path("FailingStreak").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(h.path("Log").size()).isBetween(2, 5);
        assertThat(h.path("Log").path(0).path("ExitCode").asInt()).isEqualTo(1);
        assertThat(h.path("Log").path(0).path("Output").asText()).isEqualTo("no\n");
        assertThat(actions(id, since)).containsSubsequence("exec_die", "exec_die", "health_status: unhealthy")
                .doesNotContain("health_status: healthy");
    }
}
