package dev.drydock.integration;

import dev.drydock.runtime.Rig;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.drydock.Drydock;

/**
 * Containers whose shell entrypoint loops on {@code sleep} cost no thread while idle, over the whole daemon;
 * stop, kill, signals to traps and pause still behave as with a real shell.
 */
class IdleShellContainersTest {
    private static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    private static String run(String script) {
        String id = Wired.create(d, null, "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\"," + quote(script) + "]}");
        Wired.api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int waitExit(String id) {
        return Wired.api(d).post("/containers/" + id + "/wait").then().statusCode(200).extract().path("StatusCode");
    }

    private static String logs(String id) {
        return Wired.api(d).queryParam("stdout", "1").get("/containers/" + id + "/logs").then().statusCode(200)
            .extract().asString();
    }

    /**
     * Live threads other than the HTTP server's pool (sized by request load, not by containers) and idle workers
     * of the process pool (kept a while after a burst of starts).
     */
    private static int processThreads() {
        int n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            boolean idle = e.getKey().getName().startsWith("drydock-http");
            for (StackTraceElement el : e.getValue()) {
                if (el.getMethodName().equals("getTask") && el.getClassName().endsWith("ThreadPoolExecutor")) {
                    idle = true;
                    break;
                }
            }
            if (!idle) {
                n++;
            }
        }
        return n;
    }

