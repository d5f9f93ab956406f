package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.drydock.admin.DrydockDsl.absent;
import static dev.drydock.admin.DrydockDsl.anyRequestedFor;
import static dev.drydock.admin.DrydockDsl.anyUrl;
import static dev.drydock.admin.DrydockDsl.atLeast;
import static dev.drydock.admin.DrydockDsl.atMost;
import static dev.drydock.admin.DrydockDsl.containing;
import static dev.drydock.admin.DrydockDsl.equalTo;
import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.matching;
import static dev.drydock.admin.DrydockDsl.never;
import static dev.drydock.admin.DrydockDsl.postRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static dev.drydock.admin.DrydockDsl.urlPathGlob;
import static dev.drydock.admin.DrydockDsl.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request journal and the verification DSL. */
class JournalAndVerificationTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private Drydock drydock;

    @AfterEach
    void stop() {
        if (drydock != null) {
            drydock.close();
        }
    }

    private Drydock start(DrydockConfig.Builder b) {
        drydock = Drydock.start(b.build());
        return drydock;
    }

    private RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    @Test
    void recordsEveryPartOfTheRequestAndBothTransports() throws Exception {
        start(DrydockConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)));
        RawHttp.tcp(drydock.tcpUri(), "POST", "/v1.43/auth?a=1&b=x%20y&a=2", "{\"username\":\"u\",\"password\":\"p\"}",
                "X-Registry-Auth: e30=\r\n");
        RawHttp.unix(drydock.unixUri().orElseThrow(), "GET", "/_ping", null);

        List<LoggedRequest> all = drydock.journal().all();
        assertThat(all).hasSize(2);
        LoggedRequest auth = all.get(0);
        assertThat(auth.method()).isEqualTo("POST");
        assertThat(auth.rawPath()).isEqualTo("/v1.43/auth");
        assertThat(auth.path()).isEqualTo("/auth");
        assertThat(auth.apiVersion()).isEqualTo("1.43");
        assertThat(auth.rawQuery()).isEqualTo("a=1&b=x%20y&a=2");
        assertThat(auth.queryParams()).containsEntry("a", List.of("1", "2")).containsEntry("b", List.of("x y"));
        assertThat(auth.headerValues("x-registry-auth")).containsExactly("e30=");
        assertThat(auth.bodyText()).isEqualTo("{\"username\":\"u\",\"password\":\"p\"}");
        assertThat(auth.status()).isEqualTo(200);
        assertThat(auth.completed()).isTrue();
        assertThat(auth.durationNanos()).isPositive();
        assertThat(auth.transport()).isEqualTo("tcp");
        assertThat(auth.timestamp()).isEqualTo(NOW);

        LoggedRequest ping = all.get(1);
        assertThat(ping.transport()).isEqualTo("unix");
        assertThat(ping.apiVersion()).isNull();
        assertThat(ping.id()).isGreaterThan(auth.id());
    }

    @Test
    void theRingKeepsTheNewestAndBoundsBodies() {
        start(DrydockConfig.builder().journalSize(3).journalBodyLimit(4));
        for (int i = 0; i < 5; i++) {
            http().get("/_ping?n=" + i);
        }
        http().contentType("application/json").body("{\"username\":\"u\"}").post("/auth");
        List<LoggedRequest> kept = drydock.journal().all();
        assertThat(kept).extracting(r -> r.queryParam("n")).containsExactly("3", "4", null);
        LoggedRequest auth = kept.get(2);
        assertThat(auth.bodyText()).isEqualTo("{\"us");
        assertThat(auth.bodyTruncated()).isTrue();
        assertThat(auth.bodySize()).isEqualTo(16);
        assertThat(drydock.journal().totalRecorded()).isEqualTo(6);
    }

    @Test
    void aStreamIsRecordedWhileInFlight() throws Exception {
        start(DrydockConfig.builder());
        CompletableFuture<HttpResponse<String>> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + drydock.port() + "/events")).build(), HttpResponse.BodyHandlers.ofString());
        LoggedRequest events = null;
        for (int i = 0; i < 200 && events == null; i++) {
            List<LoggedRequest> found = drydock.findAll(getRequestedFor(urlPathEqualTo("/events")));
            if (!found.isEmpty() && found.get(0).status() == 200) {
                events = found.get(0);
            } else {
                Thread.sleep(10);
            }
        }
        assertThat(events).isNotNull();
        assertThat(events.completed()).isFalse();
        drydock.reset();
        stream.get(5, TimeUnit.SECONDS);
        assertThat(events.completed()).isTrue();
    }

    @Test
    void verifySucceedsOnTheRightCounts() {
        start(DrydockConfig.builder());
        http().get("/v1.41/_ping");
        http().get("/_ping");
        http().header("User-Agent", "Docker-Client/28").get("/version?x=1");
        http().contentType("application/json").body("{\"username\":\"me\"}").post("/auth");

        drydock.verify(exactly(2), getRequestedFor(urlPathEqualTo("/_ping")));
        drydock.verify(getRequestedFor(urlPathMatching("/_p.*")));
        drydock.verify(atLeast(1), getRequestedFor(urlPathGlob("/v*")).withHeader("User-Agent", containing("Docker")));
        drydock.verify(atMost(1), anyRequestedFor(urlPathEqualTo("/version")).withQueryParam("x", equalTo("1")));
        drydock.verify(exactly(1), postRequestedFor(urlPathEqualTo("/auth")).withRequestBody(matching(".*\"me\".*")));
        drydock.verify(never(), postRequestedFor(urlPathMatching("/containers/.*/start")));
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/_ping")).withQueryParam("x", absent())
                .withHeader("X-None", absent()).onRawPath().withHeader("Host", containing("127.0.0.1"))
                .withQueryParam("q", absent()).withRequestBody(equalTo("")).withHeader("Accept", containing("*")));
        assertThat(drydock.findAll(anyRequestedFor(anyUrl()))).hasSize(4);
    }

    @Test
    void failureMessageIsADiffListingTheClosestRequests() {
        start(DrydockConfig.builder());
        http().post("/v1.41/containers/abc/stop");
        http().get("/v1.41/containers/abc/json");
        http().get("/_ping");

        assertThatThrownBy(() -> drydock.verify(exactly(1), postRequestedFor(urlPathMatching("/containers/.*/start"))))
                .isInstanceOf(VerificationException.class)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Expected exactly 1 request matching
                            POST /containers/.*/start (regex)
                        but received 0.

                        Closest recorded requests (3 of 3 recorded):
                          #0 POST /v1.41/containers/abc/stop -> 404
                              path: expected /containers/.*/start (regex), was /containers/abc/stop
                          #1 GET /v1.41/containers/abc/json -> 404
                              method: expected POST, was GET
                              path: expected /containers/.*/start (regex), was /containers/abc/json""");

        assertThatThrownBy(() -> drydock.verify(never(), getRequestedFor(urlPathEqualTo("/_ping"))))
                .hasMessageContaining("Expected no request matching")
                .hasMessageContaining("Matching requests:\n  #2 GET /_ping -> 200");
        drydock.journal().clear();
        assertThatThrownBy(() -> drydock.verify(getRequestedFor(urlPathEqualTo("/_ping"))))
                .hasMessageContaining("at least 1 request").hasMessageEndingWith("No requests were recorded.");
    }

    @Test
    void verifyingWithTheJournalOffIsAnError() {
        start(DrydockConfig.builder().journalSize(0));
        http().get("/_ping");
        assertThat(drydock.journal().all()).isEmpty();
        assertThatThrownBy(() -> drydock.verify(getRequestedFor(urlPathEqualTo("/_ping"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journal is off");
    }
}
