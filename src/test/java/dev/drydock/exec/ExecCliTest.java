package dev.drydock.exec;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real docker CLI's {@code exec}, including an interactive {@code exec -it} driven through tmux. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExecCliTest {
    static Drydock d;
    static String docker;
    static Path config;

    @BeforeAll
    static void start() throws IOException {
        docker = List.of("/usr/local/bin/docker", "/usr/bin/docker").stream()
                .filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        assumeTrue(docker != null, "SKIPPED LOUDLY: no docker CLI on this machine; docker exec tests need one");
        d = ExecTestSupport.start();
        config = Files.createTempDirectory("drydock-exec-cli-");
        ExecTestSupport.runSleeper(d, "box");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result docker(byte[] stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", d.tcpUri().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
        pb.environment().put("DOCKER_CONFIG", config.toString());
        Process p = pb.start();
        var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    static Result docker(String... args) throws Exception {
        return docker(null, args);
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void execPrintsOutputAndPropagatesTheExitCode() throws Exception {
        Result r = docker("exec", "box", "sh", "-c", "echo hi; echo oops >&2; exit 3");
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(r.err()).isEqualTo("oops\n");
        assertThat(r.code()).isEqualTo(3);
    }

    @Test
    void envWorkdirAndUserFlags() throws Exception {
        assertThat(docker("exec", "-e", "A=1", "-e", "B=two", "box", "sh", "-c", "echo $A $B").out())
                .isEqualTo("1 two\n");
        assertThat(docker("exec", "-w", "/etc", "box", "pwd").out()).isEqualTo("/etc\n");
        assertThat(docker("exec", "-u", "nobody", "box", "id", "-un").out()).isEqualTo("nobody\n");
    }

    @Test
    void pipedStdinReachesTheProcess() throws Exception {
        Result r = docker("hi\nthere\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", "box", "cat");
        assertThat(r.out()).isEqualTo("hi\nthere\n");
        assertThat(r.code()).isZero();
        Result wc = docker("a\nb\nc\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", "box", "wc", "-l");
        assertThat(wc.out().trim()).isEqualTo("3");
    }

    @Test
    void detachedExecRunsInTheBackground() throws Exception {
        Result r = docker("exec", "-d", "box", "sh", "-c", "echo bg > /tmp/bg");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        String out = "";
        for (int i = 0; i < 50 && !out.equals("bg\n"); i++) {
            out = docker("exec", "box", "cat", "/tmp/bg").out();
        }
        assertThat(out).isEqualTo("bg\n");
    }

    @Test
    void failuresToStartAnswerLikeDocker() throws Exception {
        Result missing = docker("exec", "box", "nosuchcmd");
        assertThat(missing.code()).isEqualTo(126);
        assertThat(missing.out()).isEqualTo("OCI runtime exec failed: exec failed: unable to start container "
                + "process: exec: \"nosuchcmd\": executable file not found in $PATH: unknown\r\n");
        Result user = docker("exec", "-u", "nosuchuser", "box", "id");
        assertThat(user.code()).isEqualTo(126);
        assertThat(user.out()).contains("unable to find user nosuchuser: no matching entries in passwd file");
        Result wd = docker("exec", "-w", "/nonexist", "box", "pwd");
        assertThat(wd.code()).isEqualTo(126);
        assertThat(wd.out()).contains("chdir to cwd (\"/nonexist\") set in config.json failed: no such file or "
                + "directory");
        Result gone = docker("exec", "nosuchbox", "true");
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("No such container: nosuchbox");
    }

    @Test
    void interactiveShellThroughTmux() throws Exception {
        assumeTrue(new File("/usr/bin/tmux").canExecute(),
                "SKIPPED LOUDLY: tmux is not installed (apt-get install tmux); exec -it needs a terminal");
        String session = "drydock-exec-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path status = Files.createTempFile("drydock-exec-status-", ".txt");
        String command = "DOCKER_CONFIG=" + config + " " + docker + " -H " + d.tcpUri() + " exec -it box sh; echo "
                + "EXIT=$? > " + status;
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", "env -u DOCKER_HOST sh -c '" + command
                + "'");
        try {
            awaitScreen(session, "(?m)^/ #");
            tmux("send-keys", "-t", session, "echo $((1+2))", "Enter");
            awaitScreen(session, "\n3\r?\n");
            tmux("send-keys", "-t", session, "ls /", "Enter");
            awaitScreen(session, "etc");
            tmux("send-keys", "-t", session, "exit 3", "Enter");
            for (int i = 0; i < 200 && Files.readString(status).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(status).trim()).isEqualTo("EXIT=3");
        } finally {
            tmux("kill-session", "-t", session);
            Files.deleteIfExists(status);
        }
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = readAll(p.getInputStream());
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void awaitScreen(String session, String regex) throws Exception {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        String screen = "";
        for (int i = 0; i < 200; i++) {
            screen = tmux("capture-pane", "-p", "-t", session);
            if (pattern.matcher(screen).find()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the terminal never showed /" + regex + "/; it shows:\n" + screen);
    }
}
