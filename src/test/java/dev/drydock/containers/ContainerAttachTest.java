package dev.drydock.containers;

import dev.drydock.Drydock;
import dev.drydock.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.drydock.containers.ContainerTestSupport.api;
import static dev.drydock.containers.ContainerTestSupport.create;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /containers/{id}/attach} hijacked as docker run uses it: attach, wait, start. */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class ContainerAttachTest {
    static Drydock d;

    @BeforeAll
    static void start() {
        d = ContainerTestSupport.start();
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    private static byte[] readAll(RawHttp http) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        http.in().transferTo(out);
        return out.toByteArray();
    }

    @Test
    void attachBeforeStartStreamsTheRunAndEndsWithIt() throws Exception {
        String id = create(d, "att", "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"],\"AttachStdout\":true}");
        try (RawHttp http = RawHttp.connect(d.tcpUri())) {
            http.request("POST", "/v1.50/containers/att/attach?stream=1&stdout=1&stderr=1",
                    "Connection: Upgrade", "Upgrade: tcp", "Content-Length: 0");
            RawHttp.Head head = http.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Upgrade")).isEqualTo("tcp");
            assertThat(head.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            api(d).post("/containers/att/start").then().statusCode(204);
            byte[] body = readAll(http);
            assertThat(body).isEqualTo(new byte[]{1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'});
        }
        // As in dockerd, the attach stream ends (its copiers are done) before the exit is handled and die published.
        // Its body (not just its head) is the exit: rest-assured reads it only when asked.
        assertThat(api(d).post("/containers/att/wait").then().statusCode(200).extract().<Integer>path("StatusCode"))
                .isZero();
        var actions = d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
                .map(e -> e.action()).toList();
        assertThat(actions).containsExactly("create", "attach", "start", "die");
    }

    @Test
    void stdinIsForwardedAndItsEndClosesTheProcessStdinWithStdinOnce() throws Exception {
        create(d, "cat_i", "{\"Image\":\"busybox\",\"Cmd\":[\"cat\"],\"OpenStdin\":true,\"StdinOnce\":true,"
                + "\"AttachStdin\":true,\"Tty\":true}");
        try (RawHttp http = RawHttp.connect(d.tcpUri())) {
            http.request("POST", "/containers/cat_i/attach?stream=1&stdin=1&stdout=1&stderr=1",
                    "Connection: Upgrade", "Upgrade: tcp", "Content-Length: 0");
            assertThat(http.readHead().status()).isEqualTo(101);
            PendingWait wait = PendingWait.open(d, "cat_i", "next-exit");
            api(d).post("/containers/cat_i/start").then().statusCode(204);
            http.send("piped line\n".getBytes(StandardCharsets.UTF_8));
            http.shutdownOutput();
            assertThat(new String(readAll(http), StandardCharsets.UTF_8)).isEqualTo("piped line\n");
            assertThat(wait.body()).isEqualTo("{\"Error\":null,\"StatusCode\":0}\n");
            wait.close();
        }
    }

    @Test
    void attachWithLogsReplaysPastOutput() throws Exception {
        create(d, "att_logs", "{\"Image\":\"busybox\",\"Tty\":true,\"Cmd\":[\"echo\",\"before\"]}");
        api(d).post("/containers/att_logs/start").then().statusCode(204);
        d.engine().containers().get("att_logs").removed();
        d.engine().containers().waitFor("att_logs",
                dev.drydock.engine.containers.ContainerService.WaitCondition.NOT_RUNNING).join();
        try (RawHttp http = RawHttp.connect(d.tcpUri())) {
            http.request("POST", "/containers/att_logs/attach?logs=1&stdout=1",
                    "Connection: Upgrade", "Upgrade: tcp", "Content-Length: 0");
            assertThat(http.readHead().status()).isEqualTo(101);
            assertThat(new String(readAll(http), StandardCharsets.UTF_8)).isEqualTo("before\n");
        }
    }

    @Test
    void attachToAMissingContainerIs404BeforeAnyUpgrade() {
        api(d).header("Upgrade", "tcp").header("Connection", "Upgrade").post("/containers/nope/attach?stream=1")
                .then().statusCode(404);
    }
}
