package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.ResetOptions;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Reset: everything forgotten, hooks called, open streams ended cleanly, the Engine surface unharmed. */
class ResetTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.defaults());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    @Test
    void resetForgetsJournalFaultsScenariosAndEventsAndRunsHooks() throws Exception {
        List<ResetOptions> seen = new CopyOnWriteArrayList<>();
        AutoCloseable hook = drydock.engine().onReset("test-service", seen::add);
        drydock.faults().add(Fault.on("GET", "/info").respond(500));
        drydock.faults().setScenarioState("s", "later");
        drydock.engine().events().publish("volume", "create", "v1", Map.of());
        http().get("/_ping");

        drydock.reset();
        assertThat(drydock.journal().all()).isEmpty();
        assertThat(drydock.faults().list()).isEmpty();
        assertThat(drydock.faults().scenarioState("s")).isEqualTo(Fault.STARTED);
        assertThat(drydock.engine().events().history()).isEmpty();
        assertThat(http().get("/info").statusCode()).isEqualTo(200);

        http().post("/_drydock/reset?keepImages=true").then().statusCode(204);
        assertThat(seen).containsExactly(ResetOptions.everything(), ResetOptions.keepingImages());
        hook.close();
        drydock.reset();
        assertThat(seen).hasSize(2);
    }

    @Test
    void resetEndsOpenEventStreamsCleanly() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + drydock.port()
                    + "/v1.41/events")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        waitFor(() -> drydock.engine().events().listenerCount() == 3);
        drydock.engine().events().publish("network", "create", "n1", Map.of("name", "net"));

        http().post("/_drydock/reset").then().statusCode(204);
        for (CompletableFuture<HttpResponse<String>> s : streams) {
            // A clean end: the whole chunked body arrives, no exception, the events sent so far kept.
            HttpResponse<String> r = s.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"Type\":\"network\"");
        }
        assertThat(drydock.engine().events().listenerCount()).isZero();
        // New streams work after a reset.
        assertThat(RawHttp.tcp(drydock.tcpUri(), "GET", "/events?since=0&until=1", null).text())
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void adminCallsNeverCrashTheEngineSurface() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AutoCloseable broken = drydock.engine().onReset("broken-service", o -> {
            throw new IllegalStateException("hook exploded");
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (broken) {
            Future<?> admin = pool.submit(() -> {
                while (running.get()) {
                    RawHttp.tcp(drydock.tcpUri(), "POST", "/_drydock/faults",
                            "{\"path\": \"/never/**\", \"respond\": {\"status\": 500}}");
                    RawHttp.tcp(drydock.tcpUri(), "POST", "/_drydock/faults", "{\"pathRegex\": \"(\"}");
                    RawHttp.tcp(drydock.tcpUri(), "GET", "/_drydock/requests?limit=5", null);
                    RawHttp.tcp(drydock.tcpUri(), "POST", "/_drydock/reset", null);
                    RawHttp.tcp(drydock.tcpUri(), "DELETE", "/_drydock/faults/none", null);
                }
                return null;
            });
            List<String> statuses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String head = RawHttp.tcp(drydock.tcpUri(), "GET", "/v1.41/version", null).text();
                statuses.add(head.substring(0, Math.min(12, head.length())));
            }
            running.set(false);
            admin.get(10, TimeUnit.SECONDS);
            assertThat(statuses).allMatch(s -> s.equals("HTTP/1.1 200"));

            // A failing hook is a 500 on the admin call, and the Engine API still answers.
            RawHttp.Exchange reset = RawHttp.tcp(drydock.tcpUri(), "POST", "/_drydock/reset", null);
            assertThat(reset.text()).startsWith("HTTP/1.1 500").contains("hook exploded");
            assertThat(RawHttp.tcp(drydock.tcpUri(), "GET", "/_ping", null).text()).startsWith("HTTP/1.1 200");
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

}
