package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.testing.DockerCli;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engine-level faults (exit, OOM kill, rate-limited pull, disk-full create) from Java and REST, seen by real clients. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineFaultsTest {
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

    private static DockerCli.Result docker(String... args) {
        return DockerCli.require().run(drydock.tcpUri(), args);
    }

    @Test
    void oomKillAfterADelayShowsInInspectAndEventsThroughTheCli() {
        drydock.engineFaults().add(EngineFault.oomKilled().forImage("busybox").after(Duration.ofMillis(300)));
        String since = Long.toString(Instant.now().getEpochSecond() - 1);

        DockerCli.Result run = docker("run", "-d", "busybox", "sleep", "1000");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String id = run.stdout().trim();

        DockerCli.Result wait = docker("wait", id);
        assertThat(wait.stdout().trim()).isEqualTo("137");
        assertThat(docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}", id)
                .stdout().trim()).isEqualTo("true 137 exited");
        // It ran for the delay, then was killed: judged from the recorded times, not from a poll racing the delay.
        List<String> times = List.of(docker("inspect", "-f", "{{.State.StartedAt}} {{.State.FinishedAt}}", id)
                .stdout().trim().split(" "));
        assertThat(Duration.between(Instant.parse(times.get(0)), Instant.parse(times.get(1))))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        DockerCli.Result events = docker("events", "--since", since, "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format",
                "{{.Action}} {{.TimeNano}}");
        List<String> actions = events.stdout().lines().map(l -> l.split(" ")[0]).toList();
        assertThat(actions).containsSubsequence("start", "oom", "die").doesNotContain("kill");
        assertThat(actions).endsWith("oom", "die");
        long startNanos = nanosOf(events.stdout(), "start");
        assertThat(nanosOf(events.stdout(), "oom") - startNanos).isGreaterThanOrEqualTo(300_000_000L);
        // Until removed: the next container of the image is killed too; a restart brings OOMKilled back to false.
        assertThat(drydock.engineFaults().list()).hasSize(1);
    }

    /** The time of the last event with {@code action} in lines of "ACTION TIMENANO". */
    private static long nanosOf(String events, String action) {
        return events.lines().filter(l -> l.startsWith(action + " ")).map(l -> Long.parseLong(l.split(" ")[1]))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + action + " event in " + events));
    }

    @Test
    void exitFaultAtStartMatchesByNameOverRestAndAppliesOnce() {
        Response added = http().contentType("application/json")
                .body("{\"kind\":\"exit\",\"exitCode\":42,\"name\":\"worker\",\"times\":1}")
                .post("/_drydock/engine-faults");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.jsonPath().getString("id")).startsWith("engine-fault-");
        assertThat(added.jsonPath().getInt("remaining")).isEqualTo(1);

        assertThat(docker("run", "-d", "--name", "other", "busybox", "sleep", "1000").exitCode()).isZero();
        DockerCli.Result run = docker("run", "--name", "worker", "busybox", "sleep", "1000");
        assertThat(run.exitCode()).isEqualTo(42);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}} {{.State.OOMKilled}}", "worker").stdout().trim())
                .isEqualTo("42 false");
        assertThat(docker("inspect", "-f", "{{.State.Status}}", "other").stdout().trim()).isEqualTo("running");
        // Used up: gone, and the container runs normally on its next start.
        assertThat(http().get("/_drydock/engine-faults").jsonPath().getList("$")).isEmpty();
        assertThat(docker("start", "worker").exitCode()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.Status}}", "worker").stdout().trim()).isEqualTo("running");
    }

    @Test
    void exitFaultAtStartWinsOverAProcessThatEndsAtOnce() {
        drydock.engineFaults().add(EngineFault.exits(3).forContainerName("quick"));
        DockerCli.Result run = docker("run", "--name", "quick", "busybox", "true");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "quick").stdout().trim()).isEqualTo("3");
    }

    @Test
    void exitFaultMatchesLabelsFromJava() {
        drydock.engineFaults().add(EngineFault.exits(3).withLabel("tier", "db").after(Duration.ofMillis(100)));
        DockerCli.Result db = docker("run", "--label", "tier=db", "busybox", "sleep", "1000");
        assertThat(db.exitCode()).isEqualTo(3);
        DockerCli.Result web = docker("run", "--label", "tier=web", "busybox", "sh", "-c", "exit 0");
        assertThat(web.exitCode()).isZero();
    }

    @Test
    void rateLimitedPullIsAnErrorResponseFromTheDaemonThenSucceeds() {
        drydock.engineFaults().add(EngineFault.pullRateLimited().forImage("redis").once());

        DockerCli.Result pull = docker("pull", "redis");
        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.stderr()).contains("Error response from daemon: toomanyrequests: You have reached your pull "
                + "rate limit. You may increase the limit by authenticating and upgrading: "
                + "https://www.docker.com/increase-rate-limit");
        DockerCli.Result again = docker("pull", "redis");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("Status: Downloaded newer image for redis:latest");
    }

    @Test
    void rateLimitedPullOverTheApiIsA500BeforeTheStreamOrInBandWhenAsked() {
        drydock.engineFaults().add(EngineFault.pullRateLimited().forImage("docker.io/library/nginx:1.25").once());
        Response r = http().post("/v1.41/images/create?fromImage=nginx&tag=1.25");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("message")).isEqualTo(EngineFault.RATE_LIMIT_MESSAGE);

        http().contentType("application/json").body("{\"kind\":\"pullRateLimit\",\"image\":\"nginx:1.25\",\"inBand\":true}")
                .post("/_drydock/engine-faults").then().statusCode(201);
        Response s = http().post("/v1.41/images/create?fromImage=nginx&tag=1.25");
        assertThat(s.statusCode()).isEqualTo(200);
        List<String> lines = s.body().asString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("{\"status\":\"Pulling from library/nginx\",\"id\":\"1.25\"}");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"errorDetail\":{\"message\":\""
                + EngineFault.RATE_LIMIT_MESSAGE + "\"},\"error\":\"" + EngineFault.RATE_LIMIT_MESSAGE + "\"}");
        // Other images pull as usual.
        http().post("/v1.41/images/create?fromImage=busybox&tag=latest").then().statusCode(200).extract().asString();
        assertThat(http().get("/v1.41/images/nginx:1.25/json").statusCode()).isEqualTo(404);
    }

    @Test
    void diskFullOnCreateIsTheDaemonsNoSpaceLeftError() {
        drydock.engineFaults().add(EngineFault.diskFullOnCreate().forImage("busybox").times(2));
        DockerCli.Result create = docker("create", "busybox");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderr()).containsPattern(
                "Error response from daemon: mkdir /var/lib/docker/overlay2/[0-9a-f]{64}-init: no space left on device");

        Response r = http().contentType("application/json").body("{\"Image\":\"busybox\"}")
                .post("/v1.41/containers/create");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.jsonPath().getString("message")).endsWith(": no space left on device");
        assertThat(http().get("/v1.41/containers/json?all=1").jsonPath().getList("$")).isEmpty();
        // Two creates failed; the third works.
        assertThat(docker("create", "busybox").exitCode()).isZero();
    }

    @Test
    void forceExitAndOomKillAreEngineMethodsToo() {
        String id = docker("run", "-d", "busybox", "sleep", "1000").stdout().trim();
        drydock.engine().containers().killAsOom(id);
        assertThat(docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", id).stdout().trim())
                .isEqualTo("true 137");
        assertThat(docker("start", id).exitCode()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.Running}}", id).stdout().trim())
                .isEqualTo("false true");
        drydock.engine().containers().forceExit(id, 5);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", id).stdout().trim()).isEqualTo("5");
        assertThatThrownBy(() -> drydock.engine().containers().killAsOom(id)).hasMessageContaining("is not running");
    }

    @Test
    void malformedDefinitionsAreA400NamingTheField() {
        assertBad("{\"kind\":\"oom\",\"imag\":\"x\"}", "field \"imag\": unknown field");
        assertBad("{\"kind\":\"exit\",\"afterMs\":-5}", "field \"afterMs\": must not be negative, was -5");
        assertBad("{\"kind\":\"explode\"}", "field \"kind\"");
        assertBad("{\"image\":\"x\"}", "field \"kind\": required");
        assertBad("{\"kind\":\"exit\",\"exitCode\":300}", "field \"exitCode\"");
        assertBad("{\"kind\":\"oom\",\"exitCode\":1}", "field \"exitCode\"");
        assertBad("{\"kind\":\"pullRateLimit\",\"name\":\"web\"}", "field \"name\"");
        assertBad("{\"kind\":\"diskFull\",\"times\":0}", "field \"times\"");
        assertBad("{\"kind\":\"oom\",\"labels\":{\"a\":1}}", "field \"labels.a\": must be a string");
        assertThat(http().get("/_drydock/engine-faults").jsonPath().getList("$")).isEmpty();
        http().delete("/_drydock/engine-faults/nope").then().statusCode(404);
    }

    private static void assertBad(String json, String message) {
        Response r = http().contentType("application/json").body(json).post("/_drydock/engine-faults");
        assertThat(r.statusCode()).as(json).isEqualTo(400);
        assertThat(r.jsonPath().getString("message")).as(json).contains(message);
    }

    @Test
    void restListsGetsRemovesAndResetClears() {
        String id = AdminClient.connect(drydock.tcpUri()).addEngineFault(EngineFault.oomKilled().withId("oom-api")
                .forImage("acme/api").after(Duration.ofSeconds(2)));
        assertThat(id).isEqualTo("oom-api");
        Response one = http().get("/_drydock/engine-faults/oom-api");
        assertThat(one.jsonPath().getString("kind")).isEqualTo("oom");
        assertThat(one.jsonPath().getString("image")).isEqualTo("acme/api");
        assertThat(one.jsonPath().getLong("afterMs")).isEqualTo(2000);
        assertThat(one.jsonPath().getInt("remaining")).isEqualTo(-1);
        http().post("/_drydock/reset").then().statusCode(204);
        http().get("/_drydock/engine-faults/oom-api").then().statusCode(404);
        drydock.engineFaults().add(EngineFault.exits(1));
        http().delete("/_drydock/engine-faults").then().statusCode(204);
        assertThat(drydock.engineFaults().list()).isEmpty();
    }
}
