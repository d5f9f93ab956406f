package dev.drydock.server;

import dev.drydock.DrydockConfig;
import dev.drydock.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code drydock} command line: dockerd-shaped flags, port 0, stale sockets, --debug, SIGTERM. */
class MainTest {

    private static DrydockConfig parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    void hostIsRepeatableAndKeepsItsOrder() {
        DrydockConfig c = parse("-H", "tcp://127.0.0.1:0", "--host", "unix:///tmp/a.sock", "-H", "tcp://0.0.0.0:2375");
        assertThat(c.hosts()).containsExactly("tcp://127.0.0.1:0", "unix:///tmp/a.sock", "tcp://0.0.0.0:2375");
    }

    @Test
    void withoutHostsItListensWhereTheReadmeSays() {
        assertThat(parse().hosts()).containsExactly("tcp://127.0.0.1:2375", "unix:///tmp/drydock.sock");
    }

    @Test
    void versionFlagsReachTheConfiguration() {
        DrydockConfig c = parse("--api-version", "1.50", "--min-api-version", "1.44", "--engine-version", "28.5.1",
                "--debug", "--auth", "alice:s3:cret");
        assertThat(c.apiVersion()).isEqualTo("1.50");
        assertThat(c.minApiVersion()).isEqualTo("1.44");
        assertThat(c.engineVersion()).isEqualTo("28.5.1");
        assertThat(c.debug()).isTrue();
        assertThat(c.credentials()).containsEntry("alice", "s3:cret");
        DrydockConfig d = parse();
        assertThat(d.apiVersion()).isEqualTo("1.55");
        assertThat(d.minApiVersion()).isEqualTo("1.24");
        assertThat(d.debug()).isFalse();
    }

    @Test
    void aMalformedHostIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute("-H", "bogus://where");
        cmd.getErr().flush();
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid host address bogus://where");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theServerProcessPrintsItsRealPortReplacesAStaleSocketLogsAndCleansUpOnSigterm(@TempDir Path dir)
            throws Exception {
        Path socket = dir.resolve("drydock.sock");
        Files.writeString(socket, "left behind by a killed server");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-H", "tcp://127.0.0.1:0", "-H", "unix://" + socket, "--debug").start();
        // Process.destroy() closes our ends of the pipes: collect stderr as it comes.
        StringBuffer log = new StringBuffer();
        Thread drain = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    log.append(line).append('\n');
                }
            } catch (java.io.IOException ignored) {
                // The pipe closes with the process.
            }
        });
        drain.setDaemon(true);
        drain.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> banner = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                banner.add(line);
                if (line.startsWith("API versions")) {
                    break;
                }
            }
            assertThat(banner).as("startup output").hasSize(3);
            URI tcp = URI.create(banner.get(0).substring("Drydock listening on ".length()));
            assertThat(tcp.getPort()).as("the port actually bound").isPositive();
            assertThat(banner.get(1)).isEqualTo("Drydock listening on unix://" + socket);
            assertThat(banner.get(2)).isEqualTo("API versions 1.24 to 1.55, Engine " + DrydockConfig.DEFAULT_ENGINE_VERSION);

            try (RawHttp c = RawHttp.connect(tcp)) {
                c.request("GET", "/v1.41/version?x=1");
                assertThat(c.readHead().status()).isEqualTo(200);
            }
            try (RawHttp c = RawHttp.connect(URI.create("unix://" + socket))) {
                c.request("GET", "/_ping");
                assertThat(c.readHead().status()).isEqualTo(200);
            }
            // --debug logs each request with the path as sent, status and duration.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!log.toString().contains("GET /_ping 200") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(log.toString()).containsPattern("GET /v1\\.41/version\\?x=1 200 \\d+\\.\\d\\dms")
                    .containsPattern("GET /_ping 200 \\d+\\.\\d\\dms");

            // A stream still open must not hold up the shutdown.
            RawHttp events = RawHttp.connect(tcp);
            events.request("GET", "/events");
            assertThat(events.readHead().status()).isEqualTo(200);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
            assertThat(socket).as("socket removed on shutdown").doesNotExist();
            events.close();
        } finally {
            p.destroyForcibly();
        }
    }
}
