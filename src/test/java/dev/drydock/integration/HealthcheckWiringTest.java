package dev.drydock.integration;

import dev.drydock.Drydock;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healthchecks over the API on a wired daemon: probes run as execs on the configured interval, State.Health
 * and the ps status follow their results, health_status events mark each change, and the health filter lists.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthcheckWiringTest {
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

    private static JsonPath inspect(String id) {
        return Wired.api(d).get("/containers/" + id + "/json").then().statusCode(200).extract().jsonPath();
    }

    /** Polls inspect until the condition holds (probes run on real intervals of tens of milliseconds). */
    private static JsonPath until(String id, Predicate<JsonPath> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonPath j = inspect(id);
        while (!condition.test(j)) {
            assertThat(System.nanoTime()).as("State.Health: " + j.getMap("State.Health")).isLessThan(deadline);
            Thread.sleep(20);
            j = inspect(id);
        }
        return j;
    }

    private static String run(String name, String healthcheck, String... cmd) {
        String body = "{\"Image\":\"busybox\",\"Cmd\":" + "[\"" + String.join("\",\"", cmd) + "\"]" + ",\"Healthcheck\":" + healthcheck
                + "}";
        String id = Wired.create(d, name, body);
        Wired.api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    private static List<String> ps(String filter) {
        return Wired.api(d).queryParam("filters", filter).get("/containers/json").then().statusCode(200).extract()
                .jsonPath().getList("Names.flatten()");
    }

    @Test
    void startingThenHealthyThenUnhealthyWithEventsAndTheStatusLine() throws Exception {
        String id = run("hc-flip", "{\"Test\":[\"CMD-SHELL\",\"test -f /ready && echo ok\"],\"Interval\":30000000,"
                + "\"Retries\":2}", "sh", "-c", "sleep 1; touch /ready; sleep 1000");
        assertThat(inspect(id).getString("State.Health.Status")).isIn("starting", "unhealthy");

        JsonPath healthy = until(id, j -> "healthy".equals(j.getString("State.Health.Status")));
        assertThat(healthy.getInt("State.Health.FailingStreak")).isZero();
        List<Map<String, Object>> log = healthy.getList("State.Health.Log");
        assertThat(log).hasSizeLessThanOrEqualTo(5);
        assertThat(log.get(log.size() - 1)).containsEntry("ExitCode", 0).containsEntry("Output", "ok\n");
        assertThat(ps("{\"health\":[\"healthy\"]}")).containsExactly("/hc-flip");
        String status = Wired.api(d).queryParam("filters", "{\"name\":[\"hc-flip\"]}").get("/containers/json")
                .then().extract().path("[0].Status");
        assertThat(status).matches("Up .* \\(healthy\\)");

        String exec = Wired.api(d).body("{\"Cmd\":[\"rm\",\"/ready\"]}").post("/containers/" + id + "/exec")
                .then().extract().path("Id");
        Wired.api(d).body("{\"Detach\":true}").post("/exec/" + exec + "/start").then().statusCode(200);
        JsonPath unhealthy = until(id, j -> "unhealthy".equals(j.getString("State.Health.Status")));
        assertThat(unhealthy.getInt("State.Health.FailingStreak")).isGreaterThanOrEqualTo(2);
        assertThat(ps("{\"health\":[\"unhealthy\"]}")).containsExactly("/hc-flip");
        assertThat(ps("{\"health\":[\"healthy\"]}")).isEmpty();

        String events = Wired.api(d).queryParam("since", "0").queryParam("until", Long.toString(
                System.currentTimeMillis() / 1000 + 1)).queryParam("filters", "{\"container\":[\"" + id + "\"]}")
                .get("/events").then().statusCode(200).extract().asString();
        assertThat(events).contains("\"Action\":\"health_status: healthy\"",
                "\"Action\":\"health_status: unhealthy\"", "\"Action\":\"exec_start: /bin/sh -c test -f /ready && echo ok\"");
        Wired.api(d).queryParam("force", "true").delete("/containers/" + id).then().statusCode(204);
    }

    @Test
    void aProbeThatOutlivesItsTimeoutFailsWithTheDaemonsMessage() throws Exception {
        String id = run("hc-slow", "{\"Test\":[\"CMD\",\"sleep\",\"5\"],\"Interval\":20000000,"
                + "\"Timeout\":100000000,\"Retries\":1}", "sleep", "1000");
        JsonPath j = until(id, x -> "unhealthy".equals(x.getString("State.Health.Status")));
        Map<String, Object> first = j.getMap("State.Health.Log[0]");
        assertThat(first).containsEntry("ExitCode", -1).containsEntry("Output", "Health check exceeded timeout (100ms)");
        Wired.api(d).queryParam("force", "true").delete("/containers/" + id).then().statusCode(204);
    }

    @Test
    void noneOrNoHealthcheckHasNoHealthState() {
        String id = run("hc-none", "{\"Test\":[\"NONE\"]}", "sleep", "1000");
        assertThat(inspect(id).getMap("State")).doesNotContainKey("Health");
        assertThat(ps("{\"health\":[\"none\"],\"name\":[\"hc-none\"]}")).containsExactly("/hc-none");
        Wired.api(d).queryParam("force", "true").delete("/containers/" + id).then().statusCode(204);
    }
}
