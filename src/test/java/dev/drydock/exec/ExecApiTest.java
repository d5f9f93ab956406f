package dev.drydock.exec;

import dev.drydock.Drydock;
import dev.drydock.engine.Event;
import dev.drydock.stream.FrameReader;
import dev.drydock.testing.RawHttp;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.drydock.exec.ExecTestSupport.api;
import static dev.drydock.exec.ExecTestSupport.createExec;
import static dev.drydock.exec.ExecTestSupport.demux;
import static dev.drydock.exec.ExecTestSupport.runSleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** The exec API over HTTP against a whole Drydock, shaped as the golden dockerd 20.10 answers are. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecApiTest {
    static Drydock d;
    static String c;

    @BeforeAll
    static void start() {
        d = ExecTestSupport.start();
        c = runSleeper(d, "g_running");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void createAnswers201WithTheId() {
        api(d).body("{\"AttachStdout\":true,\"Cmd\":[\"true\"]}").post("/v1.41/containers/g_running/exec").then()
                .statusCode(201).contentType("application/json").body("Id", org.hamcrest.Matchers.matchesPattern(
                        "[0-9a-f]{64}"));
    }

    @Test
    void inspectBeforeAndAfterStartMatchesTheGoldenShape() {
        String id = createExec(d, c, "{\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo execout; exit 2\"]}");
        String before = api(d).get("/v1.41/exec/" + id + "/json").then().statusCode(200)
                .contentType("application/json").extract().asString();
        assertThat(before).isEqualTo("{\"ID\":\"" + id + "\",\"Running\":false,\"ExitCode\":null,\"ProcessConfig\":"
                + "{\"tty\":false,\"entrypoint\":\"sh\",\"arguments\":[\"-c\",\"echo execout; exit 2\"],"
                + "\"privileged\":false},\"OpenStdin\":false,\"OpenStderr\":true,\"OpenStdout\":true,"
                + "\"CanRemove\":false,\"ContainerID\":\"" + c + "\",\"DetachKeys\":\"\",\"Pid\":0}\n");

        Response start = api(d).body("{\"Detach\":false,\"Tty\":false}").post("/v1.41/exec/" + id + "/start");
        assertThat(start.statusCode()).isEqualTo(200);
        assertThat(start.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
        byte[] body = start.asByteArray();
        assertThat(body).startsWith(1, 0, 0, 0, 0, 0, 0, 8);
        assertThat(demux(body).stdoutText()).isEqualTo("execout\n");

        api(d).get("/v1.41/exec/" + id + "/json").then().statusCode(200)
                .body("Running", equalTo(false)).body("ExitCode", equalTo(2)).body("Pid",
                        org.hamcrest.Matchers.greaterThan(1));
    }

    @Test
    void stdoutAndStderrAreSeparateFramesWithoutATtyAndOneRawStreamWithIt() {
        String id = createExec(d, c, "{\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo out; echo err >&2\"]}");
        FrameReader.Demuxed out = demux(api(d).body("{}").post("/exec/" + id + "/start").then().statusCode(200)
                .extract().asByteArray());
        assertThat(out.stdoutText()).isEqualTo("out\n");
        assertThat(out.stderrText()).isEqualTo("err\n");

        String tty = createExec(d, c, "{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo out; echo err >&2\"]}");
        String raw = api(d).body("{\"Tty\":true}").post("/exec/" + tty + "/start").then().statusCode(200)
                .extract().asString();
        assertThat(raw).isEqualTo("out\r\nerr\r\n");
    }

    @Test
    void onlyTheAttachedStreamsAreSent() {
        String id = createExec(d, c, "{\"AttachStderr\":true,\"Cmd\":[\"sh\",\"-c\",\"echo out; echo err >&2\"]}");
        FrameReader.Demuxed out = demux(api(d).body("{}").post("/exec/" + id + "/start").asByteArray());
        assertThat(out.stdoutText()).isEmpty();
        assertThat(out.stderrText()).isEqualTo("err\n");
    }

    @Test
    void envWorkingDirAndUserApply() {
        String id = createExec(d, c, "{\"AttachStdout\":true,\"Env\":[\"GREETING=hello\"],\"WorkingDir\":\"/tmp\","
                + "\"User\":\"nobody\",\"Cmd\":[\"sh\",\"-c\",\"echo $GREETING; pwd; id -u\"]}");
        String out = demux(api(d).body("{}").post("/exec/" + id + "/start").asByteArray()).stdoutText();
        assertThat(out).isEqualTo("hello\n/tmp\n65534\n");
        api(d).get("/exec/" + id + "/json").then().body("ProcessConfig.user", equalTo("nobody"));
    }

    @Test
    void theExecIsAProcessOfTheContainer() {
        String id = createExec(d, c, "{\"AttachStdout\":true,\"Cmd\":[\"ps\"]}");
        String out = demux(api(d).body("{}").post("/exec/" + id + "/start").asByteArray()).stdoutText();
        assertThat(out).contains("sleep 300").contains("ps");
    }

    @Test
    void aMissingBinaryIsReportedInTheStreamAndExits126WithoutExecDie() {
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.engine().events().subscribe(0, events::add);
        String id = createExec(d, c, "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"nosuchcmd\"]}");
        byte[] body = api(d).body("{}").post("/exec/" + id + "/start").then().statusCode(200).extract()
                .asByteArray();
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(body[0]).isEqualTo((byte) 1);
        assertThat(text).endsWith("OCI runtime exec failed: exec failed: unable to start container process: "
                + "exec: \"nosuchcmd\": executable file not found in $PATH: unknown\r\n");
        api(d).get("/exec/" + id + "/json").then().body("ExitCode", equalTo(126)).body("Running", equalTo(false))
                .body("ProcessConfig.arguments.size()", equalTo(0));
        assertThat(actionsOf(events, id)).containsExactly("exec_create: nosuchcmd ", "exec_start: nosuchcmd ");
    }

    @Test
    void eventsCarryTheCommandAndTheExitCode() throws Exception {
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.engine().events().subscribe(0, events::add);
        String id = createExec(d, "g_running", "{\"Cmd\":[\"sh\",\"-c\",\"echo hi\"]}");
        api(d).body("{}").post("/exec/" + id + "/start").then().statusCode(200).extract().asByteArray();
        assertThat(actionsOf(events, id)).containsExactly("exec_create: sh -c echo hi", "exec_start: sh -c echo hi",
                "exec_die");
        Event die = events.stream().filter(e -> e.action().equals("exec_die")
                && id.equals(e.attributes().get("execID"))).findFirst().orElseThrow();
        assertThat(die.actorId()).isEqualTo(c);
        assertThat(die.attributes()).containsEntry("exitCode", "0").containsEntry("name", "g_running")
                .containsEntry("image", "busybox");
    }

    @Test
    void aQuickCommandAnswersWholeWithItsEventsInOrderAndHasExitedWhenTheAnswerArrives() {
        // echo and false run on the request thread and their whole output is the body: nothing may differ from
        // a command that streams (frames, content type, events, the exit code at once).
        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.engine().events().subscribe(0, events::add);
        for (String[] cmd : new String[][] {{"echo", "hi"}, {"false"}}) {
            String json = "[\"" + String.join("\",\"", cmd) + "\"]";
            String id = createExec(d, c, "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":" + json + "}");
            Response start = api(d).body("{\"Detach\":false,\"Tty\":false}").post("/v1.41/exec/" + id + "/start");
            assertThat(start.statusCode()).isEqualTo(200);
            assertThat(start.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
            byte[] body = start.asByteArray();
            int code = cmd[0].equals("echo") ? 0 : 1;
            if (code == 0) {
                assertThat(body).containsExactly(1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n');
            } else {
                assertThat(body).isEmpty();
            }
            api(d).get("/v1.41/exec/" + id + "/json").then().statusCode(200)
                    .body("Running", equalTo(false)).body("ExitCode", equalTo(code));
            // The entrypoint, a space, the arguments: "false " has a trailing space, as the daemon's has.
            String text = cmd[0] + " " + String.join(" ", java.util.Arrays.asList(cmd).subList(1, cmd.length));
            assertThat(actionsOf(events, id)).containsExactly("exec_create: " + text, "exec_start: " + text,
                    "exec_die");
        }
        String tty = createExec(d, c, "{\"AttachStdout\":true,\"Tty\":true,\"Cmd\":[\"echo\",\"hi\"]}");
        assertThat(api(d).body("{\"Tty\":true}").post("/exec/" + tty + "/start").then().statusCode(200)
                .extract().asString()).isEqualTo("hi\r\n");
    }

    private static List<String> actionsOf(List<Event> events, String execId) {
        return events.stream().filter(e -> execId.equals(e.attributes().get("execID"))).map(Event::action).toList();
    }

    @Test
    void detachedStartAnswersEmpty200AndTheProcessRuns() throws Exception {
        String id = createExec(d, c, "{\"Cmd\":[\"sh\",\"-c\",\"echo detached > /tmp/detached\"]}");
        Response r = api(d).body("{\"Detach\":true}").post("/exec/" + id + "/start");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEmpty();
        assertThat(r.header("Content-Type")).isNull();
        d.engine().execs().get(id).finished().get(10, TimeUnit.SECONDS);
        api(d).get("/exec/" + id + "/json").then().body("ExitCode", equalTo(0)).body("OpenStdout", equalTo(false));
        String cat = createExec(d, c, "{\"AttachStdout\":true,\"Cmd\":[\"cat\",\"/tmp/detached\"]}");
        assertThat(demux(api(d).body("{}").post("/exec/" + cat + "/start").asByteArray()).stdoutText())
                .isEqualTo("detached\n");
    }

    @Test
    void aDetachedStartThatCannotRunIsA400() {
        String id = createExec(d, c, "{\"Cmd\":[\"nosuch\"]}");
        api(d).body("{\"Detach\":true}").post("/exec/" + id + "/start").then().statusCode(400)
                .body("message", equalTo("OCI runtime exec failed: exec failed: unable to start container process: "
                        + "exec: \"nosuch\": executable file not found in $PATH: unknown"));
    }

    @Test
    void startingTwiceIsAConflict() throws Exception {
        String id = createExec(d, c, "{\"Cmd\":[\"true\"]}");
        api(d).body("{\"Detach\":true}").post("/exec/" + id + "/start").then().statusCode(200);
        d.engine().execs().get(id).finished().get(10, TimeUnit.SECONDS);
        api(d).body("{\"Detach\":true}").post("/exec/" + id + "/start").then().statusCode(409)
                .body("message", equalTo("Error: Exec command " + id + " has already run"));
        String inBand = api(d).body("{}").post("/exec/" + id + "/start").then().statusCode(200).extract().asString();
        assertThat(inBand).endsWith("Error: Exec command " + id + " has already run\r\n");

        String running = createExec(d, c, "{\"Cmd\":[\"sleep\",\"100\"]}");
        api(d).body("{\"Detach\":true}").post("/exec/" + running + "/start").then().statusCode(200);
        api(d).body("{\"Detach\":true}").post("/exec/" + running + "/start").then().statusCode(409)
                .body("message", equalTo("Error: Exec command " + running + " is already running"));
        api(d).get("/exec/" + running + "/json").then().body("Running", equalTo(true)).body("ExitCode", nullValue());
    }

    @Test
    void errorsMatchTheDaemon() {
        api(d).get("/exec/nonexistent/json").then().statusCode(404).contentType("application/json")
                .body("message", equalTo("No such exec instance: nonexistent"));
        api(d).body("{}").post("/exec/nope/start").then().statusCode(404)
                .body("message", equalTo("No such exec instance: nope"));
        api(d).post("/exec/nope/resize?h=1&w=2").then().statusCode(404)
                .body("message", equalTo("No such exec instance: nope"));
        api(d).body("{\"Cmd\":[\"true\"]}").post("/containers/nonexist/exec").then().statusCode(404)
                .body("message", equalTo("No such container: nonexist"));
        api(d).body("{}").post("/containers/nonexist/exec").then().statusCode(400)
                .body("message", equalTo("No exec command specified"));
        api(d).body("{\"Cmd\":[]}").post("/containers/" + c + "/exec").then().statusCode(400)
                .body("message", equalTo("No exec command specified"));
        api(d).body("{\"Cmd\":\"echo hi\"}").post("/v1.41/containers/" + c + "/exec").then().statusCode(400)
                .body("message", equalTo("json: cannot unmarshal string into Go struct field ExecConfig.Cmd of "
                        + "type []string"));
        api(d).body("{\"Tty\":\"x\"}").post("/v1.45/containers/" + c + "/exec").then().statusCode(400)
                .body("message", equalTo("invalid JSON: json: cannot unmarshal string into Go struct field "
                        + "ExecConfig.Tty of type bool"));
        api(d).body("[1]").post("/v1.41/containers/" + c + "/exec").then().statusCode(400)
                .body("message", equalTo("json: cannot unmarshal array into Go value of type types.ExecConfig"));
        api(d).body("{\"Cmd\":[\"true\"],\"DetachKeys\":\"ab,ctrl-p\"}").post("/containers/" + c + "/exec").then()
                .statusCode(500).body("message", equalTo("Invalid escape keys (ab,ctrl-p) provided"));
        api(d).post("/v1.41/exec/x/start").then().statusCode(400)
                .body("message", equalTo("got EOF while reading request body"));
    }

    @Test
    void detachKeysAreShownAsBase64() {
        String id = createExec(d, c, "{\"Cmd\":[\"true\"],\"DetachKeys\":\"ctrl-x\",\"Privileged\":true}");
        api(d).get("/exec/" + id + "/json").then().body("DetachKeys", equalTo("GA=="))
                .body("ProcessConfig.privileged", equalTo(true));
    }

    @Test
    void notRunningAndPausedContainersRefuseExec() {
        String exited = api(d).body("{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}").queryParam("name", "g_exited")
                .post("/containers/create").then().statusCode(201).extract().path("Id");
        api(d).body("{\"Cmd\":[\"true\"]}").post("/v1.41/containers/g_exited/exec").then().statusCode(409)
                .contentType("application/json").body("message", equalTo("Container " + exited + " is not running"));
        String p = runSleeper(d, "g_paused");
        api(d).post("/containers/g_paused/pause").then().statusCode(204);
        api(d).body("{\"Cmd\":[\"true\"]}").post("/containers/g_paused/exec").then().statusCode(409)
                .body("message", equalTo("Container g_paused is paused, unpause the container before exec"));
        api(d).post("/containers/" + p + "/unpause").then().statusCode(204);
    }

    @Test
    void execIdsInContainerInspectAndExecsDieWithTheirContainer() throws Exception {
        String box = runSleeper(d, null);
        api(d).get("/containers/" + box + "/json").then().body("ExecIDs", nullValue());
        String pending = createExec(d, box, "{\"Cmd\":[\"true\"]}");
        String running = createExec(d, box, "{\"Cmd\":[\"sleep\",\"100\"]}");
        api(d).body("{\"Detach\":true}").post("/exec/" + running + "/start").then().statusCode(200);
        List<String> ids = api(d).get("/containers/" + box + "/json").then().extract().path("ExecIDs");
        assertThat(ids).containsExactlyInAnyOrder(pending, running);

        List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        d.engine().events().subscribe(0, events::add);
        api(d).post("/containers/" + box + "/kill").then().statusCode(204);
        assertThat(d.engine().execs().get(running).finished().get(10, TimeUnit.SECONDS)).isEqualTo(137);
        api(d).get("/exec/" + running + "/json").then().statusCode(200).body("ExitCode", equalTo(137))
                .body("Running", equalTo(false));
        api(d).get("/exec/" + pending + "/json").then().statusCode(404);
        api(d).get("/containers/" + box + "/json").then().body("ExecIDs", nullValue());
        assertThat(events).anyMatch(e -> e.action().equals("exec_die")
                && running.equals(e.attributes().get("execID")) && "137".equals(e.attributes().get("exitCode")));

        api(d).delete("/containers/" + box).then().statusCode(204);
        api(d).get("/exec/" + running + "/json").then().statusCode(404)
                .body("message", equalTo("No such exec instance: " + running));
    }

    @Test
    void resizeReachesARunningTtyExec() throws Exception {
        String id = createExec(d, c, "{\"Tty\":true,\"AttachStdout\":true,\"ConsoleSize\":[30,100],"
                + "\"Cmd\":[\"sleep\",\"100\"]}");
        api(d).body("{\"Detach\":true,\"Tty\":true}").post("/exec/" + id + "/start").then().statusCode(200);
        api(d).post("/exec/" + id + "/resize?h=10&w=20").then().statusCode(200);
        api(d).post("/exec/" + id + "/resize?h=x&w=20").then().statusCode(400)
                .body("message", equalTo("strconv.Atoi: parsing \"x\": invalid syntax"));
        String done = createExec(d, c, "{\"Cmd\":[\"true\"]}");
        api(d).body("{\"Detach\":true}").post("/exec/" + done + "/start").then().statusCode(200);
        d.engine().execs().get(done).finished().get(10, TimeUnit.SECONDS);
        api(d).post("/exec/" + done + "/resize?h=10&w=20").then().statusCode(404)
                .body("message", equalTo("no such exec"));
    }

    @Test
    void hijackedStartForwardsStdinAndEndsWhenTheProcessExits() throws Exception {
        String id = createExec(d, c, "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Cmd\":[\"cat\"]}");
        try (RawHttp http = RawHttp.connect(d.tcpUri())) {
            String body = "{\"Detach\":false,\"Tty\":false}";
            http.send("POST /v1.50/exec/" + id + "/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body);
            RawHttp.Head head = http.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            http.send("hello\n");
            http.shutdownOutput();
            FrameReader.Demuxed out = new FrameReader(http.in()).readAll();
            assertThat(out.stdoutText()).isEqualTo("hello\n");
        }
        api(d).get("/exec/" + id + "/json").then().body("ExitCode", equalTo(0)).body("OpenStdin", equalTo(true));
    }

    @Test
    void manyExecsInARowEachGetTheirOwnOutputAndExitCode() {
        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            String id = createExec(d, c, "{\"AttachStdout\":true,\"Cmd\":[\"echo\",\"hi\"]}");
            assertThat(demux(api(d).body("{}").post("/exec/" + id + "/start").asByteArray()).stdoutText())
                    .isEqualTo("hi\n");
            api(d).get("/exec/" + id + "/json").then().body("ExitCode", equalTo(0));
        }
        System.out.printf("50 exec create+start+inspect in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
