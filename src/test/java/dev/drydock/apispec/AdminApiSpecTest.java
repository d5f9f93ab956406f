package dev.drydock.apispec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.api.Json;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** api-spec/admin.yaml lists exactly the admin routes a server serves, and its schemas fit real answers. */
class AdminApiSpecTest {
    private static Drydock drydock;
    private static ApiSpec spec;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
        spec = ApiSpec.load(ApiSpec.ADMIN_RESOURCE);
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    /** What the server says it serves ({@code GET /_drydock}), as operations. */
    private static Set<String> served() {
        Set<String> out = new TreeSet<>();
        for (Object route : RestAssured.given().port(drydock.port()).get("/_drydock").jsonPath().getList("routes")) {
            String[] parts = route.toString().split(" ", 2);
            out.add(ApiSpec.operation(parts[0], parts[1]));
        }
        return out;
    }

    @Test
    void everyServedAdminRouteIsDescribedAndNothingElse() {
        Set<String> served = served();
        assertThat(served).as("the server lists its admin routes").contains("POST /_drydock/seed", "GET /_drydock");
        assertThat(spec.operations()).as("api-spec/admin.yaml against GET /_drydock").isEqualTo(served);
    }

    @Test
    void everyListedRouteAnswersSomethingOtherThanPageNotFound() {
        for (String op : served()) {
            String[] parts = op.split(" ", 2);
            Response r = RestAssured.given().port(drydock.port()).contentType("application/json").body("{}")
                    .request(parts[0], parts[1].replace("{}", "nothing-here"));
            assertThat(r.asString()).as(op).doesNotContain("page not found");
        }
    }

    @Test
    void seedAndClockAnswersFitTheirSchemas() throws Exception {
        Response seeded = RestAssured.given().port(drydock.port()).contentType("application/json")
                .body("{\"volumes\": [\"spec-check\"], \"containers\": [{\"image\": \"busybox\"}]}")
                .post("/_drydock/seed");
        assertThat(seeded.statusCode()).isEqualTo(201);
        JsonNode made = Json.MAPPER.readTree(seeded.asByteArray());
        assertThat(spec.problems("POST", "/_drydock/seed", 201, "application/json", made)).isEmpty();
        JsonNode clock = Json.MAPPER.readTree(RestAssured.given().port(drydock.port()).get("/_drydock/clock")
                .asByteArray());
        assertThat(spec.problems("GET", "/_drydock/clock", 200, "application/json", clock)).isEmpty();
        assertThat(spec.problems("GET", "/_drydock/clock", 200, "application/json",
                Json.MAPPER.readTree("{\"time\": 5}"))).isNotEmpty();
    }
}
