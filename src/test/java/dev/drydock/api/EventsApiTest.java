package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.engine.Event;
import dev.drydock.engine.EventBus;
import dev.drydock.testing.ChunkedLines;
import dev.drydock.testing.RawHttp;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /events} through HTTP: filters, since/until replay, formats per API version, live streaming. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Drydock drydock;
    private static EventBus bus;
    /** A fixed history published before the tests; each test queries a window of it. */
    private static List<Event> history;
    private static long first;
    private static long last;

    @BeforeAll
    static void start() {
        drydock = Drydock.start();
        bus = drydock.engine().events();
        history = new ArrayList<>();
        history.add(bus.publish("image", "pull", "busybox:latest", Map.of("name", "busybox")));
        history.add(bus.publish("container", "create", "c0ffee01", Map.of("name", "web", "image", "busybox:latest",
                "com.example.tier", "front")));
        history.add(bus.publish("container", "start", "c0ffee01", Map.of("name", "web", "image", "busybox:latest",
                "com.example.tier", "front")));
        history.add(bus.publish("network", "connect", "net0001", Map.of("name", "bridge", "container", "c0ffee01")));
        history.add(bus.publish("container", "create", "dead0002", Map.of("name", "db", "image", "postgres:16",
                "com.example.tier", "back")));
        history.add(bus.publish("volume", "create", "data", Map.of("driver", "local")));
        history.add(bus.publish("image", "create", "sha256:abcd", Map.of("name", "app:1")));
        history.add(bus.publish("node", "update", "node1", Map.of("name", "n1"), "swarm"));
        history.add(bus.publish("daemon", "reload", "DAEMONID", Map.of("name", "drydock")));
        first = history.get(0).timeNano();
        last = history.get(history.size() - 1).timeNano();
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    private static String stamp(long nanos) {
        return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    /** Events of the fixed history matching the filters, at a version, read from a finished stream. */
    private static List<JsonNode> replay(String version, String filters) throws IOException {
        RequestSpecification req = api().queryParam("since", stamp(first)).queryParam("until", stamp(last));
        if (filters != null) {
            req = req.queryParam("filters", filters);
        }
        Response res = req.get(version + "/events");
        assertThat(res.statusCode()).as(res.asString()).isEqualTo(200);
        return lines(res.asString());
    }

    private static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static List<String> actions(List<JsonNode> events) {
        return events.stream().map(e -> e.get("Type").asText() + "/" + e.get("Action").asText() + "/"
                + e.get("Actor").get("ID").asText()).toList();
    }

    @Test
    void untilInThePastReplaysInOrderAndCloses() throws IOException {
        List<JsonNode> all = replay("", null);
        assertThat(actions(all)).containsExactly("image/pull/busybox:latest", "container/create/c0ffee01",
                "container/start/c0ffee01", "network/connect/net0001", "container/create/dead0002",
                "volume/create/data", "image/create/sha256:abcd", "node/update/node1", "daemon/reload/DAEMONID");
        JsonNode start = all.get(2);
        assertThat(start.get("scope").asText()).isEqualTo("local");
        assertThat(start.get("timeNano").asLong()).isEqualTo(history.get(2).timeNano());
        assertThat(start.get("time").asLong()).isEqualTo(history.get(2).timeNano() / 1_000_000_000L);
        assertThat(start.get("Actor").get("Attributes").get("name").asText()).isEqualTo("web");
    }

    @Test
    void sinceAndUntilBoundTheReplayInclusively() throws IOException {
        Response res = api().queryParam("since", stamp(history.get(2).timeNano()))
                .queryParam("until", stamp(history.get(4).timeNano())).get("/events");
        assertThat(actions(lines(res.asString()))).containsExactly("container/start/c0ffee01",
                "network/connect/net0001", "container/create/dead0002");
    }

    @Test
    void untilAloneReplaysTheHistoryUpToIt() throws IOException {
        Response res = api().queryParam("until", stamp(history.get(1).timeNano())).get("/events");
        assertThat(actions(lines(res.asString()))).containsExactly("image/pull/busybox:latest",
                "container/create/c0ffee01");
    }

    @Test
    void sinceAfterUntilIsRefused() {
        Response res = api().queryParam("since", "200").queryParam("until", "100").get("/events");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.contentType()).isEqualTo("application/json");
        assertThat(res.jsonPath().getString("message")).isEqualTo("`since` time (200) cannot be after `until` time (100)");
    }

    @Test
    void unparsableTimesAndFiltersAre400() {
        Response bad = api().queryParam("since", "yesterday").get("/events");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("message")).contains("yesterday");
        Response badFilters = api().queryParam("until", "1").queryParam("filters", "{not json").get("/events");
        assertThat(badFilters.statusCode()).isEqualTo(400);
        assertThat(badFilters.contentType()).isEqualTo("application/json");
    }

    @Test
    void filtersByTypeAndEvent() throws IOException {
        assertThat(actions(replay("", "{\"type\":[\"container\"]}"))).containsExactly("container/create/c0ffee01",
                "container/start/c0ffee01", "container/create/dead0002");
        assertThat(actions(replay("", "{\"type\":{\"volume\":true,\"network\":true}}")))
                .containsExactly("network/connect/net0001", "volume/create/data");
        assertThat(actions(replay("", "{\"event\":[\"create\"],\"type\":[\"container\"]}")))
                .containsExactly("container/create/c0ffee01", "container/create/dead0002");
    }

    @Test
    void filtersByContainerNameOrIdPrefix() throws IOException {
        assertThat(actions(replay("", "{\"container\":[\"web\"]}"))).containsExactly("container/create/c0ffee01",
                "container/start/c0ffee01");
        assertThat(actions(replay("", "{\"container\":[\"dead\"]}"))).containsExactly("container/create/dead0002");
    }

    @Test
    void filtersByImageWithOrWithoutTag() throws IOException {
        assertThat(actions(replay("", "{\"image\":[\"busybox\"]}"))).containsExactly("image/pull/busybox:latest",
                "container/create/c0ffee01", "container/start/c0ffee01");
        assertThat(actions(replay("", "{\"image\":[\"postgres:16\"]}"))).containsExactly("container/create/dead0002");
    }

    @Test
    void filtersByLabelKeyOrKeyValue() throws IOException {
        assertThat(actions(replay("", "{\"label\":[\"com.example.tier=back\"]}")))
                .containsExactly("container/create/dead0002");
        assertThat(actions(replay("", "{\"label\":[\"com.example.tier\"]}"))).containsExactly(
                "container/create/c0ffee01", "container/start/c0ffee01", "container/create/dead0002");
    }

    @Test
    void filtersByScopeNetworkVolumeAndDaemon() throws IOException {
        assertThat(actions(replay("", "{\"scope\":[\"swarm\"]}"))).containsExactly("node/update/node1");
        assertThat(actions(replay("", "{\"network\":[\"bridge\"]}"))).containsExactly("network/connect/net0001");
        assertThat(actions(replay("", "{\"volume\":[\"data\"]}"))).containsExactly("volume/create/data");
        assertThat(actions(replay("", "{\"daemon\":[\"drydock\"]}"))).containsExactly("daemon/reload/DAEMONID");
    }

    @Test
    void unknownFilterKeysAreIgnoredAsTheDaemonIgnoresThem() throws IOException {
        assertThat(replay("", "{\"colour\":[\"blue\"]}")).hasSize(history.size());
        assertThat(replay("", "{\"type\":[\"container\"],\"colour\":[\"blue\"]}")).hasSize(3);
    }

    @Test
    void unknownQueryParametersAreIgnored() throws IOException {
        Response res = api().queryParam("since", stamp(first)).queryParam("until", stamp(last))
                .queryParam("flavour", "mint").get("/events");
        assertThat(lines(res.asString())).hasSize(history.size());
    }

    @Test
    void from152TheStreamIsJsonLinesWithoutLegacyFields() throws IOException {
        Response res = api().queryParam("since", stamp(first)).queryParam("until", stamp(last))
                .header("Accept", "*/*").get("/v1.52/events");
        assertThat(res.contentType()).isEqualTo("application/jsonl");
        for (JsonNode e : lines(res.asString())) {
            assertThat(e.has("status") || e.has("id") || e.has("from")).as(e.toString()).isFalse();
        }
    }

    @Test
    void below152TheStreamIsJsonWithLegacyFieldsOnContainersAndImages() throws IOException {
        Response res = api().queryParam("since", stamp(first)).queryParam("until", stamp(last)).get("/v1.51/events");
        assertThat(res.contentType()).isEqualTo("application/json");
        List<JsonNode> events = lines(res.asString());
        JsonNode create = events.get(1);
        assertThat(create.get("status").asText()).isEqualTo("create");
        assertThat(create.get("id").asText()).isEqualTo("c0ffee01");
        assertThat(create.get("from").asText()).isEqualTo("busybox:latest");
        JsonNode pull = events.get(0);
        assertThat(pull.get("status").asText()).isEqualTo("pull");
        assertThat(pull.get("id").asText()).isEqualTo("busybox:latest");
        assertThat(pull.has("from")).isFalse();
        JsonNode network = events.get(3);
        assertThat(network.has("status")).isFalse();
        assertThat(network.has("id")).isFalse();
    }

    @Test
    void imageCreateEventsAreHiddenBelow146() throws IOException {
        assertThat(actions(replay("/v1.45", "{\"type\":[\"image\"]}"))).containsExactly("image/pull/busybox:latest");
        assertThat(actions(replay("/v1.46", "{\"type\":[\"image\"]}"))).containsExactly("image/pull/busybox:latest",
                "image/create/sha256:abcd");
    }

    @Test
    void anAcceptHeaderNamingAStreamFormatIsHonoured() {
        Response ndjson = api().queryParam("until", "1").header("Accept", "application/x-ndjson").get("/v1.41/events");
        assertThat(ndjson.contentType()).isEqualTo("application/x-ndjson");
        Response seq = api().queryParam("since", stamp(first)).queryParam("until", stamp(first))
                .header("Accept", "application/json-seq").get("/events");
        assertThat(seq.contentType()).isEqualTo("application/json-seq");
        assertThat(seq.asString()).startsWith("\u001e{\"Type\":\"image\"").endsWith("}\n");
    }

    @Test
    void headersComeAtOnceAndLiveEventsAsTheyHappen() throws Exception {
        try (RawHttp c = RawHttp.connect(drydock.tcpUri())) {
            c.request("GET", "/v1.55/events?filters=" + URLEncoder.encode("{\"type\":[\"container\"]}",
                    StandardCharsets.UTF_8));
            // Nothing is published until the head is read: a head held for the first event would time out here.
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("application/jsonl");
            assertThat(head.header("Api-Version")).isEqualTo("1.55");

            ChunkedLines lines = new ChunkedLines(c);
            bus.publish("volume", "create", "ignored", Map.of());
            bus.publish("container", "die", "live0001", Map.of("exitCode", "3", "name", "x"));
            JsonNode die = JSON.readTree(lines.next());
            assertThat(die.get("Action").asText()).isEqualTo("die");
            assertThat(die.get("Actor").get("Attributes").get("exitCode").asText()).isEqualTo("3");
            bus.publish("container", "destroy", "live0001", Map.of("name", "x"));
            assertThat(JSON.readTree(lines.next()).get("Action").asText()).isEqualTo("destroy");
        }
    }

    @Test
    void eachLiveEventIsOneWholeChunkAsGoWritesIt() throws Exception {
        try (RawHttp c = RawHttp.connect(drydock.tcpUri())) {
            c.request("GET", "/events?filters=" + URLEncoder.encode("{\"container\":[\"whole\"]}", StandardCharsets.UTF_8));
            assertThat(c.readHead().status()).isEqualTo(200);
            bus.publish("container", "pause", "whole1", Map.of());
            // A client that reads the chunk's closing CRLF right away (urllib3 does) must not wait for the next event.
            int size = Integer.parseInt(c.readLine(), 16);
            String line = new String(c.readBytes(size), StandardCharsets.UTF_8);
            assertThat(c.readLine()).as("the CRLF closing the chunk").isEmpty();
            assertThat(line).endsWith("}\n").contains("\"whole1\"");
        }
    }

    @Test
    void aStreamWithAFutureUntilEndsWhenItIsReached() throws Exception {
        long until = System.currentTimeMillis() + 700;
        try (RawHttp c = RawHttp.connect(drydock.tcpUri())) {
            long now = System.currentTimeMillis();
            c.request("GET", "/events?since=" + (now / 1000) + "." + String.format("%03d", now % 1000)
                    + "&until=" + (until / 1000) + "." + String.format("%03d", until % 1000));
            assertThat(c.readHead().status()).isEqualTo(200);
            ChunkedLines lines = new ChunkedLines(c);
            bus.publish("container", "kill", "k1", Map.of("signal", "15"));
            assertThat(JSON.readTree(lines.next()).get("Action").asText()).isEqualTo("kill");
            assertThat(lines.next()).as("the body ends at until").isNull();
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(until);
        }
    }
}
