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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Scripted containers (stubs) from Java and REST, run by the real docker CLI and reached over published ports. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StubsTest {
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

    /** Polls until the value is as expected (stubs run on real-time timers here), for at most ten seconds. */
    private static String eventually(Supplier<String> value, String expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String v = value.get();
        while (!expected.equals(v) && System.nanoTime() < end) {
            Thread.sleep(50);
            v = value.get();
        }
        return v;
    }

    @Test
    void restStubPrintsLinesWithDelaysThenExitsWithItsCodeUnderDockerRun() {
        Response added = http().contentType("application/json").body("""
                {"image": "acme/api",
                 "output": [{"stdout": "booting"}, {"stderr": "warning: no config", "delayMs": 100},
                            {"stdout": "done", "delayMs": 100}],
                 "exit": {"code": 3, "afterMs": 50}}""").post("/_drydock/stubs");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.jsonPath().getString("id")).startsWith("stub-");

        long t0 = System.nanoTime();
        DockerCli.Result run = docker("run", "--name", "api", "acme/api");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stdout()).isEqualTo("booting\ndone\n");
        assertThat(run.stderr()).contains("warning: no config\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(docker("logs", "api").stdout()).isEqualTo("booting\ndone\n");
        assertThat(http().get("/_drydock/stubs").jsonPath().getInt("[0].runs")).isEqualTo(1);
    }

    @Test
    void stubbedHttpPortPublishedWithDashPAnswersAnHttpClient() throws Exception {
        drydock.stubs().add(Stub.forImage("acme/web")
                .stdout("listening on 8080")
                .httpRoute(8080, "GET", "/health", 200, "{\"status\":\"UP\"}", "application/json", java.util.Map.of("X-Stub", "yes"))
                .httpRoute(8080, null, "/orders", 201, "created", null, java.util.Map.of())
                .exitOnSignal("TERM", 0));
        DockerCli.Result run = docker("run", "-d", "-p", "127.0.0.1::8080", "acme/web");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String id = run.stdout().trim();
        String mapping = docker("port", id, "8080").stdout().trim();
        int hostPort = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hostPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(health.headers().firstValue("X-Stub")).hasValue("yes");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort
                + "/orders")).POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(201);
        assertThat(post.body()).isEqualTo("created");
        // A body of unknown length comes chunked; the next request on the connection is still understood.
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort
                + "/orders")).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream("{\"n\":2}".getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(201);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort
                + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);

        // Another container reaches it on its network address, as it would a real server.
        String ip = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", id).stdout().trim();
        DockerCli.Result wget = docker("run", "--rm", "busybox", "wget", "-q", "-O", "-", "http://" + ip + ":8080/health");
        assertThat(wget.stdout()).as(wget.stderr()).isEqualTo("{\"status\":\"UP\"}");

        // Runs until stopped; SIGTERM ends it with the declared code.
        assertThat(docker("stop", id).exitCode()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", id).stdout().trim()).isEqualTo("0");
    }

    @Test
    void tcpEchoPortEchoes() throws Exception {
        http().contentType("application/json").body("{\"image\":\"acme/echo\",\"ports\":[{\"port\":7,\"echo\":true}]}")
                .post("/_drydock/stubs").then().statusCode(201);
        String id = docker("run", "-d", "-p", "127.0.0.1::7", "acme/echo").stdout().trim();
        String mapping = docker("port", id, "7").stdout().trim();
        int hostPort = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1));
        try (Socket s = new Socket("127.0.0.1", hostPort)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
        // Without a TERM handler it is PID 1 with default dispositions: only the SIGKILL after the grace period ends it.
        docker("stop", "-t", "0", id);
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", id).stdout().trim()).isEqualTo("137");
    }

    @Test
    void healthSequenceShowsInInspectPsAndEvents() throws Exception {
        drydock.stubs().add(Stub.forImage("acme/db")
                .health("unhealthy", Duration.ofMillis(100))
                .health("healthy", Duration.ofMillis(300)));
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        String id = docker("run", "-d", "acme/db").stdout().trim();
        assertThat(eventually(() -> docker("inspect", "-f", "{{.State.Health.Status}}", id).stdout().trim(), "healthy"))
                .isEqualTo("healthy");
        assertThat(docker("inspect", "-f", "{{len .State.Health.Log}} {{.State.Health.FailingStreak}}", id)
                .stdout().trim()).isEqualTo("2 0");
        assertThat(docker("ps", "--filter", "id=" + id, "--format", "{{.Status}}").stdout().trim()).endsWith("(healthy)");
        List<String> events = docker("events", "--since", since, "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "container=" + id, "--format",
                "{{.Action}}").stdout().lines().toList();
        assertThat(events).containsSubsequence("start", "health_status: unhealthy", "health_status: healthy");
    }

    @Test
    void aJavaLambdaIsTheMostPowerfulStub() {
        drydock.stubs().add(Stub.forImage("acme/tool").program(ctx -> {
            ctx.out("args=" + String.join(",", ctx.args()) + " host=" + ctx.hostname() + "\n");
            return ctx.args().size();
        }));
        DockerCli.Result run = docker("run", "--hostname", "box", "acme/tool", "a", "b");
        assertThat(run.stdout()).isEqualTo("args=b host=box\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void aStubForACommandWinsOverTheImageStubAndOtherCommandsFallBackToIt() {
        drydock.stubs().add(Stub.forImage("acme/app").stdout("serving").exitWith(0));
        drydock.stubs().add(Stub.forImage("acme/app").whenCommandMatches("migrate.*").stdout("migrated").exitWith(4));
        DockerCli.Result migrate = docker("run", "--rm", "--entrypoint", "migrate", "acme/app", "--all");
        assertThat(migrate.stdout()).isEqualTo("migrated\n");
        assertThat(migrate.exitCode()).isEqualTo(4);
        DockerCli.Result serve = docker("run", "--rm", "acme/app");
        assertThat(serve.stdout()).isEqualTo("serving\n");
        assertThat(serve.exitCode()).isZero();
        // Images without a stub are untouched.
        assertThat(docker("run", "--rm", "busybox", "echo", "real").stdout()).isEqualTo("real\n");
    }

    @Test
    void malformedStubsAreA400NamingTheField() {
        assertBad("{\"image\":\"a\",\"outputs\":[]}", "field \"outputs\": unknown field");
        assertBad("{\"image\":\"a\",\"output\":[{\"stdout\":\"x\",\"delayMs\":-5}]}",
                "field \"output[0].delayMs\": must not be negative, was -5");
        assertBad("{\"image\":\"a\",\"commandMatches\":\"(\"}", "field \"commandMatches\": invalid regex");
        assertBad("{\"output\":[]}", "field \"image\": required");
        assertBad("{\"image\":\"a\",\"health\":[{\"status\":\"fine\"}]}", "field \"health.status\"");
        assertBad("{\"image\":\"a\",\"ports\":[{\"port\":70000,\"echo\":true}]}", "field \"ports[0].port\"");
        assertBad("{\"image\":\"a\",\"ports\":[{\"port\":80}]}", "field \"ports[0].http\"");
        assertBad("{\"image\":\"a\",\"exit\":{\"code\":1,\"afterMs\":-1}}", "field \"exit.afterMs\"");
        assertBad("{\"image\":\"a\",\"signals\":{\"BOGUS\":0}}", "field \"signals.BOGUS\": unknown signal");
        assertBad("{\"image\":\"a\",\"exit\":{\"code\":1},\"runUntilStopped\":true}", "field \"runUntilStopped\"");
        assertBad("[1]", "a JSON object is required");
        assertThat(http().get("/_drydock/stubs").jsonPath().getList("$")).isEmpty();
    }

    private static void assertBad(String json, String message) {
        Response r = http().contentType("application/json").body(json).post("/_drydock/stubs");
        assertThat(r.statusCode()).as(json).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("message")).as(json).contains(message);
    }

    @Test
    void restRoundTripsTheDefinitionAndResetOrDeleteForgetsIt() {
        String json = "{\"id\":\"api\",\"image\":\"acme/api\",\"command\":[\"serve\"],"
                + "\"output\":[{\"stdout\":\"hi\",\"delayMs\":10}],\"health\":[{\"status\":\"healthy\",\"afterMs\":5}],"
                + "\"ports\":[{\"port\":80,\"http\":[{\"path\":\"/\",\"status\":200,\"body\":\"ok\"}]}],"
                + "\"signals\":{\"TERM\":0}}";
        assertThat(AdminClient.connect(drydock.tcpUri()).addStub(json)).isEqualTo("api");
        Response one = http().get("/_drydock/stubs/api");
        assertThat(one.jsonPath().getString("image")).isEqualTo("acme/api");
        assertThat(one.jsonPath().getList("command")).containsExactly("serve");
        assertThat(one.jsonPath().getInt("ports[0].http[0].status")).isEqualTo(200);
        assertThat(one.jsonPath().getInt("signals.TERM")).isZero();
        assertThat(one.jsonPath().getInt("runs")).isZero();

        http().post("/_drydock/reset").then().statusCode(204);
        http().get("/_drydock/stubs/api").then().statusCode(404);
        assertThat(drydock.stubs().list()).isEmpty();

        drydock.stubs().add(Stub.forImage("acme/x").withId("x").stdout("a"));
        http().delete("/_drydock/stubs/x").then().statusCode(204);
        http().delete("/_drydock/stubs/x").then().statusCode(404);
    }
}
