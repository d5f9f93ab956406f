package dev.drydock.containers;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.drydock.containers.ContainerTestSupport.api;
import static dev.drydock.containers.ContainerTestSupport.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** {@code GET /containers/{id}/logs} framing and options, and {@code GET /containers/json} filters. */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class ContainerLogsAndListTest {
    static Drydock d;

    @BeforeAll
    static void start() {
        d = ContainerTestSupport.start();
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    private static void runToExit(String name) {
        try (PendingWait wait = PendingWait.open(d, name, "next-exit")) {
            api(d).post("/containers/" + name + "/start").then().statusCode(204);
            wait.body();
        }
    }

    private static byte[] frame(int stream, String s) {
        byte[] p = s.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[8 + p.length];
        f[0] = (byte) stream;
        f[7] = (byte) p.length;
        System.arraycopy(p, 0, f, 8, p.length);
        return f;
    }

    @Test
    void logsAreMultiplexedWithoutTty() {
        create(d, "out1", "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"out\"]}");
        runToExit("out1");
        byte[] body = api(d).queryParam("stdout", 1).queryParam("stderr", 1).get("/containers/out1/logs")
                .then().statusCode(200).contentType("application/vnd.docker.multiplexed-stream")
                .extract().asByteArray();
        assertThat(body).isEqualTo(frame(1, "out\n"));
        byte[] errOnly = api(d).queryParam("stderr", 1).get("/containers/out1/logs").asByteArray();
        assertThat(errOnly).isEmpty();

        create(d, "err1", "{\"Image\":\"busybox\",\"Cmd\":[\"echoerr\",\"err\"]}");
        runToExit("err1");
        assertThat(api(d).queryParam("stderr", 1).get("/containers/err1/logs").asByteArray())
                .isEqualTo(frame(2, "err\n"));
    }

    @Test
    void logsAreRawWithTtyAndCarryTimestampsWhenAsked() {
        create(d, "tty1", "{\"Image\":\"busybox\",\"Tty\":true,\"Cmd\":[\"echo\",\"hello\"]}");
        runToExit("tty1");
        api(d).queryParam("stdout", 1).get("/containers/tty1/logs").then().statusCode(200)
                .contentType("application/vnd.docker.raw-stream");
        assertThat(api(d).queryParam("stdout", 1).get("/containers/tty1/logs").asString()).isEqualTo("hello\n");
        assertThat(api(d).queryParam("stdout", 1).queryParam("timestamps", 1).get("/containers/tty1/logs").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z hello\n");
    }

    @Test
    void logsNeedAStreamAndAContainer() {
        create(d, "nolog", "{\"Image\":\"busybox\"}");
        api(d).get("/containers/nolog/logs").then().statusCode(400)
                .body("message", equalTo("Bad parameters: you must choose at least one stream"));
        api(d).queryParam("stdout", 1).get("/containers/missing/logs").then().statusCode(404)
                .body("message", equalTo("No such container: missing"));
    }

    @Test
    void logsFollowStreamsUntilTheContainerExits() {
        create(d, "follow", "{\"Image\":\"busybox\",\"OpenStdin\":true,\"Tty\":true,\"Cmd\":[\"cat\"]}");
        api(d).post("/containers/follow/start").then().statusCode(204);
        CompletableFuture<String> logs = CompletableFuture.supplyAsync(() ->
                api(d).queryParam("stdout", 1).queryParam("follow", 1).get("/containers/follow/logs").asString());
        var c = d.engine().containers().get("follow");
        try (var stdin = c.process().stdin()) {
            stdin.write("line1\nline2\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(logs.join()).isEqualTo("line1\nline2\n");
    }

    @Test
    void tailKeepsTheLastLines() {
        create(d, "tail", "{\"Image\":\"busybox\",\"Tty\":true,\"OpenStdin\":true,\"Cmd\":[\"cat\"]}");
        api(d).post("/containers/tail/start").then().statusCode(204);
        var c = d.engine().containers().get("tail");
        var exited = c.nextExit();
        try (var stdin = c.process().stdin()) {
            stdin.write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        exited.join();
        assertThat(api(d).queryParam("stdout", 1).queryParam("tail", 2).get("/containers/tail/logs").asString())
                .isEqualTo("b\nc\n");
        assertThat(api(d).queryParam("stdout", 1).queryParam("tail", "all").get("/containers/tail/logs").asString())
                .isEqualTo("a\nb\nc\n");
    }

    @Test
    void listFiltersByStatusLabelNameAndAncestor() {
        String run = create(d, "lf_run", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"Labels\":{\"team\":\"a\"}}");
        api(d).post("/containers/lf_run/start").then().statusCode(204);
        String created = create(d, "lf_created", "{\"Image\":\"web:1\",\"Labels\":{\"team\":\"b\"}}");
        create(d, "lf_exit", "{\"Image\":\"busybox\",\"Cmd\":[\"exit\",\"3\"]}");
        runToExit("lf_exit");

        api(d).queryParam("filters", "{\"status\":[\"exited\"],\"name\":[\"lf_\"]}").get("/containers/json")
                .then().statusCode(200).body("Names.flatten()", equalTo(List.of("/lf_exit")))
                .body("[0].Status", equalTo("Exited (3) Less than a second ago"))
                .body("[0].Command", equalTo("exit 3"));
        api(d).queryParam("filters", "{\"exited\":[\"3\"]}").get("/containers/json")
                .then().body("Names.flatten()", equalTo(List.of("/lf_exit")));
        api(d).queryParam("all", 1).queryParam("filters", "{\"label\":{\"team=b\":true}}").get("/containers/json")
                .then().body("Id", equalTo(List.of(created)));
        api(d).queryParam("filters", "{\"label\":[\"team\"]}").get("/containers/json")
                .then().body("Id", equalTo(List.of(run)));
        api(d).queryParam("all", 1).queryParam("filters", "{\"ancestor\":[\"web:1\"]}").get("/containers/json")
                .then().body("Id", equalTo(List.of(created)));
        api(d).queryParam("filters", "{\"status\":[\"bogus\"]}").get("/containers/json").then().statusCode(400)
                .body("message", equalTo("invalid filter 'status=bogus'"));
        api(d).queryParam("filters", "{\"nope\":[\"x\"]}").get("/containers/json").then().statusCode(400)
                .body("message", equalTo("invalid filter 'nope'"));
        api(d).queryParam("limit", 1).get("/containers/json").then().body("", hasSize(1));
        api(d).queryParam("all", 1).queryParam("size", 1).queryParam("filters", "{\"name\":[\"lf_created\"]}")
                .get("/containers/json").then().body("[0].SizeRootFs", equalTo(4_261_574))
                .body("[0].Ports", hasSize(0))
                .body("[0].HostConfig.NetworkMode", equalTo("default"))
                .body("[0].NetworkSettings.Networks.bridge.IPAddress", equalTo(""))
                .body("[0].Mounts[0].Destination", equalTo("/data"));
    }

    @Test
    void runningContainerListsPublishedPorts() {
        create(d, "ports", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
        api(d).post("/containers/ports/start").then().statusCode(204);
        // A free host port is chosen (a fixed one collides with any other suite running on the machine).
        String hostPort = api(d).get("/containers/ports/json").then().statusCode(200).extract()
                .path("NetworkSettings.Ports.'80/tcp'[0].HostPort");
        assertThat(Integer.parseInt(hostPort)).isPositive();
        api(d).queryParam("filters", "{\"name\":[\"^/ports$\"]}").get("/containers/json").then()
                .body("[0].Ports[0].IP", equalTo("127.0.0.1"))
                .body("[0].Ports[0].PrivatePort", equalTo(80))
                .body("[0].Ports[0].PublicPort", equalTo(Integer.parseInt(hostPort)))
                .body("[0].Ports[0].Type", equalTo("tcp"));
    }

    @Test
    void topListsTheProcessTreeOfARunningContainer() {
        String id = create(d, "topped", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}");
        api(d).get("/containers/topped/top").then().statusCode(409)
                .body("message", equalTo("Container " + id + " is not running"));
        api(d).post("/containers/topped/start").then().statusCode(204);
        api(d).get("/containers/topped/top").then().statusCode(200)
                .body("Titles", equalTo(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")))
                .body("Processes[0][0]", equalTo("root"))
                .body("Processes[0][7]", equalTo("sleep 1000"));
    }

    @Test
    void infoCountsContainers() {
        int before = d.engine().system().totals().containers();
        create(d, "counted", "{\"Image\":\"busybox\"}");
        api(d).get("/info").then().body("Containers", equalTo(before + 1));
    }
}
