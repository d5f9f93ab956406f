package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docker cp both ways, export, diff and commit with the real CLI on a wired daemon. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FilesEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
        cli.run("pull", "busybox");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void cpCopiesIntoAndOutOfAContainerAndDiffShowsIt(@TempDir Path tmp) throws Exception {
        cli.run("create", "--name", "cpbox", "-v", "cpvol:/vol", "busybox");
        Path src = Files.writeString(tmp.resolve("hello.txt"), "hello from the host\n");
        Cli.Result in = cli.run("cp", src.toString(), "cpbox:/tmp/");
        assertThat(in.code()).as(in.err()).isZero();
        Cli.Result toVol = cli.run("cp", src.toString(), "cpbox:/vol/inside.txt");
        assertThat(toVol.code()).as(toVol.err()).isZero();
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Cli.Result back = cli.run("cp", "cpbox:/tmp/hello.txt", out.toString());
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(Files.readString(out.resolve("hello.txt"))).isEqualTo("hello from the host\n");
        Cli.Result dir = cli.run("cp", "cpbox:/etc", out.toString());
        assertThat(dir.code()).as(dir.err()).isZero();
        assertThat(Files.readString(out.resolve("etc/passwd"))).startsWith("root:x:0:0:");
        Cli.Result viaVol = cli.run("run", "--rm", "-v", "cpvol:/v", "busybox", "cat", "/v/inside.txt");
        assertThat(viaVol.out()).isEqualTo("hello from the host\n");
        Cli.Result diff = cli.run("diff", "cpbox");
        assertThat(diff.out()).isEqualTo("C /tmp\nA /tmp/hello.txt\n");
        Cli.Result missing = cli.run("cp", "cpbox:/nope", out.toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("Could not find the file /nope in container cpbox");
    }

    @Test
    void exportWritesTheContainersFilesystemAsATar() {
        cli.run("run", "--name", "exp", "busybox", "sh", "-c", "echo made > /made.txt");
        byte[] tar = cli.runBytes("export", "exp");
        var entries = Tars.read(tar);
        assertThat(entries).containsEntry("made.txt", "made\n").containsKey("bin/busybox");
        assertThat(cli.run("diff", "exp").out()).isEqualTo("A /made.txt\n");
    }

    @Test
    void commitTurnsAContainerIntoAnImageThatRuns() {
        cli.run("run", "--name", "tobake", "busybox", "sh", "-c", "echo baked > /baked.txt");
        Cli.Result c = cli.run("commit", "-m", "baked it", "-c", "CMD [\"cat\", \"/baked.txt\"]", "tobake",
                "baked:1");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out().trim()).matches("sha256:[0-9a-f]{64}");
        Cli.Result run = cli.run("run", "--rm", "baked:1");
        assertThat(run.out()).isEqualTo("baked\n");
        assertThat(cli.run("image", "inspect", "-f", "{{.Comment}}", "baked:1").out()).isEqualTo("baked it\n");
        assertThat(new String(cli.runBytes("history", "--format", "{{.Comment}}", "baked:1"),
                StandardCharsets.UTF_8)).startsWith("baked it\n");
    }
}
