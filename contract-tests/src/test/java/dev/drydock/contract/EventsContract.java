package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /events}: the stream {@code docker events}, Testcontainers and compose follow. */
public abstract class EventsContract extends HostContract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Content-Type of the stream for a client at API version {@code v}: JSON lines got their own type in 1.52. */
    private static String streamType(String v) {
        return compareVersions(v, "1.52") >= 0 ? "application/jsonl" : "application/json";
    }

    @Test
    void untilInThePastAnswersAnEmptyStreamThatEnds() throws Exception {
        try (HostStream s = client.stream("/events?since=1&until=2")) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.readLinesToEnd(WAIT)).as("events of 1970").isEmpty();
            assertThat(s.ended()).isTrue();
        }
    }

    @Test
    void headersArriveAtOnceEvenWithNoEventToSend() {
        // HostClient.stream returns once status and headers are read; a daemon that buffers would time out here.
        try (HostStream s = client.stream("/events?filters=" + filters("volume", "drydock-contract-none"))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(mediaType(s.header("Content-Type"))).isEqualTo(streamType(apiVersion()));
        }
    }

    @Test
    void contentTypeFollowsTheClientsApiVersion() throws Exception {
        for (String v : new String[]{minApiVersion(), apiVersion(), "1.51", "1.52"}) {
            if (compareVersions(v, minApiVersion()) < 0 || compareVersions(v, apiVersion()) > 0) {
                continue;
            }
            try (HostStream s = client.stream("/v" + v + "/events?since=1&until=2")) {
                assertThat(s.status()).as("/v%s/events", v).isEqualTo(200);
                assertThat(mediaType(s.header("Content-Type"))).as("/v%s/events", v).isEqualTo(streamType(v));
                assertThat(s.readLinesToEnd(WAIT)).isEmpty();
            }
        }
    }

    @Test
    void replaysACausedEventBetweenSinceAndUntil() throws Exception {
        assumeVolumes();
        String name = "drydock-contract-" + UUID.randomUUID().toString().substring(0, 8);
        long since = Instant.now().getEpochSecond() - 60;
        createAndRemoveVolume(name);
        String until = timestamp(Instant.now().plusMillis(200));
        try (HostStream s = client.stream("/events?since=" + since + "&until=" + until + "&filters="
                + filters("volume", name))) {
            assertThat(s.status()).isEqualTo(200);
            List<JsonNode> events = parse(s.readLinesToEnd(WAIT));
            assertThat(events).extracting(e -> e.path("Action").asText()).containsExactly("create", "destroy");
            for (JsonNode e : events) {
                assertThat(e.path("Type").asText()).isEqualTo("volume");
                assertThat(e.path("Actor").path("ID").asText()).isEqualTo(name);
                assertThat(e.path("Actor").path("Attributes").path("driver").asText()).isEqualTo("local");
                assertThat(e.path("scope").asText()).isEqualTo("local");
                assertThat(e.path("timeNano").asLong() / 1_000_000_000L).isEqualTo(e.path("time").asLong());
                SPEC.assertConforms("GET", "/events", 200, "application/json", e);
            }
            assertThat(events.get(0).path("timeNano").asLong()).isLessThanOrEqualTo(events.get(1).path("timeNano").asLong());
        }
    }

    @Test
    void followsEventsLiveAsTheyHappen() throws Exception {
        assumeVolumes();
        String name = "drydock-contract-" + UUID.randomUUID().toString().substring(0, 8);
        try (HostStream s = client.stream("/events?filters=" + filters("volume", name))) {
            assertThat(s.status()).isEqualTo(200);
            createAndRemoveVolume(name);
            List<JsonNode> live = new ArrayList<>();
            live.add(MAPPER.readTree(s.readLine(WAIT)));
            live.add(MAPPER.readTree(s.readLine(WAIT)));
            assertThat(live).extracting(e -> e.path("Action").asText()).containsExactly("create", "destroy");
        }
    }

    @Test
    void sinceAfterUntilIsRefused() {
        long now = Instant.now().getEpochSecond();
        HostResponse r = client.get("/events?since=" + now + "&until=" + (now - 100));
        // Refused up front, before any header of a stream is sent; the message quotes both bounds as given.
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(assertJsonConforms("GET", "/events", r).path("message").asText())
                .isEqualTo("`since` time (" + now + ") cannot be after `until` time (" + (now - 100) + ")");
    }

    private void assumeVolumes() {
        assumeServed("POST", "/volumes/create");
        assumeServed("DELETE", "/volumes/{name}");
    }

    private void createAndRemoveVolume(String name) {
        HostResponse created = client.post("/volumes/create", "{\"Name\":\"" + name + "\"}");
        assertThat(created.status()).as("create volume: %s", created).isEqualTo(201);
        HostResponse removed = client.delete("/volumes/" + name);
        assertThat(removed.status()).as("remove volume: %s", removed).isEqualTo(204);
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            if (!l.isBlank()) {
                out.add(MAPPER.readTree(l));
            }
        }
        return out;
    }

    private static String timestamp(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private static String filters(String key, String value) {
        return URLEncoder.encode("{\"" + key + "\":[\"" + value + "\"]}", StandardCharsets.UTF_8);
    }
}
