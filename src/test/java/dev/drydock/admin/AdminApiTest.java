package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin REST API under /_drydock/, as any language would drive it. */
class AdminApiTest {
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
        http().post("/_drydock/reset").then().statusCode(204);
    }

    private static RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    private static Response addFault(String json) {
        return http().contentType("application/json").body(json).post("/_drydock/faults");
    }

    @Test
    void faultLifecycleOverRest() {
        Response added = addFault("""
                {"method": "POST", "path": "/images/create", "query": {"fromImage": {"contains": "busybox"}},
                 "respond": {"status": 500, "message": "toomanyrequests: rate limit"}, "times": 2, "priority": 3}""");
        assertThat(added.statusCode()).isEqualTo(201);
        String id = added.jsonPath().getString("id");
        assertThat(id).isNotBlank();
        assertThat(added.jsonPath().getInt("remaining")).isEqualTo(2);

        Response pull = http().post("/v1.41/images/create?fromImage=busybox&tag=latest");
        assertThat(pull.statusCode()).isEqualTo(500);
        assertThat(pull.jsonPath().getString("message")).isEqualTo("toomanyrequests: rate limit");

        List<Map<String, Object>> rules = http().get("/_drydock/faults").jsonPath().getList("$");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0)).containsEntry("id", id).containsEntry("remaining", 1).containsEntry("hits", 1)
                .containsEntry("path", "/images/create").containsEntry("priority", 3);
        assertThat(http().get("/_drydock/faults/" + id).jsonPath().getString("method")).isEqualTo("POST");

        assertThat(http().delete("/_drydock/faults/" + id).statusCode()).isEqualTo(204);
        Response gone = http().delete("/_drydock/faults/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.jsonPath().getString("message")).isEqualTo("no such fault rule: " + id);

        addFault("{\"path\": \"/_ping\", \"drop\": \"close\"}");
        addFault("{\"id\": \"slow\", \"pathRegex\": \"/ver.*\", \"delay\": {\"minMs\": 1, \"maxMs\": 2}}");
        assertThat(http().get("/_drydock/faults").jsonPath().getList("id")).hasSize(2).contains("slow");
        assertThat(http().delete("/_drydock/faults").statusCode()).isEqualTo(204);
        assertThat(http().get("/_drydock/faults").jsonPath().getList("$")).isEmpty();
    }

    @Test
    void failMidStreamAndScenarioOverRest() {
        addFault("""
                {"method": "GET", "path": "/_ping", "scenario": "s", "whenState": "Started", "setState": "up",
                 "respond": {"status": 503, "body": "down", "contentType": "text/plain", "headers": {"X-Why": "test"}}}""")
                .then().statusCode(201);
        Response first = http().get("/_ping");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body().asString()).isEqualTo("down");
        assertThat(first.header("X-Why")).isEqualTo("test");
        assertThat(http().get("/_ping").statusCode()).isEqualTo(200);
        assertThat(http().get("/_drydock/scenarios").jsonPath().getString("s")).isEqualTo("up");
        http().contentType("application/json").body("{\"state\": \"Started\"}").put("/_drydock/scenarios/s")
                .then().statusCode(204);
        assertThat(http().get("/_ping").statusCode()).isEqualTo(503);

        Response mid = addFault("{\"path\": \"/events\", \"failMidStream\": {\"afterLines\": 0, \"error\": \"x\"}}");
        assertThat(mid.statusCode()).isEqualTo(201);
        assertThat(mid.jsonPath().getMap("failMidStream")).containsEntry("afterLines", 0).containsEntry("error", "x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad regex            | {\"pathRegex\": \"/containers/(\", \"respond\": {\"status\": 500}}        | pathRegex",
            "unknown field        | {\"path\": \"/x\", \"respnd\": {\"status\": 500}}                        | respnd",
            "unknown nested field | {\"path\": \"/x\", \"respond\": {\"status\": 500, \"mesage\": \"m\"}}    | respond.mesage",
            "negative delay       | {\"path\": \"/x\", \"delayMs\": -5}                                      | delayMs",
            "negative random delay| {\"path\": \"/x\", \"delay\": {\"minMs\": -1, \"maxMs\": 3}}            | delay.minMs",
            "max below min        | {\"path\": \"/x\", \"delay\": {\"minMs\": 5, \"maxMs\": 3}}             | delay.maxMs",
            "zero times           | {\"path\": \"/x\", \"respond\": {\"status\": 500}, \"times\": 0}         | times",
            "negative times       | {\"path\": \"/x\", \"respond\": {\"status\": 500}, \"times\": -2}        | times",
            "times not a number   | {\"path\": \"/x\", \"respond\": {\"status\": 500}, \"times\": \"2\"}     | times",
            "status out of range  | {\"path\": \"/x\", \"respond\": {\"status\": 700}}                       | respond.status",
            "status missing       | {\"path\": \"/x\", \"respond\": {\"message\": \"m\"}}                    | respond.status",
            "no action            | {\"path\": \"/x\"}                                                       | respond",
            "two actions          | {\"path\": \"/x\", \"drop\": \"reset\", \"respond\": {\"status\": 500}} | respond",
            "bad drop mode        | {\"path\": \"/x\", \"drop\": \"explode\"}                                | drop",
            "negative afterLines  | {\"path\": \"/x\", \"failMidStream\": {\"afterLines\": -1}}              | failMidStream.afterLines",
            "bad query regex      | {\"path\": \"/x\", \"query\": {\"a\": {\"matches\": \"[\"}}, \"drop\": \"close\"} | query.a.matches",
            "bad matcher          | {\"path\": \"/x\", \"headers\": {\"h\": {\"like\": \"v\"}}, \"drop\": \"close\"}  | headers.h.like",
            "path and regex       | {\"path\": \"/x\", \"pathRegex\": \"/x\", \"drop\": \"close\"}          | pathRegex",
            "relative path        | {\"path\": \"x\", \"drop\": \"close\"}                                   | path",
            "bad method           | {\"method\": \"G T\", \"path\": \"/x\", \"drop\": \"close\"}             | method",
            "state without scenario | {\"path\": \"/x\", \"whenState\": \"a\", \"drop\": \"close\"}        | scenario",
    })
    void malformedRulesAre400NamingTheField(String name, String json, String field) {
        Response r = addFault(json);
        assertThat(r.statusCode()).as(r.body().asString()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("message")).startsWith("field \"" + field + "\": ");
        assertThat(http().get("/_drydock/faults").jsonPath().getList("$")).isEmpty();
    }

    @Test
    void malformedJsonAndMissingBodyAre400() {
        Response bad = addFault("{\"path\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("message")).startsWith("invalid JSON");
        Response empty = http().post("/_drydock/faults");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(addFault("[1, 2]").jsonPath().getString("message")).isEqualTo("a JSON object is required");
    }

    @Test
    void adminIsNeverVersionedJournaledOrFaulted() {
        addFault("{\"path\": \"/**\", \"respond\": {\"status\": 500}}").then().statusCode(201);
        // Admin routes stay reachable even with a catch-all fault, and are not recorded.
        assertThat(http().get("/_drydock/faults").statusCode()).isEqualTo(200);
        assertThat(http().get("/_drydock/requests").jsonPath().getList("$")).isEmpty();
        // Under a version prefix it is just an unknown Engine path, subject to faults like any other.
        assertThat(http().get("/v1.41/_drydock/faults").statusCode()).isEqualTo(500);
        http().delete("/_drydock/faults");
        Response versioned = http().get("/v1.41/_drydock/faults");
        assertThat(versioned.statusCode()).isEqualTo(404);
        assertThat(versioned.jsonPath().getString("message")).isEqualTo("page not found");
        assertThat(http().get("/_drydock/nope").statusCode()).isEqualTo(404);
        assertThat(http().get("/_drydock").jsonPath().getList("routes")).contains("POST /_drydock/faults");
    }

    @Test
    void journalOverRestWithFiltersAndUnmatched() {
        http().get("/_ping");
        http().get("/v1.41/version");
        http().post("/v1.41/frobnicate/abc/start");
        http().get("/nope");

        List<Map<String, Object>> all = http().get("/_drydock/requests").jsonPath().getList("$");
        assertThat(all).extracting(m -> m.get("rawPath"))
                .containsExactly("/_ping", "/v1.41/version", "/v1.41/frobnicate/abc/start", "/nope");
        Map<String, Object> version = all.get(1);
        assertThat(version).containsEntry("method", "GET").containsEntry("path", "/version")
                .containsEntry("apiVersion", "1.41").containsEntry("status", 200).containsEntry("transport", "tcp");

        assertThat(http().get("/_drydock/requests?method=post").jsonPath().getList("path"))
                .containsExactly("/frobnicate/abc/start");
        assertThat(http().get("/_drydock/requests?path=/frobnicate/*/start").jsonPath().getList("id")).hasSize(1);
        assertThat(http().get("/_drydock/requests?pathRegex=/(_ping|version)").jsonPath().getList("id")).hasSize(2);
        assertThat(http().get("/_drydock/requests?status=404").jsonPath().getList("path"))
                .containsExactly("/frobnicate/abc/start", "/nope");
        assertThat(http().get("/_drydock/requests?limit=1").jsonPath().getList("path")).containsExactly("/nope");
        assertThat(http().get("/_drydock/requests?since=" + all.get(2).get("id")).jsonPath().getList("path"))
                .containsExactly("/nope");
        assertThat(http().get("/_drydock/requests?status=abc").statusCode()).isEqualTo(400);
        assertThat(http().get("/_drydock/requests?transport=udp").jsonPath().getString("message"))
                .startsWith("field \"transport\"");

        assertThat(http().get("/_drydock/requests/unmatched").jsonPath().getList("path"))
                .containsExactly("/frobnicate/abc/start", "/nope");

        Response found = http().contentType("application/json")
                .body("{\"method\": \"POST\", \"pathRegex\": \"/frobnicate/.*/start\"}").post("/_drydock/requests/find");
        assertThat(found.jsonPath().getList("rawPath")).containsExactly("/v1.41/frobnicate/abc/start");
        assertThat(http().contentType("application/json").body("{\"path\": \"/**\"}").post("/_drydock/requests/count")
                .jsonPath().getInt("count")).isEqualTo(4);
        assertThat(http().contentType("application/json").body("{\"pth\": \"/**\"}").post("/_drydock/requests/count")
                .jsonPath().getString("message")).startsWith("field \"pth\"");

        assertThat(http().delete("/_drydock/requests").statusCode()).isEqualTo(204);
        assertThat(http().get("/_drydock/requests").jsonPath().getList("$")).isEmpty();
    }

    @Test
    void adminCanBeTurnedOffForAPureEngineSurface() {
        try (Drydock pure = Drydock.start(DrydockConfig.builder().adminEnabled(false).build())) {
            Response r = RestAssured.given().baseUri("http://127.0.0.1").port(pure.port()).get("/_drydock/faults");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.jsonPath().getString("message")).isEqualTo("page not found");
            // The Java side still works.
            pure.faults().add(Fault.on("GET", "/_ping").respond(500));
            assertThat(RestAssured.given().baseUri("http://127.0.0.1").port(pure.port()).get("/_ping").statusCode())
                    .isEqualTo(500);
        }
    }
}
