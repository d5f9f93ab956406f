package dev.drydock.containers;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real docker CLI against Drydock (test images, fake launcher until the runtime is wired): the request
 * sequences of run, run -d, run -i, ps, logs, stop, inspect, wait and rm. Skips loudly without a CLI.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class DockerCliContainersTest {
    static Drydock d;
    static String docker;
    /** The CLI's config directory, this run's own: a fixed /tmp path was shared with every other run on the machine. */
    static final String CONFIG = tempDir("drydock-cli-test-config");

    private static String tempDir(String prefix) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() {
        docker = List.of("/usr/local/bin/docker", "/usr/bin/docker").stream().filter(p -> new File(p).canExecute())
                .findFirst().orElse(null);
        assumeTrue(docker != null, "SKIPPED LOUDLY: no docker CLI on this machine; the CLI end-to-end tests need one");
        d = ContainerTestSupport.start(java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result cli(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", d.tcpUri().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", CONFIG);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void runRmPrintsOutputAndRemovesTheContainer() throws Exception {
        Result r = cli(null, "run", "--rm", "--name", "cli_rm", "busybox", "echo", "hi");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.code()).isZero();
        assertThat(d.engine().containers().find("cli_rm")).isEmpty();
    }

    @Test
    void runPropagatesTheExitCode() throws Exception {
        Result r = cli(null, "run", "--name", "cli_exit", "busybox", "exit", "3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(cli(null, "inspect", "-f", "{{.State.ExitCode}}", "cli_exit").out()).isEqualTo("3\n");
        assertThat(cli(null, "wait", "cli_exit").out()).isEqualTo("3\n");
    }

    @Test
    void runOfAMissingCommandFailsWith127AndDockersMessage() throws Exception {
        Result r = cli(null, "run", "--name", "cli_nosuch", "busybox", "nosuchcmd");
        assertThat(r.code()).isEqualTo(127);
        assertThat(r.err()).contains("exec: \"nosuchcmd\": executable file not found in $PATH");
    }

    @Test
    void runInteractiveForwardsPipedStdin() throws Exception {
        Result r = cli("from stdin\n", "run", "--rm", "-i", "busybox", "cat");
        assertThat(r.out()).isEqualTo("from stdin\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void detachedRunThenPsLogsStopRm() throws Exception {
        Result run = cli(null, "run", "-d", "--name", "cli_bg", "-e", "X=1", "busybox", "sleep", "1000");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().trim()).matches("[0-9a-f]{64}");
        Result ps = cli(null, "ps", "--format", "{{.Names}} {{.Status}} {{.Command}}");
        assertThat(ps.out()).contains("cli_bg Up ").contains("\"sleep 1000\"");
        assertThat(cli(null, "inspect", "-f", "{{index .Config.Env 1}}", "cli_bg").out()).isEqualTo("X=1\n");
        assertThat(cli(null, "stop", "cli_bg").code()).isZero();
        assertThat(cli(null, "ps", "-a", "--filter", "name=cli_bg", "--format", "{{.Status}}").out())
                .startsWith("Exited (137)");
        assertThat(cli(null, "rm", "-f", "cli_bg").out()).isEqualTo("cli_bg\n");
        assertThat(d.engine().containers().find("cli_bg")).isEmpty();
    }

    @Test
    void logsShowWhatTheContainerPrinted() throws Exception {
        cli(null, "run", "--name", "cli_logs", "busybox", "echoerr", "to stderr");
        Result logs = cli(null, "logs", "cli_logs");
        assertThat(logs.err()).isEqualTo("to stderr\n");
        assertThat(logs.out()).isEmpty();
    }
}
