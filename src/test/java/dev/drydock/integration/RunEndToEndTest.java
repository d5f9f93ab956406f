package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI runs busybox in the simulated runtime on one wired daemon: nothing is a stand-in. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void runPullsWhenTheImageIsMissingAndPrintsTheOutput() {
        // alpine: no other test pulls it, so the CLI sees the 404, pulls, and creates again.
        Cli.Result r = cli.run("run", "--rm", "alpine", "echo", "hi");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.err()).contains("Unable to find image 'alpine:latest' locally");
        assertThat(r.code()).isZero();
        assertThat(cli.run("ps", "-aq", "--filter", "ancestor=alpine").out()).isEmpty();
    }

    @Test
    void runExitsWithTheShellsStatus() {
        cli.run("pull", "busybox");
        Cli.Result r = cli.run("run", "--rm", "busybox", "sh", "-c", "echo hi; exit 3");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.code()).isEqualTo(3);
    }

    @Test
    void aMissingCommandFailsWith127() {
        cli.run("pull", "busybox");
        Cli.Result r = cli.run("run", "--rm", "busybox", "nosuchcmd");
        assertThat(r.code()).isEqualTo(127);
        assertThat(r.err()).contains("exec: \"nosuchcmd\": executable file not found in $PATH");
    }

    @Test
    void pipedStdinReachesTheProcess() {
        cli.run("pull", "busybox");
        Cli.Result r = cli.runWithStdin("abc\n".getBytes(StandardCharsets.UTF_8), "run", "-i", "--rm", "busybox",
                "cat");
        assertThat(r.out()).isEqualTo("abc\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void detachedContainerLogsAndStops() {
        cli.run("pull", "busybox");
        Cli.Result run = cli.run("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
                "echo started; while true; do sleep 1; done");
        assertThat(run.code()).as(run.err()).isZero();
        String id = run.out().trim();
        assertThat(id).matches("[0-9a-f]{64}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String logs = "";
        while (System.nanoTime() < deadline && !logs.contains("started")) {
            logs = cli.run("logs", "ticker").out();
        }
        assertThat(logs).isEqualTo("started\n");
        assertThat(cli.run("ps", "--format", "{{.Names}} {{.Status}}").out()).startsWith("ticker Up");
        Cli.Result stop = cli.run("stop", "-t", "1", "ticker");
        assertThat(stop.out()).isEqualTo("ticker\n");
        // PID 1 without a TERM handler ignores SIGTERM, as on Linux: the grace period ends in SIGKILL.
        assertThat(cli.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "ticker").out())
                .isEqualTo("exited 137\n");
        assertThat(cli.run("rm", "ticker").code()).isZero();
    }

    @Test
    void aVolumeWrittenByOneContainerIsReadByTheNext() {
        cli.run("pull", "busybox");
        Cli.Result w = cli.run("run", "--rm", "-v", "e2evol:/data", "busybox", "sh", "-c", "echo hello > /data/f");
        assertThat(w.code()).as(w.err()).isZero();
        Cli.Result r = cli.run("run", "--rm", "-v", "e2evol:/data", "busybox", "cat", "/data/f");
        assertThat(r.out()).isEqualTo("hello\n");
        Cli.Result rm = cli.run("volume", "rm", "e2evol");
        assertThat(rm.out()).isEqualTo("e2evol\n");
    }

    @Test
    void containersOnAUserNetworkResolveEachOtherByName() {
        cli.run("pull", "busybox");
        cli.run("network", "create", "e2enet");
        cli.run("run", "-d", "--name", "peer", "--network", "e2enet", "busybox", "sleep", "1000");
        Cli.Result r = cli.run("run", "--rm", "--network", "e2enet", "busybox", "ping", "-c", "1", "peer");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("1 packets received");
        Cli.Result hosts = cli.run("run", "--rm", "--hostname", "hh", "--add-host", "db:10.9.8.7", "busybox",
                "cat", "/etc/hosts");
        assertThat(hosts.out()).contains("10.9.8.7\tdb").contains("\thh");
        cli.run("rm", "-f", "peer");
    }

    @Test
    void aPublishedNginxPortAnswersOnTheHost() throws Exception {
        Cli.Result run = cli.run("run", "-d", "--name", "web", "-p", "127.0.0.1::80", "nginx");
        assertThat(run.code()).as(run.err()).isZero();
        String port = cli.run("port", "web", "80").out().trim();
        assertThat(port).matches("127\\.0\\.0\\.1:\\d+");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> resp = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (resp == null && System.nanoTime() < deadline) {
            try {
                resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + port + "/"))
                        .timeout(java.time.Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        assertThat(resp).as("an answer from the nginx program through the published port").isNotNull();
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).contains("Welcome to nginx!");
        assertThat(cli.run("rm", "-f", "web").code()).isZero();
        assertThat(cli.run("port", "web").code()).isNotZero();
    }

    @Test
    void dockerJavaCreatesStartsReadsLogsWaitsAndRemoves() throws Exception {
        var config = com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(d.tcpUri().toString()).withDockerTlsVerify(false).build();
        var http = new com.github.dockerjava.httpclient5.ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).build();
        try (var docker = com.github.dockerjava.core.DockerClientImpl.getInstance(config, http)) {
            docker.pullImageCmd("busybox").withTag("latest").start().awaitCompletion(30, TimeUnit.SECONDS);
            String id = docker.createContainerCmd("busybox").withCmd("sh", "-c", "echo out; echo err >&2; exit 4")
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            int code = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(4);
            StringBuilder logs = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame f) {
                            logs.append(f.getStreamType()).append(':')
                                    .append(new String(f.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(logs.toString()).isEqualTo("STDOUT:out\nSTDERR:err\n");
            docker.removeContainerCmd(id).exec();
            assertThat(docker.listContainersCmd().withShowAll(true).exec()).noneMatch(c -> c.getId().equals(id));
        }
    }
}
