package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.stream.FrameReader;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx, redis and postgres listen as their images do: one socket on 0.0.0.0 and one on :: (nginx's default.conf
 * has {@code listen 80; listen [::]:80;}, redis 7 {@code bind * -::*}, postgres {@code listen_addresses='*'}), so
 * /proc/net/tcp and /proc/net/tcp6 and netstat show both, and they answer from other containers and inside.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DualStackListenersTest {
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode";
    private static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        for (String image : new String[] {"busybox", "nginx", "redis", "postgres"}) {
            Wired.pull(d, image, "latest");
        }
        Wired.pull(d, "nginx", "alpine");
        api(d).body("{\"Name\":\"dual\"}").post("/networks/create").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static String exec(String container, String script) throws IOException {
        String id = api(d).body("{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"sh\",\"-c\","
                + quote(script) + "]}").post("/containers/" + container + "/exec").then().statusCode(201)
                .extract().path("Id");
        // A hung exec fails this test after a while instead of blocking the suite.
        byte[] body = api(d).config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 30_000))).body("{}").post("/exec/" + id + "/start").then()
                .statusCode(200).extract().asByteArray();
        FrameReader.Demuxed out = new FrameReader(new ByteArrayInputStream(body)).readAll();
        assertThat(out.stderrText()).as("stderr of %s", script).isEmpty();
        return out.stdoutText();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String awaitExec(String container, String script, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String out = exec(container, script);
        while (!done.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            out = exec(container, script);
        }
        assertThat(done.test(out)).as("%s in %s: %s", script, container, out).isTrue();
        return out;
    }

    /** The local addresses of the listening sockets in a /proc/net/tcp{,6} listing. */
    private static String locals(String procNetTcp) {
        StringBuilder sb = new StringBuilder();
        for (String line : procNetTcp.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[3].equals("0A")) {
                sb.append(f[1]).append('\n');
            }
        }
        return sb.toString();
    }

    private static void run(String name, String body) {
        create(d, name, body);
        api(d).post("/containers/" + name + "/start").then().statusCode(204);
    }

    @Test
    void nginxRedisAndPostgresListenOnTheIpv4AndTheIpv6Wildcard() throws Exception {
        run("web", "{\"Image\":\"nginx\",\"HostConfig\":{\"NetworkMode\":\"dual\"}}");
        run("cache", "{\"Image\":\"redis\",\"HostConfig\":{\"NetworkMode\":\"dual\"}}");
        run("db", "{\"Image\":\"postgres\",\"Env\":[\"POSTGRES_PASSWORD=pw\"],\"HostConfig\":{\"NetworkMode\":\"dual\"}}");
        // Shell builtins only (read/echo): in these Debian-based images that is all the check needs.
        String script = "while read -r l; do echo \"$l\"; done < /proc/net/tcp; echo --;"
                + " while read -r l; do echo \"$l\"; done < /proc/net/tcp6";
        String web = awaitExec("web", script, s -> locals(s).contains("0050"));
        assertThat(locals(web)).isEqualTo("00000000:0050\n00000000000000000000000000000000:0050\n");
        assertThat(web).startsWith(TCP_HEADER.trim() + "\n");
        assertThat(locals(awaitExec("cache", script, s -> locals(s).contains("18EB"))))
                .isEqualTo("00000000:18EB\n00000000000000000000000000000000:18EB\n");
        assertThat(locals(awaitExec("db", script, s -> locals(s).contains("1538"))))
                .isEqualTo("00000000:1538\n00000000000000000000000000000000:1538\n");

        // From another container on the network, by name and by address, and inside over 127.0.0.1. (IPv6 inside a
        // container is off on a network without IPv6, on dockerd too: wget http://[::1]/ fails there.)
        run("client", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"300\"],\"HostConfig\":{\"NetworkMode\":\"dual\"}}");
        String ip = api(d).get("/containers/web/json").path("NetworkSettings.Networks.dual.IPAddress");
        assertThat(exec("client", "wget -qO- http://web/ | grep -c '<h1>Welcome to nginx'; wget -qO- http://" + ip
                + "/ | grep -c '<h1>Welcome to nginx'; printf 'PING\\r\\n' | nc cache 6379; nc -z db 5432; echo db=$?"))
                .isEqualTo("1\n1\n+PONG\r\ndb=0\n");
        run("alpine-web", "{\"Image\":\"nginx:alpine\",\"HostConfig\":{\"NetworkMode\":\"dual\"}}");
        String netstat = awaitExec("alpine-web", "netstat -tln", s -> s.contains(":80 "));
        assertThat(netstat).isEqualTo("Active Internet connections (only servers)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
                + "tcp        0      0 0.0.0.0:80              0.0.0.0:*               LISTEN      \n"
                + "tcp        0      0 :::80                   :::*                    LISTEN      \n");
        assertThat(exec("alpine-web", "wget -qO- http://127.0.0.1/ | grep -c '<h1>Welcome'")).isEqualTo("1\n");
    }
}
