package dev.drydock.server;

import dev.drydock.Drydock;
import dev.drydock.testing.DockerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code drydock --seed FILE}: the state a server starts with, and returns to on reset. */
class MainSeedTest {
    @Test
    void mainSeedsFromAYamlFileAtStartAndResetBringsItBack(@TempDir Path dir) {
        DockerCli cli = DockerCli.require();
        Path file = dir.resolve("seed.yaml");
        writeSeed(file, """
                clock: 2026-06-01T10:00:00Z
                images: [busybox]
                volumes:
                  - name: config
                    files: {/app.properties: "mode=seeded\\n"}
                containers:
                  - {name: db, image: busybox, cmd: [sleep, infinity], state: running, startedAt: 20m}
                  - {name: migrate, image: busybox, state: exited, exitCode: 0, finishedAt: 15m}
                """);
        Main main = new Main();
        new CommandLine(main).parseArgs("-H", "tcp://127.0.0.1:0", "--seed", file.toString(), "--id-seed", "5");
        try (Drydock d = Drydock.start(main.config())) {
            List<String> ps = cli.run(d.tcpUri(), "ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout()
                    .lines().sorted().toList();
            assertThat(ps).containsExactly("db Up 20 minutes", "migrate Exited (0) 15 minutes ago");
            assertThat(cli.run(d.tcpUri(), "run", "--rm", "-v", "config:/c", "busybox", "cat", "/c/app.properties")
                    .stdout()).isEqualTo("mode=seeded\n");

            cli.run(d.tcpUri(), "rm", "-f", "db");
            d.clock().advance(Duration.ofHours(1));
            d.admin().reset(dev.drydock.engine.ResetOptions.everything());
            assertThat(cli.run(d.tcpUri(), "ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout().lines()
                    .sorted().toList()).containsExactly("db Up 20 minutes", "migrate Exited (0) 15 minutes ago");
        }
    }

    @Test
    void mainRefusesABadSeedNamingTheField(@TempDir Path dir) {
        Path file = dir.resolve("seed.json");
        writeSeed(file, "{\"containers\": [{\"image\": \"busybox\", \"state\": \"exited\", \"exitCode\": 300}]}");
        CommandLine cmd = new CommandLine(new Main());
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err));
        int code = cmd.execute("-H", "tcp://127.0.0.1:0", "--seed", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--seed " + file + ": field \"containers[0].exitCode\": must be an integer from 0 to 255");

        // Well-formed but not applicable (a network that does not exist): the server does not start.
        writeSeed(file, "{\"containers\": [{\"image\": \"busybox\", \"network\": \"nowhere\"}]}");
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(new CommandLine(new Main()).execute("-H", "tcp://127.0.0.1:0", "--seed", file.toString()))
                    .isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString()).contains("drydock: --seed: field \"containers[0]\": ").contains("nowhere");
    }

    private static void writeSeed(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
