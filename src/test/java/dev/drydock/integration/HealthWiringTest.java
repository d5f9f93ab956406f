package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.engine.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/** Health checks and the OOM kill on a wired Drydock: probes run as execs in the simulated runtime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthWiringTest {
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

    private static String run(String name, String healthcheck) {
        String id = create(d, name, "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"Healthcheck\":"
                + healthcheck + "}");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    private static JsonNode inspect(String ref) throws Exception {
        return MAPPER.readTree(api(d).get("/containers/" + ref + "/json").then().statusCode(200).extract().asString());
    }

    private static JsonNode awaitHealth(String ref, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode h = inspect(ref).path("State").path("Health");
        while (!done.test(h) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            h = inspect(ref).path("State").path("Health");
        }
        assertThat(done.test(h)).as("health of " + ref + ": " + h).isTrue();
        return h;
    }

    private static List<String> actions(String id) {
        return d.engine().events().history().stream().filter(e -> e.actorId().equals(id)).map(Event::action)
                .toList();
    }

    private static List<String> names(String filters) {
        return api(d).queryParam("filters", filters).queryParam("all", "1").get("/containers/json").then().statusCode(200).extract()
                .jsonPath().getList("Names.flatten()");
    }

    @Test
    void aPassingProbeMakesItHealthyWithExecEventsAndOneStatusEvent() throws Exception {
        String id = run("hc-ok", "{\"Test\":[\"CMD-SHELL\",\"echo ok\"],\"Interval\":100000000}");
        JsonNode h = awaitHealth("hc-ok", n -> n.path("Log").size() >= 2);
        assertThat(h.path("Status").asText()).isEqualTo("healthy");
        assertThat(h.path("FailingStreak").asInt()).isZero();
        JsonNode probe = h.path("Log").get(0);
        assertThat(probe.path("ExitCode").asInt()).isZero();
        assertThat(probe.path("Output").asText()).isEqualTo("ok\n");
        assertThat(probe.path("Start").asText()).endsWith("Z");
        assertThat(probe.path("End").asText()).endsWith("Z");

        List<String> actions = actions(id);
        int create = actions.indexOf("exec_create: /bin/sh -c echo ok");
        int start = actions.indexOf("exec_start: /bin/sh -c echo ok");
        int die = actions.indexOf("exec_die");
        int healthy = actions.indexOf("health_status: healthy");
        assertThat(create).isNotNegative();
        assertThat(create).isLessThan(start);
        assertThat(start).isLessThan(die);
        assertThat(die).isLessThan(healthy);
        assertThat(actions.stream().filter(a -> a.startsWith("health_status")).count()).isEqualTo(1);

        String status = api(d).queryParam("filters", "{\"name\":[\"hc-ok\"]}").get("/containers/json").then()
                .extract().jsonPath().getString("[0].Status");
        assertThat(status).matches("Up .* \\(healthy\\)");
        assertThat(names("{\"health\":[\"healthy\"]}")).contains("/hc-ok");
        assertThat(names("{\"health\":[\"unhealthy\"]}")).doesNotContain("/hc-ok");
        assertThat(names("{\"health\":[\"none\"]}")).doesNotContain("/hc-ok");
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
    }

    @Test
    void failingProbesMakeItUnhealthyAfterTheRetriesAndKeepFiveLogEntries() throws Exception {
        String id = run("hc-bad", "{\"Test\":[\"CMD\",\"sh\",\"-c\",\"echo bad; exit 3\"],\"Interval\":50000000,"
                + "\"Retries\":2}");
        awaitHealth("hc-bad", n -> n.path("Status").asText().equals("unhealthy"));
        JsonNode h = awaitHealth("hc-bad", n -> n.path("FailingStreak").asInt() >= 7);
        assertThat(h.path("Log").size()).isEqualTo(5);
        assertThat(h.path("Log").get(4).path("ExitCode").asInt()).isEqualTo(3);
        assertThat(h.path("Log").get(4).path("Output").asText()).isEqualTo("bad\n");
        List<String> actions = actions(id);
        assertThat(actions).containsOnlyOnce("health_status: unhealthy");
        assertThat(actions).doesNotContain("health_status: healthy");
        assertThat(names("{\"health\":[\"unhealthy\"]}")).contains("/hc-bad");
        String status = api(d).queryParam("filters", "{\"name\":[\"hc-bad\"]}").get("/containers/json").then()
                .extract().jsonPath().getString("[0].Status");
        assertThat(status).endsWith("(unhealthy)");

        // Stopping keeps the last verdict; starting again is "starting" with the streak cleared.
        api(d).post("/containers/hc-bad/stop?t=0").then().statusCode(204);
        assertThat(inspect("hc-bad").path("State").path("Health").path("Status").asText()).isEqualTo("unhealthy");
        api(d).post("/containers/hc-bad/start").then().statusCode(204);
        JsonNode restarted = inspect("hc-bad").path("State").path("Health");
        assertThat(restarted.path("Status").asText()).isIn("starting", "unhealthy");
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
    }

    @Test
    void beforeTheFirstProbeItIsStarting() throws Exception {
        String created = create(d, "hc-created", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],"
                + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":3600000000000}}");
        assertThat(inspect(created).path("State").has("Health")).isFalse();
        assertThat(names("{\"health\":[\"starting\"]}")).contains("/hc-created");
        api(d).post("/containers/hc-created/start").then().statusCode(204);
        JsonNode h = inspect("hc-created").path("State").path("Health");
        assertThat(h.path("Status").asText()).isEqualTo("starting");
        assertThat(h.path("FailingStreak").asInt()).isZero();
        assertThat(h.path("Log").isArray()).isTrue();
        assertThat(h.path("Log").size()).isZero();
        String status = api(d).queryParam("filters", "{\"name\":[\"hc-created\"]}").get("/containers/json").then()
                .extract().jsonPath().getString("[0].Status");
        assertThat(status).endsWith("(health: starting)");
        api(d).delete("/containers/hc-created?force=1").then().statusCode(204);
    }

    @Test
    void failuresWithinTheStartPeriodDoNotCount() throws Exception {
        run("hc-grace", "{\"Test\":[\"CMD\",\"false\"],\"Interval\":50000000,\"Retries\":1,"
                + "\"StartPeriod\":3600000000000}");
        JsonNode h = awaitHealth("hc-grace", n -> n.path("Log").size() >= 3);
        assertThat(h.path("Status").asText()).isEqualTo("starting");
        assertThat(h.path("FailingStreak").asInt()).isZero();
        api(d).delete("/containers/hc-grace?force=1").then().statusCode(204);
    }

    @Test
    void aProbeThatOutlivesItsTimeoutIsKilledAndFails() throws Exception {
        run("hc-slow", "{\"Test\":[\"CMD\",\"sleep\",\"30\"],\"Interval\":50000000,\"Timeout\":100000000,"
                + "\"Retries\":1}");
        JsonNode h = awaitHealth("hc-slow", n -> n.path("Status").asText().equals("unhealthy"));
        JsonNode probe = h.path("Log").get(0);
        assertThat(probe.path("ExitCode").asInt()).isEqualTo(-1);
        assertThat(probe.path("Output").asText()).isEqualTo("Health check exceeded timeout (100ms)");
        api(d).delete("/containers/hc-slow?force=1").then().statusCode(204);
    }

    @Test
    void noneDisablesTheCheck() throws Exception {
        String id = run("hc-none", "{\"Test\":[\"NONE\"]}");
        assertThat(inspect(id).path("State").has("Health")).isFalse();
        assertThat(names("{\"health\":[\"none\"]}")).contains("/hc-none");
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
    }

    @Test
    void anOomKillSetsOomKilledAndPublishesOomBeforeDie() throws Exception {
        String id = create(d, "oom", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        d.engine().containers().killAsOom("oom");
        JsonNode state = inspect(id).path("State");
        assertThat(state.path("OOMKilled").asBoolean()).isTrue();
        assertThat(state.path("ExitCode").asInt()).isEqualTo(137);
        assertThat(state.path("Status").asText()).isEqualTo("exited");
        List<String> actions = actions(id);
        assertThat(actions).containsSubsequence("start", "oom", "die");
        assertThat(actions.indexOf("die")).isEqualTo(actions.indexOf("oom") + 1);
        assertThat(actions).doesNotContain("kill");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        assertThat(inspect(id).path("State").path("OOMKilled").asBoolean()).isFalse();
        api(d).delete("/containers/" + id + "?force=1").then().statusCode(204);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.engine().containers().killAsOom(id))
                .hasMessageContaining("No such container");
    }
}
