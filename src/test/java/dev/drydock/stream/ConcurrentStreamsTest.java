package dev.drydock.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.engine.EventBus;
import dev.drydock.testing.ChunkedLines;
import dev.drydock.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-lived streams do not hold Jetty's request threads, and a client that leaves mid-stream takes its
 * subscription and stream thread with it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentStreamsTest {
    private static final int STREAMS = 200;
    private Drydock drydock;
    private EventBus bus;

    @BeforeEach
    void start() {
        drydock = Drydock.start();
        bus = drydock.engine().events();
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private List<RawHttp> openStreams(int n) throws Exception {
        List<RawHttp> clients = new ArrayList<>();
        URI unix = drydock.unixUri().orElseThrow();
        for (int i = 0; i < n; i++) {
            RawHttp c = RawHttp.connect(i % 2 == 0 ? drydock.tcpUri() : unix);
            clients.add(c);
            c.request("GET", "/v1.45/events");
            assertThat(c.readHead().status()).isEqualTo(200);
        }
        return clients;
    }

    private static void awaitZero(String what, IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count.getAsInt()).as(what + " left after clients closed").isZero();
    }

    @Test
    void twoHundredOpenStreamsLeaveTheServerResponsiveAndReleaseEverythingWhenClientsLeave() throws Exception {
        List<RawHttp> clients = openStreams(STREAMS);
        assertThat(bus.listenerCount()).isEqualTo(STREAMS);

        // Jetty's pool has 200 threads: were each stream holding one, nothing would answer now.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // A pool exhausted by the streams would never answer: the timeout (generous for a loaded machine) says so.
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + drydock.port() + "/_ping"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.body()).as("ping with 200 streams open").isEqualTo("OK");
        }
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + drydock.port() + "/info")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(info.body()).get("NEventsListener").asInt()).isEqualTo(STREAMS);

        // Every stream is live: one event reaches all of them.
        bus.publish("container", "start", "everyone", Map.of("name", "all"));
        for (RawHttp c : clients) {
            assertThat(new ChunkedLines(c).next()).contains("\"everyone\"");
        }

        for (RawHttp c : clients) {
            c.close();
        }
        awaitZero("subscriptions", bus::listenerCount);
        awaitZero("stream threads", () -> drydock.httpServer().streams().active());
    }

    @Test
    void clientsLeavingWhileEventsPourInLeakNothing() throws Exception {
        List<RawHttp> clients = openStreams(20);
        for (RawHttp c : clients) {
            c.close();
        }
        for (int i = 0; i < 200; i++) {
            bus.publish("container", "exec_start", "busy" + i, Map.of("name", "busy"));
        }
        awaitZero("subscriptions", bus::listenerCount);
        awaitZero("stream threads", () -> drydock.httpServer().streams().active());
        // And the server still serves streams afterwards.
        try (RawHttp c = openStreams(1).get(0)) {
            bus.publish("container", "die", "after", Map.of());
            assertThat(new ChunkedLines(c).next()).contains("\"after\"");
        }
    }
}
