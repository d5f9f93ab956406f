package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /containers/{id}/stats} on a wired Drydock: the Engine's shape, one-shot, streams and their end. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsWiringTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static String running(String name, String cmd) {
        String id = create(d, name, "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"" + cmd + "\"]}");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    private static JsonNode oneShot(String ref, String query) throws Exception {
        String body = api(d).get("/containers/" + ref + "/stats?" + query).then().statusCode(200)
                .contentType("application/json").extract().asString();
        return MAPPER.readTree(body);
    }

    @Test
    void aRunningContainersSampleHasTheEnginesShapeAndLimits() throws Exception {
        String id = running("st-shape", "echo hello; sleep 1000");
        JsonNode s = oneShot("st-shape", "stream=false");
        assertThat(fields(s)).containsExactly("read", "preread", "pids_stats", "blkio_stats", "num_procs",
                "storage_stats", "cpu_stats", "precpu_stats", "memory_stats", "name", "id", "networks");
        assertThat(s.path("name").asText()).isEqualTo("/st-shape");
        assertThat(s.path("id").asText()).isEqualTo(id);
        assertThat(s.path("pids_stats").path("current").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode cpu = s.path("cpu_stats");
        assertThat(cpu.path("cpu_usage").path("total_usage").asLong()).isPositive();
        assertThat(cpu.path("system_cpu_usage").asLong()).isPositive();
        assertThat(cpu.path("online_cpus").asInt()).isPositive();
        assertThat(fields(cpu.path("throttling_data"))).containsExactly("periods", "throttled_periods",
                "throttled_time");
        // Without one-shot, the pre-read is a second earlier and its counters are not higher.
        JsonNode pre = s.path("precpu_stats");
        assertThat(s.path("preread").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
        assertThat(pre.path("cpu_usage").path("total_usage").asLong())
                .isLessThanOrEqualTo(cpu.path("cpu_usage").path("total_usage").asLong());
        assertThat(pre.path("system_cpu_usage").asLong()).isLessThan(cpu.path("system_cpu_usage").asLong());
        JsonNode mem = s.path("memory_stats");
        assertThat(mem.path("usage").asLong()).isPositive().isLessThan(mem.path("limit").asLong());
        assertThat(mem.path("stats").has("total_inactive_file")).isTrue();
        assertThat(fields(s.path("networks").path("eth0"))).containsExactly("rx_bytes", "rx_packets",
                "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors", "tx_dropped");
        assertThat(s.path("blkio_stats").path("io_service_bytes_recursive").isArray()).isTrue();

        api(d).body("{\"Memory\":67108864}").post("/containers/st-shape/update").then().statusCode(200);
        assertThat(oneShot("st-shape", "stream=false").path("memory_stats").path("limit").asLong())
                .isEqualTo(67108864L);
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
    }

    @Test
    void oneShotSkipsThePreRead() throws Exception {
        running("st-one", "sleep 1000");
        JsonNode s = oneShot("st-one", "stream=false&one-shot=true");
        assertThat(s.path("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(s.path("precpu_stats").path("cpu_usage").path("total_usage").asLong()).isZero();
        assertThat(s.path("precpu_stats").has("system_cpu_usage")).isFalse();
        assertThat(s.path("cpu_stats").path("cpu_usage").path("total_usage").asLong()).isPositive();
        api(d).delete("/containers/st-one?force=1").then().statusCode(204);
    }

    @Test
    void countersGrowWithOutput() throws Exception {
        running("st-grow", "sleep 1000");
        long before = oneShot("st-grow", "stream=false&one-shot=true").path("cpu_stats").path("cpu_usage")
                .path("total_usage").asLong();
        api(d).delete("/containers/st-grow?force=1").then().statusCode(204);
        running("st-grow2", "i=0; while [ $i -lt 200 ]; do echo line-of-output-$i; i=$((i+1)); done; sleep 1000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!api(d).get("/containers/st-grow2/logs?stdout=1").asString().contains("line-of-output-199")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long after = oneShot("st-grow2", "stream=false&one-shot=true").path("cpu_stats").path("cpu_usage")
                .path("total_usage").asLong();
        assertThat(after).isGreaterThan(before);
        api(d).delete("/containers/st-grow2?force=1").then().statusCode(204);
    }

    @Test
    void aStoppedContainerGetsDockerdsZeroedSample() throws Exception {
        String id = create(d, "st-created", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
        JsonNode s = oneShot(id, "stream=false");
        assertThat(s.path("read").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(s.path("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(s.path("pids_stats").isEmpty()).isTrue();
        assertThat(s.path("memory_stats").isEmpty()).isTrue();
        assertThat(s.path("blkio_stats").path("io_service_bytes_recursive").isNull()).isTrue();
        assertThat(s.has("networks")).isFalse();
        assertThat(s.path("name").asText()).isEqualTo("/st-created");
        api(d).delete("/containers/" + id).then().statusCode(204);
    }

    @Test
    void anUnknownContainerIs404() {
        api(d).get("/containers/nosuch/stats?stream=false").then().statusCode(404)
                .body("message", org.hamcrest.Matchers.equalTo("No such container: nosuch"));
    }

    @Test
    void theStreamSendsALinePerSampleAndEndsWhenTheContainerIsRemoved() throws Exception {
        String id = running("st-stream", "sleep 1000");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.port() + "/containers/" + id + "/stats")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        JsonNode first = MAPPER.readTree(in.readLine());
        JsonNode second = MAPPER.readTree(in.readLine());
        assertThat(first.path("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(second.path("preread").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
        assertThat(second.path("read").asText()).isGreaterThan(first.path("read").asText());
        assertThat(second.path("cpu_stats").path("cpu_usage").path("total_usage").asLong())
                .isGreaterThanOrEqualTo(first.path("cpu_stats").path("cpu_usage").path("total_usage").asLong());
        assertThat(second.path("precpu_stats").path("system_cpu_usage").asLong()).isPositive();
        long t0 = System.nanoTime();
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
        String line;
        while ((line = in.readLine()) != null) {
            assertThat(line).startsWith("{");
        }
        // A stream left open would block the reads above for good; 30 s only bounds a loaded machine's latency.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void openStreamsHoldNoThreadBetweenSamples() throws Exception {
        running("st-idle", "sleep 1000");
        List<java.net.Socket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", d.port());
                sockets.add(s);
                s.getOutputStream().write(("GET /containers/st-idle/stats HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null && !line.contains("\"read\"")) {
                    // Status line, headers and the chunk size come first.
                }
                assertThat(line).as("first sample of stream " + i).contains("\"name\":\"/st-idle\"");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (d.httpServer().streams().active() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(d.httpServer().streams().active()).as("stream threads held by 10 idle stats streams")
                    .isZero();
        } finally {
            for (java.net.Socket s : sockets) {
                s.close();
            }
        }
        api(d).delete("/containers/st-idle?force=1").then().statusCode(204);
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
