package dev.drydock.integration;

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

    /** Waits (10 s at most) until the container's output contains {@code text}. */
    private static void awaitLogs(String id, String text) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!logs(id).contains(text)) {
            assertThat(System.nanoTime()).as("\"%s\" in the logs within 10 s: %s", text, logs(id)).isLessThan(end);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long threadsInShell() {
        long n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement el : e.getValue()) {
                if (el.getClassName().startsWith("dev.drydock.runtime.shell.")) {
                    n++;
                    break;
                }
            }
        }
        return n;
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
        while (threadsInShell() > 0 && System.nanoTime() < end) {
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
        assertThat(threadsInShell()).as("threads parked inside a shell").isZero();
        // before scripts could suspend, each of these containers held a worker thread parked in the shell
        assertThat(processThreads() - before).as("threads added by 100 idle shell containers").isLessThan(10);
        for (String id : ids) {
            Wired.api(d).post("/containers/" + id + "/kill").then().statusCode(204);
        }
        for (String id : ids) {
            assertThat(waitExit(id)).isEqualTo(137);
        }
    }

    @Test
    void stopRunsTheTrapOnceTheForegroundSleepEnds() {
        String id = run("trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.05; done");
        // A TERM before the trap is set is ignored by PID 1 (as on dockerd): stop once the script said it is up.
        awaitLogs(id, "up\n");
        Wired.api(d).queryParam("t", "10").post("/containers/" + id + "/stop").then().statusCode(204);
        assertThat(waitExit(id)).isZero();
        assertThat(logs(id)).contains("up\n").contains("bye\n");
    }

    @Test
    void aTrapThatExitsAfterItsForegroundSleepKeepsItsExitCodeWithinTheGracePeriod() {
        // ash runs the trap once the foreground sleep 1 ends: up to a second of real time, far past a simulated grace.
        String id = run("trap 'exit 7' TERM; echo up; while :; do sleep 1; done");
        awaitLogs(id, "up\n");
        Wired.api(d).queryParam("t", "10").post("/containers/" + id + "/stop").then().statusCode(204);
        assertThat(waitExit(id)).isEqualTo(7);
        assertThat(d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
            .filter(e -> e.action().equals("kill")).map(e -> e.attributes().get("signal")).toList())
            .as("signals sent: TERM only, no SIGKILL after the grace").containsExactly("15");
    }

    @Test
    void anUntrappedStopEndsWithKillAfterTheGracePeriodAndKillSignalsReachTraps() throws Exception {
        String id = run("trap 'echo got HUP' HUP; echo trapped; while :; do sleep 0.02; done");
        // A HUP before the trap is set is ignored by PID 1 (as on dockerd), so it is sent once the trap is in place.
        awaitLogs(id, "trapped\n");
        Wired.api(d).queryParam("signal", "HUP").post("/containers/" + id + "/kill").then().statusCode(204);
        awaitLogs(id, "got HUP\n");
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
}
