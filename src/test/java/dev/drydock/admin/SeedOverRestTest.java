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

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeding and the clock over the admin REST API, checked with the real docker CLI. */
class SeedOverRestTest {
    private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().fixedClock(NOON).idSeed(9).build());
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

    private static Response seed(String json) {
        return http().contentType("application/json").body(json).post("/_drydock/seed");
    }

    private static List<String> ps(DockerCli cli) {
        DockerCli.Result r = cli.run(drydock.tcpUri(), "ps", "-a", "--format", "{{.Names}}|{{.Status}}");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().lines().sorted().toList();
    }

    @Test
    void seededContainersShowTheirStatusInDockerPsAndTheClockMovesIt() {
        DockerCli cli = DockerCli.require();
        Response made = seed("""
                {"images": ["busybox"],
                 "containers": [
                   {"name": "web", "image": "busybox", "cmd": ["sleep", "infinity"], "state": "running",
                    "startedAt": "5m"},
                   {"name": "job", "image": "busybox", "state": "exited", "exitCode": 3, "finishedAt": "2h",
                    "startedAt": "3h"},
                   {"name": "fresh", "image": "busybox", "created": "1h"},
                   {"name": "frozen", "image": "busybox", "cmd": ["sleep", "infinity"], "state": "paused",
                    "startedAt": "2026-01-01T11:00:00Z"}]}""");
        assertThat(made.statusCode()).as(made.asString()).isEqualTo(201);
        assertThat(made.jsonPath().getList("containers.name")).containsExactly("web", "job", "fresh", "frozen");
        assertThat(made.jsonPath().getList("containers.state")).containsExactly("running", "exited", "created",
                "paused");

        assertThat(ps(cli)).containsExactly("fresh|Created", "frozen|Up About an hour (Paused)",
                "job|Exited (3) 2 hours ago", "web|Up 5 minutes");

        Response advanced = http().contentType("application/json").body("{\"by\": \"10m\"}")
                .post("/_drydock/clock/advance");
        assertThat(advanced.statusCode()).isEqualTo(200);
        assertThat(advanced.jsonPath().getString("time")).isEqualTo("2026-01-01T12:10:00Z");
        assertThat(advanced.jsonPath().getBoolean("frozen")).isTrue();
        assertThat(ps(cli)).containsExactly("fresh|Created", "frozen|Up About an hour (Paused)",
                "job|Exited (3) 2 hours ago", "web|Up 15 minutes");

        // Inspect carries the seeded times, on the engine clock.
        Response job = http().get("/containers/job/json");
        assertThat(job.jsonPath().getString("State.FinishedAt")).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(job.jsonPath().getString("State.StartedAt")).isEqualTo("2026-01-01T09:00:00Z");
        assertThat(job.jsonPath().getInt("State.ExitCode")).isEqualTo(3);
        assertThat(http().get("/containers/fresh/json").jsonPath().getString("Created"))
                .isEqualTo("2026-01-01T11:00:00Z");
        // The seeded container really runs: exec reaches its process tree.
        DockerCli.Result exec = cli.run(drydock.tcpUri(), "exec", "web", "echo", "inside");
        assertThat(exec.stdout()).isEqualTo("inside\n");
    }

    @Test
    void theClockCanBeSetReadAndRestored() {
        Response set = http().contentType("application/json").body("{\"time\": \"2030-05-01T08:00:00Z\"}")
                .put("/_drydock/clock");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(http().get("/_drydock/clock").jsonPath().getString("time")).isEqualTo("2030-05-01T08:00:00Z");
        assertThat(http().get("/info").jsonPath().getString("SystemTime")).startsWith("2030-05-01T08:00:00");

        Response running = http().contentType("application/json").body("{\"frozen\": false}").put("/_drydock/clock");
        assertThat(running.jsonPath().getBoolean("frozen")).isFalse();
        assertThat(Instant.parse(running.jsonPath().getString("time"))).isAfterOrEqualTo(
                Instant.parse("2030-05-01T08:00:00Z")).isBefore(Instant.parse("2030-05-01T08:01:00Z"));

        Response back = http().delete("/_drydock/clock");
        assertThat(back.jsonPath().getString("time")).isEqualTo("2026-01-01T12:00:00Z");
        assertThat(back.jsonPath().getBoolean("frozen")).isTrue();

        assertThat(http().contentType("application/json").body("{\"by\": \"soon\"}").post("/_drydock/clock/advance")
                .jsonPath().getString("message")).startsWith("field \"by\": ");
        assertThat(http().contentType("application/json").body("{\"time\": \"noon\"}").put("/_drydock/clock")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void aBadDefinitionIsA400NamingTheFieldAndCreatesNothing() {
        Response unknown = seed("{\"containers\": [{\"image\": \"busybox\", \"state\": \"sleeping\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.jsonPath().getString("message"))
                .isEqualTo("field \"containers[0].state\": must be created, running, paused or exited, was \"sleeping\"");
        assertThat(seed("{\"volumes\": [{\"name\": \"v\", \"colour\": \"red\"}]}").jsonPath().getString("message"))
                .isEqualTo("field \"volumes[0].colour\": unknown field");
        assertThat(seed("{\"images\": [\"Not A Ref\"]}").jsonPath().getString("message"))
                .startsWith("field \"images[0]\": invalid reference format");
        assertThat(seed("{\"containers\": [{\"image\": \"busybox\", \"exitCode\": 1}]}").jsonPath()
                .getString("message")).isEqualTo("field \"containers[0].exitCode\": only an exited container has an exit code");
        assertThat(seed("not json").statusCode()).isEqualTo(400);

        // Valid in shape, but the second container's network does not exist: nothing of the seed remains.
        Response failed = seed("""
                {"networks": ["backend"], "volumes": [{"name": "data", "files": {"/a.txt": "a"}}],
                 "containers": [{"name": "ok", "image": "busybox", "binds": ["data:/data"]},
                                {"name": "broken", "image": "busybox", "network": "nowhere"}]}""");
        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(failed.jsonPath().getString("message")).startsWith("field \"containers[1]\": ")
                .contains("nowhere");
        assertThat(http().get("/containers/json?all=1").jsonPath().getList("Names")).isEmpty();
        assertThat(http().get("/networks/backend").statusCode()).isEqualTo(404);
        assertThat(http().get("/volumes/data").statusCode()).isEqualTo(404);

        // A name in use is Docker's conflict, still naming the field.
        seed("{\"containers\": [{\"name\": \"taken\", \"image\": \"busybox\"}]}").then().statusCode(201);
        Response clash = seed("{\"containers\": [{\"name\": \"taken\", \"image\": \"busybox\"}]}");
        assertThat(clash.statusCode()).isEqualTo(409);
        assertThat(clash.jsonPath().getString("message")).startsWith("field \"containers[0]\": Conflict.");
    }

    @Test
    void yamlSeedsDefinedImagesAndVolumesWithFiles() {
        DockerCli cli = DockerCli.require();
        Response made = http().contentType("application/yaml").body("""
                images:
                  - ref: acme/hello:1
                    from: busybox
                    files:
                      /app/greeting.txt: "hello from a seeded image\\n"
                      /app/run.sh: {content: "#!/bin/sh\\ncat /app/greeting.txt /data/note.txt\\n", mode: "0755"}
                    cmd: [/app/run.sh]
                volumes:
                  - name: notes
                    labels: {team: qa}
                    files:
                      /note.txt: "and a note from a seeded volume\\n"
                networks:
                  - {name: backend, subnet: 10.77.0.0/16}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/_drydock/seed");
        assertThat(made.statusCode()).as(made.asString()).isEqualTo(201);
        DockerCli.Result run = cli.run(drydock.tcpUri(), "run", "--rm", "-v", "notes:/data", "--network", "backend",
                "acme/hello:1");
        assertThat(run.stdout()).as(run.stderr()).isEqualTo("hello from a seeded image\nand a note from a seeded volume\n");
        assertThat(http().get("/volumes/notes").jsonPath().getString("Labels.team")).isEqualTo("qa");
        assertThat(http().get("/networks/backend").jsonPath().getString("IPAM.Config[0].Subnet"))
                .isEqualTo("10.77.0.0/16");
    }
}
