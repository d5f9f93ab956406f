package dev.drydock.containers;

import dev.drydock.Drydock;
import dev.drydock.engine.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static dev.drydock.containers.ContainerTestSupport.api;
import static dev.drydock.containers.ContainerTestSupport.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** Every lifecycle transition through HTTP, with Docker's status codes, messages, exit codes and events. */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class ContainerLifecycleTest {
    Drydock d;
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-28T19:27:26.192830772Z"));

    @BeforeEach
    void start() {
        d = ContainerTestSupport.start(clock);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private List<String> events(String id) {
        return d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
                .map(e -> e.action() + (e.attributes().containsKey("signal") ? " " + e.attributes().get("signal") : "")
                        + (e.attributes().containsKey("exitCode") ? " " + e.attributes().get("exitCode") : ""))
                .collect(Collectors.toList());
    }

    private void awaitStatus(String ref, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String s = api(d).get("/containers/" + ref + "/json").then().extract().path("State.Status");
            if (status.equals(s)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(ref + " never became " + status);
    }

    @Test
    void startRunsThenAnswers304() {
        String id = create(d, "web", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}");
        api(d).post("/containers/web/start").then().statusCode(204);
        api(d).post("/containers/web/start").then().statusCode(304);
        // API 1.50: NetworkSettings still has the legacy top-level fields of the default bridge.
        api(d).get("/v1.50/containers/" + id.substring(0, 10) + "/json").then().statusCode(200)
                .body("State.Status", equalTo("running"))
                .body("State.Running", equalTo(true))
                .body("State.Pid", greaterThan(0))
                .body("State.StartedAt", not(equalTo("0001-01-01T00:00:00Z")))
                .body("ResolvConfPath", equalTo("/var/lib/docker/containers/" + id + "/resolv.conf"))
                .body("NetworkSettings.IPAddress", matchesPattern("172\\.17\\.0\\.\\d+"))
                .body("NetworkSettings.Gateway", equalTo("172.17.0.1"))
                .body("NetworkSettings.IPPrefixLen", equalTo(16))
                .body("NetworkSettings.MacAddress", matchesPattern("02:42:ac:11:00:[0-9a-f]{2}"))
                .body("NetworkSettings.Networks.bridge.Gateway", equalTo("172.17.0.1"))
                .body("NetworkSettings.Networks.bridge.NetworkID", matchesPattern("[0-9a-f]{64}"));
        api(d).get("/containers/json").then().statusCode(200)
                .body("[0].Id", equalTo(id))
                .body("[0].Names[0]", equalTo("/web"))
                .body("[0].Command", equalTo("sleep 1000"))
                .body("[0].State", equalTo("running"))
                .body("[0].Status", equalTo("Up Less than a second"));
        clock.advance(Duration.ofSeconds(3));
        api(d).get("/containers/json").then().body("[0].Status", equalTo("Up 3 seconds"));
        assertThat(events(id)).containsExactly("create", "start");
    }

    @Test
    void stopOfAProcessIgnoringTermEndsInSigkill137() {
        String id = create(d, "sleeper", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}");
        api(d).post("/containers/sleeper/start").then().statusCode(204);
        long t0 = System.nanoTime();
        api(d).queryParam("t", 30).post("/containers/sleeper/stop").then().statusCode(204);
        // Waited in real time, the grace period alone would take 30 s; anything short of that (however loaded the
        // machine) shows it was simulated.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("grace period is simulated")
                .isLessThan(Duration.ofSeconds(30));
        api(d).get("/v1.50/containers/sleeper/json").then()
                .body("State.Status", equalTo("exited"))
                .body("State.ExitCode", equalTo(137))
                .body("State.Pid", equalTo(0))
                .body("State.FinishedAt", not(equalTo("0001-01-01T00:00:00Z")))
                .body("NetworkSettings.IPAddress", equalTo(""));
        api(d).post("/containers/sleeper/stop").then().statusCode(304);
        assertThat(events(id)).containsExactly("create", "start", "kill 15", "kill 9", "die 137", "stop");
        api(d).queryParam("all", 1).get("/containers/json").then()
                .body("[0].Status", equalTo("Exited (137) Less than a second ago"));
        clock.advance(Duration.ofSeconds(150));
        api(d).queryParam("all", 1).get("/containers/json").then()
                .body("[0].Status", equalTo("Exited (137) 2 minutes ago"));
    }

    @Test
    void stopOfAProcessHandlingTermExits143() {
        String id = create(d, "trap", "{\"Image\":\"busybox\",\"Cmd\":[\"trapterm\"]}");
        api(d).post("/containers/trap/start").then().statusCode(204);
        api(d).post("/containers/trap/stop").then().statusCode(204);
        api(d).get("/containers/trap/json").then().body("State.ExitCode", equalTo(143));
        assertThat(events(id)).containsExactly("create", "start", "kill 15", "die 143", "stop");
    }

    @Test
    void stopOfACreatedContainerIs304() {
        create(d, "idle", "{\"Image\":\"busybox\"}");
        api(d).post("/containers/idle/stop").then().statusCode(304);
    }

    @Test
    void killSignalsByNameAndNumberAndRefusesStoppedContainers() {
        String id = create(d, "kk", "{\"Image\":\"busybox\",\"Cmd\":[\"trapterm\"]}");
        api(d).post("/containers/kk/kill").then().statusCode(409)
                .body("message", equalTo("Cannot kill container: kk: Container " + id + " is not running"));
        api(d).post("/containers/kk/start").then().statusCode(204);
        api(d).queryParam("signal", "FOO").post("/containers/kk/kill").then().statusCode(400)
                .body("message", equalTo("Invalid signal: FOO"));
        api(d).queryParam("signal", "SIGUSR1").post("/containers/kk/kill").then().statusCode(204);
        api(d).queryParam("signal", "15").post("/containers/kk/kill").then().statusCode(204);
        awaitStatus("kk", "exited");
        api(d).get("/containers/kk/json").then().body("State.ExitCode", equalTo(143));
        assertThat(events(id)).containsExactly("create", "start", "kill 10", "kill 15", "die 143");
    }

    @Test
    void ownExitCodeIsKept() {
        String id = create(d, "three", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"3\"]}");
        try (PendingWait wait = PendingWait.open(d, "three", "next-exit")) {
            assertThat(wait.status()).isEqualTo(200);
            api(d).post("/containers/three/start").then().statusCode(204);
            assertThat(wait.body()).isEqualTo("{\"Error\":null,\"StatusCode\":3}\n");
        }
        api(d).get("/containers/three/json").then().body("State.ExitCode", equalTo(3));
        assertThat(events(id)).containsExactly("create", "start", "die 3");
    }

    @Test
    void waitNotRunningAnswersAtOnceForAStoppedContainer() {
        create(d, "ww", "{\"Image\":\"busybox\"}");
        api(d).post("/containers/ww/wait").then().statusCode(200).contentType("application/json")
                .body("StatusCode", equalTo(0));
        api(d).post("/containers/nope/wait").then().statusCode(404).body("message", equalTo("No such container: nope"));
        api(d).queryParam("condition", "bogus").post("/containers/ww/wait").then().statusCode(400);
    }

    @Test
    void missingExecutableLeavesContainerCreatedWith127() {
        String id = create(d, "nosuch", "{\"Image\":\"busybox\",\"Cmd\":[\"nosuchcmd\"]}");
        String msg = "failed to create shim task: OCI runtime create failed: runc create failed: unable to start "
                + "container process: exec: \"nosuchcmd\": executable file not found in $PATH: unknown";
        api(d).post("/containers/nosuch/start").then().statusCode(400).body("message", equalTo(msg));
        api(d).get("/containers/nosuch/json").then()
                .body("State.Status", equalTo("created"))
                .body("State.ExitCode", equalTo(127))
                .body("State.Error", equalTo(msg));
        api(d).queryParam("all", 1).get("/containers/json").then().body("[0].Status", equalTo("Created"));
        assertThat(events(id)).containsExactly("create");
        create(d, "noexec", "{\"Image\":\"busybox\",\"Cmd\":[\"noexec\"]}");
        api(d).post("/containers/noexec/start").then().statusCode(400);
        api(d).get("/containers/noexec/json").then().body("State.ExitCode", equalTo(126));
    }

    @Test
    void pauseAndUnpauseFollowTheTable() {
        String id = create(d, "pp", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"]}");
        api(d).post("/containers/pp/pause").then().statusCode(409)
                .body("message", equalTo("Container " + id + " is not running"));
        api(d).post("/containers/pp/start").then().statusCode(204);
        api(d).post("/containers/pp/unpause").then().statusCode(409)
                .body("message", equalTo("Container " + id + " is not paused"));
        api(d).post("/containers/pp/pause").then().statusCode(204);
        api(d).post("/containers/pp/pause").then().statusCode(409)
                .body("message", equalTo("Container " + id + " is already paused"));
        api(d).get("/containers/pp/json").then().body("State.Status", equalTo("paused"))
                .body("State.Paused", equalTo(true)).body("State.Running", equalTo(true));
        api(d).post("/containers/pp/start").then().statusCode(409)
                .body("message", equalTo("cannot start a paused container, try unpause instead"));
        api(d).delete("/containers/pp").then().statusCode(409)
                .body("message", equalTo("You cannot remove a paused container " + id
                        + ". Unpause and then stop the container before attempting removal or force remove"));
        api(d).get("/containers/json").then().body("[0].Status", matchesPattern("Up .* \\(Paused\\)"));
        api(d).post("/containers/pp/unpause").then().statusCode(204);
        assertThat(events(id)).containsExactly("create", "start", "pause", "unpause");
    }

    @Test
    void removeRefusesRunningAndForceKills() {
        String id = create(d, "rr", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"]}");
        api(d).post("/containers/rr/start").then().statusCode(204);
        api(d).delete("/containers/rr").then().statusCode(409).body("message", equalTo(
                "You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove"));
        try (PendingWait removed = PendingWait.open(d, "rr", "removed")) {
            api(d).queryParam("force", 1).delete("/containers/rr").then().statusCode(204);
            assertThat(removed.body()).isEqualTo("{\"Error\":null,\"StatusCode\":137}\n");
        }
        api(d).get("/containers/rr/json").then().statusCode(404).body("message", equalTo("No such container: rr"));
        api(d).delete("/containers/rr").then().statusCode(404);
        assertThat(events(id)).containsExactly("create", "start", "kill 9", "die 137", "destroy");
        assertThat(d.engine().system().totals().containers()).isZero();
    }

    @Test
    void autoRemoveDestroysAfterExit() {
        String id = create(d, "rm", "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"],\"HostConfig\":{\"AutoRemove\":true}}");
        try (PendingWait removed = PendingWait.open(d, "rm", "removed")) {
            api(d).post("/containers/rm/start").then().statusCode(204);
            assertThat(removed.body()).isEqualTo("{\"Error\":null,\"StatusCode\":0}\n");
        }
        assertThat(events(id)).containsExactly("create", "start", "die 0", "destroy");
    }

    @Test
    void restartStopsThenStartsAndPublishesRestartLast() {
        String id = create(d, "rs", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"]}");
        api(d).post("/containers/rs/restart").then().statusCode(204);
        api(d).queryParam("t", 0).post("/containers/rs/restart").then().statusCode(204);
        api(d).get("/containers/rs/json").then().body("State.Status", equalTo("running"));
        assertThat(events(id)).containsExactly("create", "start", "restart", "kill 15", "kill 9", "die 137", "stop",
                "start", "restart");
    }

    @Test
    void onFailureRestartPolicyCountsRestartsThenGivesUp() {
        create(d, "flaky", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"1\"],"
                + "\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":2}}}");
        api(d).post("/containers/flaky/start").then().statusCode(204);
        // Polled with a pause (a tight loop of inspects competes with the restarts for 2 busy cores), 20 s at most.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var r = api(d).get("/containers/flaky/json").then().extract();
            if ("exited".equals(r.path("State.Status")) && Integer.valueOf(2).equals(r.path("RestartCount"))) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        api(d).get("/containers/flaky/json").then().body("RestartCount", equalTo(2))
                .body("State.Status", equalTo("exited")).body("State.ExitCode", equalTo(1));
    }

    @Test
    void renameMovesTheNameAndChecksIt() {
        String id = create(d, "old", "{\"Image\":\"busybox\"}");
        String other = create(d, "taken", "{\"Image\":\"busybox\"}");
        api(d).queryParam("name", "old").post("/containers/old/rename").then().statusCode(400)
                .body("message", equalTo("Renaming a container with the same name as its current name"));
        api(d).post("/containers/old/rename").then().statusCode(400)
                .body("message", equalTo("Neither old nor new names may be empty"));
        api(d).queryParam("name", "bad n").post("/containers/old/rename").then().statusCode(400)
                .body("message", equalTo("Error when allocating new name: Invalid container name (/bad n), only "
                        + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
        api(d).queryParam("name", "taken").post("/containers/old/rename").then().statusCode(409)
                .body("message", equalTo("Error when allocating new name: Conflict. The container name \"/taken\" is "
                        + "already in use by container \"" + other
                        + "\". You have to remove (or rename) that container to be able to reuse that name."));
        api(d).queryParam("name", "new").post("/containers/old/rename").then().statusCode(204);
        api(d).get("/containers/new/json").then().body("Id", equalTo(id)).body("Name", equalTo("/new"));
        api(d).get("/containers/old/json").then().statusCode(404);
        Event e = d.engine().events().history().stream().filter(x -> x.action().equals("rename")).findFirst()
                .orElseThrow();
        assertThat(e.attributes()).containsEntry("oldName", "/old").containsEntry("name", "new");
        create(d, "old", "{\"Image\":\"busybox\"}");
    }

    @Test
    void updateChangesRestartPolicyAndResources() {
        create(d, "uu", "{\"Image\":\"busybox\"}");
        api(d).body("{\"RestartPolicy\":{\"Name\":\"always\"},\"Memory\":67108864}").post("/containers/uu/update")
                .then().statusCode(200).body("Warnings.size()", equalTo(0));
        api(d).get("/containers/uu/json").then().body("HostConfig.RestartPolicy.Name", equalTo("always"))
                .body("HostConfig.Memory", equalTo(67108864));
        api(d).body("{\"Memory\":10}").post("/containers/uu/update").then().statusCode(400)
                .body("message", equalTo("Minimum memory limit allowed is 6MB"));
    }

    @Test
    void resizeNeedsARunningContainer() {
        String id = create(d, "rz", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"Tty\":true}");
        api(d).queryParam("h", 40).queryParam("ww", 120).post("/containers/rz/resize").then().statusCode(409)
                .body("message", equalTo("Container " + id + " is not running"));
        api(d).post("/containers/rz/start").then().statusCode(204);
        api(d).queryParam("h", 40).queryParam("ww", 120).post("/containers/rz/resize").then().statusCode(200);
    }

    @Test
    void pruneRemovesStoppedContainersOnly() {
        String a = create(d, "pa", "{\"Image\":\"busybox\",\"Labels\":{\"keep\":\"no\"}}");
        String b = create(d, "pb", "{\"Image\":\"busybox\",\"Labels\":{\"keep\":\"yes\"}}");
        create(d, "pc", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"]}");
        api(d).post("/containers/pc/start").then().statusCode(204);
        api(d).queryParam("filters", "{\"label\":[\"keep=no\"]}").post("/containers/prune").then().statusCode(200)
                .body("ContainersDeleted", equalTo(List.of(a))).body("SpaceReclaimed", equalTo(0));
        api(d).post("/containers/prune").then().statusCode(200).body("ContainersDeleted", equalTo(List.of(b)));
        api(d).post("/containers/prune").then().statusCode(200).body("ContainersDeleted", equalTo(null));
        api(d).get("/containers/pc/json").then().statusCode(200);
    }

    @Test
    void lookupByPrefixNameAndAmbiguity() {
        String id = create(d, "findme", "{\"Image\":\"busybox\"}");
        api(d).get("/containers/" + id + "/json").then().statusCode(200);
        api(d).get("/containers/" + id.substring(0, 6) + "/json").then().statusCode(200);
        assertThat(d.engine().containers().get("/findme").id()).isEqualTo(id);
        for (int i = 0; i < 40; i++) {
            create(d, null, "{\"Image\":\"busybox\"}");
        }
        String ambiguous = null;
        var ids = d.engine().containers().all().stream().map(c -> c.id().substring(0, 1)).collect(Collectors.toList());
        for (String p : ids) {
            if (ids.stream().filter(p::equals).count() > 1) {
                ambiguous = p;
                break;
            }
        }
        api(d).get("/containers/" + ambiguous + "/json").then().statusCode(500)
                .body("message", equalTo("Multiple IDs found with provided prefix: " + ambiguous));
    }
}
