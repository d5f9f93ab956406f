package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.drydock.admin.DrydockDsl.containing;
import static dev.drydock.admin.DrydockDsl.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault rules through the Java API, observed by real HTTP clients. */
class FaultInjectionTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.defaults());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    @BeforeEach
    void reset() {
        drydock.reset();
    }

    private static RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    @Test
    void respondsWithDockerShapedErrorThenLetsRequestsThroughAfterTimes() {
        drydock.faults().add(Fault.on("GET", "/_ping").respond(500, "toomanyrequests: slow down").times(2));

        for (int i = 0; i < 2; i++) {
            Response r = http().get("/v1.41/_ping");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.jsonPath().getString("message")).isEqualTo("toomanyrequests: slow down");
            // A fault answer still looks like the daemon's.
            assertThat(r.header("Api-Version")).isEqualTo(DrydockConfig.DEFAULT_API_VERSION);
            assertThat(r.header("Server")).startsWith("Docker/");
        }
        assertThat(http().get("/_ping").then().extract().statusCode()).isEqualTo(200);
        assertThat(drydock.faults().list()).isEmpty();
    }

    @Test
    void coversUnknownRoutesAndMatchesVersionlessPathUnlessRawPathIsAsked() {
        drydock.faults().add(Fault.on("ANY", "/no/such/**").respondWith(418, "text/plain", "teapot"));
        assertThat(http().get("/v1.30/no/such/route").statusCode()).isEqualTo(418);
        assertThat(http().post("/no/such/thing/deeper").body().asString()).isEqualTo("teapot");

        drydock.faults().clear();
        drydock.faults().add(Fault.on("GET", "/v1.41/version").onRawPath().respond(503));
        assertThat(http().get("/v1.41/version").statusCode()).isEqualTo(503);
        assertThat(http().get("/version").statusCode()).isEqualTo(200);
        assertThat(http().get("/v1.40/version").statusCode()).isEqualTo(200);
    }

    @Test
    void regexGlobQueryHeaderAndBodyPredicates() {
        drydock.faults().add(Fault.onRegex("GET", "/(info|version)").withQueryParam("x", equalTo("1")).respond(500));
        assertThat(http().get("/info?x=1").statusCode()).isEqualTo(500);
        assertThat(http().get("/version?x=1").statusCode()).isEqualTo(500);
        assertThat(http().get("/info?x=2").statusCode()).isEqualTo(200);

        drydock.faults().add(Fault.on("GET", "/_ping").withHeader("X-Test", containing("boom")).respond(502));
        assertThat(http().header("x-test", "a boom b").get("/_ping").statusCode()).isEqualTo(502);
        assertThat(http().get("/_ping").statusCode()).isEqualTo(200);

        drydock.faults().add(Fault.on("POST", "/auth").withRequestBody(containing("\"username\":\"bad\""))
                .respond(401, "unauthorized: bad user"));
        Response denied = http().contentType("application/json").body("{\"username\":\"bad\",\"password\":\"x\"}")
                .post("/auth");
        assertThat(denied.statusCode()).isEqualTo(401);
        // A body read to evaluate a rule that then does not match is still handed to the real handler.
        Response ok = http().contentType("application/json").body("{\"username\":\"good\",\"password\":\"x\"}")
                .post("/auth");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.jsonPath().getString("Status")).isEqualTo("Login Succeeded");
    }

    @Test
    void lowestPriorityWinsThenTheMostRecentRule() {
        drydock.faults().add(Fault.on("GET", "/_ping").respond(501).priority(1));
        drydock.faults().add(Fault.on("GET", "/_ping").respond(502).priority(9));
        drydock.faults().add(Fault.on("GET", "/_ping").respond(503).priority(1));
        assertThat(http().get("/_ping").statusCode()).isEqualTo(503);
        assertThat(drydock.faults().list()).extracting(r -> r.definition().priority()).containsExactly(1, 1, 9);
    }

    @Test
    void scenarioFailsTwiceThenSucceedsAndMovesState() {
        drydock.faults().add(Fault.on("GET", "/version").inScenario("flaky").whenScenarioStateIs(Fault.STARTED)
                .respond(500, "first failure").willSetStateTo("second"));
        drydock.faults().add(Fault.on("GET", "/version").inScenario("flaky").whenScenarioStateIs("second")
                .respond(500, "second failure").willSetStateTo("healed"));

        assertThat(http().get("/version").jsonPath().getString("message")).isEqualTo("first failure");
        assertThat(http().get("/version").jsonPath().getString("message")).isEqualTo("second failure");
        assertThat(http().get("/version").statusCode()).isEqualTo(200);
        assertThat(drydock.faults().scenarioState("flaky")).isEqualTo("healed");
    }

    @Test
    void delayHappensBeforeTheRealHandler() {
        drydock.faults().add(Fault.on("GET", "/_ping").delay(Duration.ofMillis(300)).once());
        long t0 = System.nanoTime();
        Response r = http().get("/_ping");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().asString()).isEqualTo("OK");
        assertThat(ms).isGreaterThanOrEqualTo(300);
        drydock.faults().add(Fault.on("GET", "/_ping").randomDelay(Duration.ofMillis(50), Duration.ofMillis(80))
                .respond(500));
        t0 = System.nanoTime();
        assertThat(http().get("/_ping").statusCode()).isEqualTo(500);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(50);
    }

    @Test
    void resetConnectionSendsRstAndCloseSendsEof() throws IOException {
        drydock.faults().add(Fault.on("GET", "/_ping").resetConnection().once());
        RawHttp.Exchange reset = RawHttp.tcp(drydock.tcpUri(), "GET", "/_ping", null);
        assertThat(reset.text()).isEmpty();
        assertThat(reset.reset()).as("connection reset, got %s", reset.error()).isTrue();

        drydock.faults().add(Fault.on("GET", "/_ping").closeConnection().once());
        RawHttp.Exchange closed = RawHttp.tcp(drydock.tcpUri(), "GET", "/_ping", null);
        assertThat(closed.text()).isEmpty();
        assertThat(closed.error()).isNull();

        // The server carries on.
        assertThat(RawHttp.tcp(drydock.tcpUri(), "GET", "/_ping", null).text()).startsWith("HTTP/1.1 200");
    }

    @Test
    void failMidStreamLetsLinesThroughThenWritesDockerInBandError() throws Exception {
        publishEvents(5);
        drydock.faults().add(Fault.on("GET", "/events").failAfterLines(2, "unexpected EOF").once());
        HttpResponse<String> r = events();
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"Action\":\"create\"");
        assertThat(lines.get(2)).isEqualTo("{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}");

        // Once used up, the stream is whole again.
        assertThat(events().body().lines()).hasSize(5);
    }

    @Test
    void cutMidStreamBreaksTheChunkedBody() throws Exception {
        publishEvents(5);
        drydock.faults().add(Fault.on("GET", "/events").cutAfterLines(2));
        assertThatThrownBy(this::events).isInstanceOf(IOException.class);
        RawHttp.Exchange raw = RawHttp.tcp(drydock.tcpUri(), "GET", "/events?since=0&until=" + untilNow(), null);
        assertThat(raw.text()).startsWith("HTTP/1.1 200").contains("\"Action\":\"create\"")
                .doesNotContain("\r\n0\r\n\r\n");
        assertThat(raw.text().split("\"Action\"")).hasSize(3);
    }

    @Test
    void failAfterChunksCountsWrites() throws Exception {
        publishEvents(4);
        drydock.faults().add(Fault.on("GET", "/events").failAfterChunks(1, "boom"));
        List<String> lines = events().body().lines().toList();
        // The header flush writes nothing; each event is one write.
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("\"error\":\"boom\"");
    }

    @Test
    void javaDefinitionsRejectBadInputNamingTheField() {
        assertThatThrownBy(() -> Fault.onRegex("GET", "/containers/(")).hasMessageContaining("field \"pathRegex\"");
        assertThatThrownBy(() -> Fault.on("GET", "/x").times(0)).hasMessageContaining("field \"times\"");
        assertThatThrownBy(() -> Fault.on("GET", "/x").delay(Duration.ofMillis(-1)))
                .hasMessageContaining("field \"delay.fixedMs\"");
        assertThatThrownBy(() -> Fault.on("GET", "/x").respond(99)).hasMessageContaining("field \"respond.status\"");
        assertThatThrownBy(() -> drydock.faults().add(Fault.on("GET", "/x")))
                .hasMessageContaining("field \"respond\"");
        assertThatThrownBy(() -> Fault.on("GET", "/x").respond(500).closeConnection())
                .isInstanceOf(IllegalStateException.class);
    }

    private void publishEvents(int n) {
        for (int i = 0; i < n; i++) {
            drydock.engine().events().publish("container", "create", "c" + i, Map.of("name", "n" + i));
        }
    }

    private static long untilNow() {
        return Instant.now().getEpochSecond() + 1;
    }

    private HttpResponse<String> events() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + drydock.port()
                + "/events?since=0&until=" + untilNow())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
