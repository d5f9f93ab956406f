package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
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
import static org.hamcrest.Matchers.endsWith;

/**
 * {@code docker pause} freezes a container as dockerd's cgroup freezer does: its output stops and its sleeps do
 * not end until unpause; its health monitor stops (State.Health reads unhealthy with streak and log kept, as
 * dockerd reports it, and no probe runs nor health_status is published) and starts again after unpause; exec is
 * refused while paused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PauseFreezesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Drydock d;

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

    private static String logs(String ref) {
        return api(d).get("/containers/" + ref + "/logs?stdout=1").then().statusCode(200).extract().asString();
    }

    /** The size of a file in the container, from the archive stat header (readable while paused, as on dockerd). */
    private static long size(String ref, String path) throws Exception {
        io.restassured.response.Response head = api(d).queryParam("path", path).head("/containers/" + ref
                + "/archive");
        if (head.statusCode() == 404) {
            return 0;
        }
        assertThat(head.statusCode()).isEqualTo(200);
        return MAPPER.readTree(java.util.Base64.getDecoder().decode(head.header("X-Docker-Container-Path-Stat")))
                .path("size").asLong();
    }

    private static long awaitSizeAbove(String ref, String path, long min) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long s = size(ref, path);
        while (s <= min && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = size(ref, path);
        }
        assertThat(s).as("size of %s", path).isGreaterThan(min);
        return s;
    }

    private static JsonNode health(String ref) throws Exception {
        return MAPPER.readTree(api(d).get("/containers/" + ref + "/json").asString()).path("State").path("Health");
    }

    private static JsonNode awaitHealth(String ref, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode h = health(ref);
        while (!done.test(h) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            h = health(ref);
        }
        assertThat(done.test(h)).as("health of %s: %s", ref, h).isTrue();
        return h;
    }

    private static List<String> actions(String id) {
        return d.engine().events().history().stream().filter(e -> e.actorId().equals(id)).map(e -> e.action())
                .toList();
    }

    @Test
    void aPausedContainersOutputAndSleepsStopUntilUnpause() throws Exception {
        String id = create(d, "ticker", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\","
                + "\"i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.05; done\"]}");
        api(d).post("/containers/ticker/start").then().statusCode(204);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!logs(id).contains("tick 3") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        api(d).post("/containers/ticker/pause").then().statusCode(204);
        String atPause = logs(id);
        Thread.sleep(400);
        assertThat(logs(id)).as("output during the pause (8 sleeps' worth)").isEqualTo(atPause);
        api(d).body("{\"Cmd\":[\"true\"]}").post("/containers/ticker/exec").then().statusCode(409)
                .body("message", endsWith(" is paused, unpause the container before exec"));

        api(d).post("/containers/ticker/unpause").then().statusCode(204);
        int ticksAtPause = atPause.split("\n").length;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logs(id).split("\n").length <= ticksAtPause + 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String after = logs(id);
        assertThat(after).as("it goes on where it stopped").startsWith(atPause)
                .contains("tick " + ticksAtPause + "\n");
        api(d).delete("/containers/ticker?force=1").then().statusCode(204);
    }

    @Test
    void aCpuBoundLoopStopsWhilePausedGoesOnAfterUnpauseAndAKillWhilePausedEndsIt() throws Exception {
        // Nothing in the loop writes to stdout or sleeps: only the freezer's hold on the shell itself stops it.
        create(d, "spinner", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\","
                + "\"i=0; while :; do i=$((i+1)); echo $i >> /tmp/count; done\"]}");
        api(d).post("/containers/spinner/start").then().statusCode(204);
        awaitSizeAbove("spinner", "/tmp/count", 100);

        api(d).post("/containers/spinner/pause").then().statusCode(204);
        long atPause = size("spinner", "/tmp/count");
        Thread.sleep(400);
        long later = size("spinner", "/tmp/count");
        // At most the one append that had passed its last safepoint when the pause came (a line of < 12 bytes);
        // a running loop appends thousands of lines in 400 ms.
        assertThat(later - atPause).as("bytes appended during the pause").isLessThan(12);

        api(d).post("/containers/spinner/unpause").then().statusCode(204);
        awaitSizeAbove("spinner", "/tmp/count", later + 100);

        api(d).post("/containers/spinner/pause").then().statusCode(204);
        api(d).post("/containers/spinner/kill").then().statusCode(204);
        api(d).post("/containers/spinner/wait").then().statusCode(200).body("StatusCode", org.hamcrest.Matchers.is(137));
        JsonNode state = MAPPER.readTree(api(d).get("/containers/spinner/json").asString()).path("State");
        assertThat(state.path("Status").asText()).isEqualTo("exited");
        assertThat(state.path("Paused").asBoolean()).isFalse();
        assertThat(state.path("ExitCode").asInt()).isEqualTo(137);
        api(d).delete("/containers/spinner").then().statusCode(204);
    }

    @Test
    void healthProbesStopWhilePausedAndResumeAfter() throws Exception {
        String id = create(d, "checked", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"Healthcheck\":"
                + "{\"Test\":[\"CMD-SHELL\",\"echo ok\"],\"Interval\":50000000,\"Retries\":2}}");
        api(d).post("/containers/checked/start").then().statusCode(204);
        awaitHealth(id, h -> h.path("Status").asText().equals("healthy"));

        api(d).post("/containers/checked/pause").then().statusCode(204);
        JsonNode paused = health(id);
        int probes = paused.path("Log").size();
        int eventsAtPause = actions(id).size();
        // dockerd: the monitor stopped, "unhealthy for compatibility", streak and log as they were.
        assertThat(paused.path("Status").asText()).isEqualTo("unhealthy");
        assertThat(paused.path("FailingStreak").asInt()).isZero();
        Thread.sleep(400);
        JsonNode later = health(id);
        assertThat(later.path("Log").size()).as("probes during the pause (8 intervals)").isEqualTo(probes);
        assertThat(later.path("Status").asText()).isEqualTo("unhealthy");
        assertThat(actions(id).subList(eventsAtPause - 1, actions(id).size()))
                .as("events during the pause").containsExactly("pause");

        api(d).post("/containers/checked/unpause").then().statusCode(204);
        awaitHealth(id, h -> h.path("Status").asText().equals("healthy"));
        List<String> after = actions(id);
        List<String> sincePause = after.subList(after.lastIndexOf("pause"), after.size());
        assertThat(sincePause).startsWith("pause", "unpause").contains("exec_die", "health_status: healthy");
        assertThat(sincePause.stream().filter(a -> a.startsWith("health_status")).toList())
                .containsExactly("health_status: healthy");
        api(d).delete("/containers/checked?force=1").then().statusCode(204);
    }
}