    private static void settle() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Rig.threadsInShell().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(2);
        }
    }

    @Test
    void aHundredLoopingShellContainersAddNoThreadPerContainer() throws Exception {
        settle();
        int before = processThreads();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(run(i % 2 == 0 ? "while true; do sleep 5; done" : "echo started; trap 'exit 0' TERM; "
                + "while :; do sleep 60; done"));
        }
        settle();
        assertThat(Rig.threadsInShell()).as("threads parked inside a shell").isEmpty();
        // before scripts could suspend, each of these containers held a worker thread parked in the shell
        assertThat(processThreads() - before).as("threads added by 100 idle shell containers").isLessThan(10);
        for (String id : ids) {
            Wired.api(d).post("/containers/" + id + "/kill").then().statusCode(204);
        }
        for (String id : ids) {
            assertThat(waitExit(id)).isEqualTo(137);
        }
    }

    /**
     * Waits until the logs hold {@code text}: a script says it set its traps before the test signals it (a signal
     * the starting shell has no trap for yet is one PID 1 ignores, and stop then kills at once).
     */
    private static void awaitLog(String id, String text) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!logs(id).contains(text) && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(logs(id)).contains(text);
    }

    @Test
    void stopRunsTheTrapOnceTheForegroundSleepEnds() throws Exception {
        String id = run("trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.05; done");
        awaitLog(id, "up\n");
        Wired.api(d).queryParam("t", "10").post("/containers/" + id + "/stop").then().statusCode(204);
        assertThat(waitExit(id)).isZero();
        assertThat(logs(id)).contains("up\n").contains("bye\n");
    }

    @Test
    void aTrapThatExitsAfterItsForegroundSleepKeepsItsExitCodeWithinTheGracePeriod() throws Exception {
        // ash runs the trap once the foreground sleep 1 ends: up to a second of real time, far past a simulated grace.
        String id = run("trap 'exit 7' TERM; echo up; while :; do sleep 1; done");
        awaitLog(id, "up\n");
        Wired.api(d).queryParam("t", "10").post("/containers/" + id + "/stop").then().statusCode(204);
        assertThat(waitExit(id)).isEqualTo(7);
        assertThat(d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
            .filter(e -> e.action().equals("kill")).map(e -> e.attributes().get("signal")).toList())
            .as("signals sent: TERM only, no SIGKILL after the grace").containsExactly("15");
    }

    @Test
    void aTrapThatNeverExitsIsKilledBeforeTheFullGracePeriod() throws Exception {
        String id = run("trap 'echo got TERM' TERM; echo up; while :; do sleep 0.05; done");
        awaitLog(id, "up\n");
        long t0 = System.nanoTime();
        Wired.api(d).queryParam("t", "30").post("/containers/" + id + "/stop").then().statusCode(204);
        // The grace is simulated: a trap gets a few seconds of real time, never the 30 s asked for.
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(30);
        assertThat(waitExit(id)).isEqualTo(137);
        assertThat(d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
            .filter(e -> e.action().equals("kill")).map(e -> e.attributes().get("signal")).toList())
            .as("TERM, then SIGKILL after the grace").containsExactly("15", "9");
    }

    @Test
    void anUntrappedStopEndsWithKillAfterTheGracePeriodAndKillSignalsReachTraps() throws Exception {
        String id = run("trap 'echo got HUP' HUP; echo ready; while :; do sleep 0.02; done");
        awaitLog(id, "ready\n");
        Wired.api(d).queryParam("signal", "HUP").post("/containers/" + id + "/kill").then().statusCode(204);
        awaitLog(id, "got HUP\n");
        Wired.api(d).queryParam("t", "0").post("/containers/" + id + "/stop").then().statusCode(204);
        assertThat(waitExit(id)).isEqualTo(137);
    }

    @Test
    void aPausedLoopKeepsItsTimerAndFinishesAfterUnpause() {
        String id = run("for i in 1 2 3; do sleep 0.3; echo $i; done; echo finished; exit 4");
        Wired.api(d).post("/containers/" + id + "/pause").then().statusCode(204);
        Wired.api(d).post("/containers/" + id + "/unpause").then().statusCode(204);
        assertThat(waitExit(id)).isEqualTo(4);
        assertThat(logs(id)).contains("1\n").contains("3\n").contains("finished\n");
    }

    @Test
    void fiftyContainersBlockedInPipelinesAndSubstitutionsAddNoThreadPerContainer() throws Exception {
        settle();
        int before = processThreads();
        String[] shapes = {
            "tail -f /dev/null | cat",
            "x=$(sleep 100); echo done",
            "while true; do echo ok | nc -l -p 8080; done",
            "sleep 3600 | while read l; do echo \"$l\"; done",
            "echo \"$(tail -f /dev/null | cat)\"",
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(run(shapes[i % shapes.length]));
        }
        // a shell or a stage that kept its thread times this out
        long end = System.nanoTime() + 20_000_000_000L;
        while ((!Rig.threadsInShell().isEmpty() || processThreads() - before >= 10) && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(Rig.threadsInShell()).as("threads parked inside a shell").isEmpty();
        assertThat(processThreads() - before).as("threads added by 50 blocked pipeline containers").isLessThan(10);
        for (String id : ids) {
            Wired.api(d).post("/containers/" + id + "/kill").then().statusCode(204);
        }
        for (String id : ids) {
            assertThat(waitExit(id)).isEqualTo(137);
        }
    }

    @Test
    void stopAndTrapsWorkWhileTheShellWaitsInAPipelineOrSubstitution() throws Exception {
        String trapped = run("trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.05 | cat; x=$(sleep 0.05); "
            + "done");
        String hup = run("trap 'echo got HUP' HUP; echo ready; while :; do sleep 0.02 | sleep 0.02; y=$(sleep 0.02); "
            + "done");
        String untrapped = run("tail -f /dev/null | cat");
        awaitLog(hup, "ready\n");
        Wired.api(d).queryParam("signal", "HUP").post("/containers/" + hup + "/kill").then().statusCode(204);
        awaitLog(hup, "got HUP\n");
        awaitLog(trapped, "up\n");
        Wired.api(d).queryParam("t", "10").post("/containers/" + trapped + "/stop").then().statusCode(204);
        assertThat(waitExit(trapped)).isZero();
        assertThat(logs(trapped)).contains("up\n").contains("bye\n");
        Wired.api(d).queryParam("t", "0").post("/containers/" + untrapped + "/stop").then().statusCode(204);
        assertThat(waitExit(untrapped)).isEqualTo(137);
        Wired.api(d).queryParam("t", "0").post("/containers/" + hup + "/stop").then().statusCode(204);
        assertThat(waitExit(hup)).isEqualTo(137);
    }

    @Test
    void aPausedPipelineLoopFinishesAfterUnpause() {
        String id = run("for i in 1 2 3; do sleep 0.3 | cat; echo $i | cat; done; echo \"$(echo finished)\"; exit 4");
        Wired.api(d).post("/containers/" + id + "/pause").then().statusCode(204);
        Wired.api(d).post("/containers/" + id + "/unpause").then().statusCode(204);
        assertThat(waitExit(id)).isEqualTo(4);
        assertThat(logs(id)).contains("1\n").contains("3\n").contains("finished\n");
    }
}
