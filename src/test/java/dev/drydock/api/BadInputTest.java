package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.server.HttpServer;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.testing.RawHttp;
import dev.drydock.testing.TestServers;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What a client gets for bad input: Docker's status, {@code {"message"}} as exactly application/json, never a trace. */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().maxRequestBodyBytes(64 * 1024).build());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    /** Asserts Docker's error shape and returns the message. */
    private static String error(Response res, int status) throws Exception {
        assertThat(res.statusCode()).as(res.asString()).isEqualTo(status);
        assertThat(res.header("Content-Type")).isEqualTo("application/json");
        String body = res.asString();
        assertThat(body).endsWith("}\n").doesNotContain("Exception", "\tat ", "javalin", "jetty");
        JsonNode node = JSON.readTree(body);
        assertThat(node.size()).as("only a message").isEqualTo(1);
        return node.get("message").asText();
    }

    @Test
    void aVersionPrefixThatIsNotAVersionIsAnUnknownPage() throws Exception {
        assertThat(api().get("/vX/_ping").asString()).isEqualTo("{\"message\":\"page not found\"}\n");
        assertThat(error(api().get("/vX/_ping"), 404)).isEqualTo("page not found");
        assertThat(error(api().get("/v1.45/no/such/route"), 404)).isEqualTo("page not found");
        assertThat(error(api().delete("/version"), 404)).isEqualTo("page not found");
    }

    @Test
    void versionsAboveTheRangeAreTooNew() throws Exception {
        assertThat(error(api().get("/v1.999/version"), 400))
                .isEqualTo("client version 1.999 is too new. Maximum supported API version is 1.55");
    }

    @Test
    void versionsBelowTheRangeAreTooOldWithTheDaemonsText() throws Exception {
        assertThat(error(api().get("/v1.12/version"), 400)).isEqualTo("client version 1.12 is too old. Minimum "
                + "supported API version is 1.24, please upgrade your client to a newer version");
    }

    @Test
    void unknownQueryParametersAreIgnored() {
        Response res = api().queryParam("colour", "blue").queryParam("all", "maybe").get("/version");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(api().queryParam("x", "1").get("/_ping").asString()).isEqualTo("OK");
    }

    @Test
    void nullsAndTrailingGarbageAreAcceptedWhereTheDaemonAcceptsThem() {
        for (String body : List.of("{\"username\":null,\"password\":null}", "{\"username\":\"u\"} trailing garbage",
                "null", "{}", "{\"Username\":\"case-insensitive\",\"unknown\":[1,2]}")) {
            Response res = api().contentType("application/json").body(body).post("/auth");
            assertThat(res.statusCode()).as(body).isEqualTo(200);
        }
    }

    @Test
    void malformedJsonIs400WithAMessage() throws Exception {
        assertThat(error(api().contentType("application/json").body("{bad").post("/auth"), 400))
                .startsWith("invalid JSON: ");
        assertThat(error(api().contentType("application/json").body("").post("/auth"), 400))
                .startsWith("invalid JSON");
    }

    @Test
    void wrongTypesAre400NamingTheField() throws Exception {
        assertThat(error(api().contentType("application/json").body("{\"username\":5}").post("/auth"), 400))
                .isEqualTo("invalid JSON: json: cannot unmarshal number into Go struct field AuthConfig.username of type string");
        assertThat(error(api().contentType("application/json").body("[1]").post("/auth"), 400))
                .isEqualTo("invalid JSON: json: cannot unmarshal array into Go value of type registry.AuthConfig");
        assertThat(error(api().queryParam("filters", "[\"x\"]").queryParam("until", "1").get("/events"), 400))
                .contains("cannot unmarshal array");
    }

    @Test
    void oversizedHeadersAreRefusedAndTheServerStaysUp() throws Exception {
        String big = "a".repeat(20_000);
        Response res = api().header("X-Big", big).get("/_ping");
        assertThat(error(res, 431)).isEqualTo("request header fields too large");
        assertThat(res.header("Api-Version")).isEqualTo("1.55");
        Response uri = api().queryParam("q", big).get("/_ping");
        assertThat(error(uri, 414)).isEqualTo("uri too long");
        assertThat(api().get("/_ping").asString()).isEqualTo("OK");
    }

    @Test
    void oversizedBodiesAre413AndTheServerStaysUp() throws Exception {
        byte[] big = ("{\"username\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(error(api().contentType("application/json").body(big).post("/auth"), 413)).isNotBlank();
        assertThat(api().get("/_ping").asString()).isEqualTo("OK");
    }

    @Test
    void garbageInsteadOfHttpGetsAJson400() throws Exception {
        try (RawHttp c = RawHttp.connect(drydock.tcpUri())) {
            c.send("NOT HTTP AT ALL\r\n\r\n");
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(400);
            assertThat(head.header("Content-Type")).isEqualTo("application/json");
            assertThat(new String(c.readBody(head), StandardCharsets.UTF_8)).startsWith("{\"message\":");
        }
        assertThat(api().get("/_ping").asString()).isEqualTo("OK");
    }

    /** Routes of this test's own that fail in the ways handlers will. */
    private static ApiResource failing(StreamExecutor streams) {
        return routes -> routes
                .post("/test/not-modified", ctx -> {
                    throw EngineException.notModified();
                })
                .post("/test/no-content", Http::noContent)
                .get("/test/bug", ctx -> {
                    throw new NullPointerException("secret internals");
                })
                .get("/test/conflict", ctx -> {
                    throw EngineException.conflict("container x is not running");
                });
    }

    @Test
    void notModifiedAndNoContentHaveEmptyBodiesAndBugsAre500WithoutATrace() throws Exception {
        try (HttpServer server = TestServers.withRoutes(List.of(BadInputTest::failing))) {
            RequestSpecification api = given().baseUri("http://127.0.0.1").port(server.uris().get(0).getPort());
            Response notModified = api.post("/v1.45/test/not-modified");
            assertThat(notModified.statusCode()).isEqualTo(304);
            assertThat(notModified.asByteArray()).isEmpty();
            assertThat(notModified.header("Content-Type")).isNull();
            Response noContent = api.post("/test/no-content");
            assertThat(noContent.statusCode()).isEqualTo(204);
            assertThat(noContent.asByteArray()).isEmpty();
            assertThat(noContent.header("Content-Type")).isNull();
            assertThat(error(api.get("/test/conflict"), 409)).isEqualTo("container x is not running");
            String bug = error(api.get("/test/bug"), 500);
            assertThat(bug).doesNotContain("dev.drydock");
        }
    }
}
