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
        Cli.Result r = cli.run("run", "--rm", "busybox", "echo", "hi");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.err()).contains("Unable to find image 'busybox:latest' locally");
        assertThat(r.code()).isZero();
        assertThat(cli.run("ps", "-aq").out()).isEmpty();
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
}
