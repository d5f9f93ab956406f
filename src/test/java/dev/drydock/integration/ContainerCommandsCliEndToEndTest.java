package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.engine.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI: attach, stats --no-stream, update, rename, ps --filter health on one wired Drydock. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ContainerCommandsCliEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
        cli.ok("pull", "busybox");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static Cli.Result ok(String... args) {
        return cli.ok(args);
    }

    private static void await(String what, Supplier<Boolean> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.get() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(done.get()).as(what).isTrue();
    }

    private static boolean attached(String name) {
        String id = d.engine().containers().get(name).id();
        return d.engine().events().history().stream()
                .anyMatch(e -> e.actorId().equals(id) && e.action().equals("attach"));
    }

    @Test
    void attachShowsWhatTheContainerPrintsAfterwardsAndEndsWithIt() throws Exception {
        ok("run", "-d", "--name", "att", "busybox", "sh", "-c",
                "while [ ! -f /tmp/go ]; do sleep 0.05; done; echo after-attach; exit 4");
        CompletableFuture<Cli.Result> attach = CompletableFuture.supplyAsync(() -> cli.run("attach", "att"));
        await("attach registered", () -> attached("att"));
        ok("exec", "att", "touch", "/tmp/go");
        Cli.Result r = attach.get(30, TimeUnit.SECONDS);
        assertThat(r.out()).isEqualTo("after-attach\n");
        assertThat(r.code()).isEqualTo(4);
        ok("rm", "att");
    }

    @Test
    void attachWithStdinFeedsTheProcess() throws Exception {
        ok("run", "-d", "-i", "--name", "att-in", "busybox", "sh", "-c", "read line; echo got:$line");
        Cli.Result r = cli.runWithStdin("hello\n".getBytes(StandardCharsets.UTF_8), "attach", "att-in");
        assertThat(r.out()).isEqualTo("got:hello\n");
        assertThat(r.code()).isZero();
        ok("rm", "att-in");
    }

    @Test
    void statsNoStreamPrintsARowPerContainer() {
        ok("run", "-d", "--name", "statme", "--memory", "64m", "busybox", "sleep", "1000");
        Cli.Result r = ok("stats", "--no-stream", "statme");
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).contains("CONTAINER ID").contains("NAME").contains("CPU %")
                .contains("MEM USAGE / LIMIT").contains("MEM %").contains("NET I/O").contains("BLOCK I/O")
                .contains("PIDS");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("statme").contains("%").contains(" / 64MiB");
        Cli.Result f = ok("stats", "--no-stream", "--format", "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}",
                "statme");
        assertThat(f.out().trim()).matches("statme\\|\\d+\\.\\d\\d%\\|[0-9.]+[KMG]i?B / 64MiB\\|\\d+");
        // NET I/O is the container's own traffic: none yet, then two echoes to the gateway and their replies.
        assertThat(ok("stats", "--no-stream", "--format", "{{.NetIO}}", "statme").out().trim())
                .isEqualTo("0B / 0B");
        String gateway = ok("inspect", "-f", "{{.NetworkSettings.Networks.bridge.Gateway}}", "statme").out().trim();
        ok("exec", "statme", "ping", "-c", "2", gateway);
        assertThat(ok("stats", "--no-stream", "--format", "{{.NetIO}}", "statme").out().trim())
                .isEqualTo("196B / 196B");
        ok("rm", "-f", "statme");
    }

    @Test
    void updateChangesTheRestartPolicyAndMemoryInInspect() {
        ok("run", "-d", "--name", "upd", "busybox", "sleep", "1000");
        ok("update", "--restart", "on-failure:3", "--memory", "64m", "--memory-swap", "128m", "upd");
        assertThat(ok("inspect", "-f",
                "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} "
                        + "{{.HostConfig.Memory}}", "upd").out().trim())
                .isEqualTo("on-failure 3 67108864");
        ok("update", "--restart", "always", "upd");
        assertThat(ok("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}}", "upd")
                .out().trim()).isEqualTo("always 67108864");
        ok("rm", "-f", "upd");
    }

    @Test
    void renameShowsInInspectAndPsAndInTheNetworksDns() {
        ok("network", "create", "renet");
        ok("run", "-d", "--name", "before", "--network", "renet", "busybox", "sleep", "1000");
        ok("rename", "before", "after");
        assertThat(ok("inspect", "-f", "{{.Name}}", "after").out().trim()).isEqualTo("/after");
        assertThat(cli.run("inspect", "before").code()).isNotZero();
        assertThat(ok("ps", "--format", "{{.Names}}").out().lines().toList()).contains("after")
                .doesNotContain("before");
        String ip = ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"renet\").IPAddress}}", "after")
                .out().trim();
        Cli.Result ns = ok("run", "--rm", "--network", "renet", "busybox", "nslookup", "after");
        assertThat(ns.out()).contains(ip);
        Cli.Result old = cli.run("run", "--rm", "--network", "renet", "busybox", "nslookup", "before");
        assertThat(old.code()).as(old.out() + old.err()).isNotZero();
        ok("rm", "-f", "after");
        ok("network", "rm", "renet");
    }

    @Test
    void psFiltersOnHealth() throws Exception {
        ok("run", "-d", "--name", "fit", "--health-cmd", "true", "--health-interval", "100ms", "busybox",
                "sleep", "1000");
        ok("run", "-d", "--name", "unfit", "--health-cmd", "exit 1", "--health-interval", "100ms",
                "--health-retries", "1", "busybox", "sleep", "1000");
        ok("run", "-d", "--name", "plain", "busybox", "sleep", "1000");
        await("fit healthy", () -> cli.run("ps", "--filter", "health=healthy", "--format", "{{.Names}}").out()
                .contains("fit"));
        await("unfit unhealthy", () -> cli.run("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}")
                .out().contains("unfit"));
        assertThat(ok("ps", "--filter", "health=healthy", "--format", "{{.Names}}").out().trim()).isEqualTo("fit");
        assertThat(ok("ps", "--filter", "health=none", "--format", "{{.Names}}").out().trim()).isEqualTo("plain");
        assertThat(ok("ps", "--filter", "name=fit", "--format", "{{.Status}}").out()).contains("(healthy)");
        assertThat(ok("inspect", "-f", "{{.State.Health.Status}}", "unfit").out().trim()).isEqualTo("unhealthy");
        ok("rm", "-f", "fit", "unfit", "plain");
    }
}
