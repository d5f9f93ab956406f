package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-py (Debian's python3-docker, unmodified) drives Drydock through the scenarios in
 * {@code clients/python/dockerpy_scenarios.py}: system calls, images, run with exit codes, detached logs and
 * wait, exec_run (also demuxed), volumes, networks, archives, events with filters, and a classic build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerPyEndToEndTest {
    /** Debian's module is for the system interpreter, not for a pyenv python3 that may come first on PATH. */
    static final String PYTHON = "/usr/bin/python3";
    static final List<String> SCENARIOS = List.of("system", "images", "run_exit_code", "detached_logs_wait",
            "exec_run", "volumes", "networks", "archives", "events", "build");

    @TempDir
    static Path dir;
    static Drydock d;

    /** Why the tests cannot run, or null; checked per test so that each one is reported as skipped. */
    static String missing;

    @BeforeAll
    static void start() {
        if (!ClientProcess.succeeds(PYTHON, "-c", "import docker")) {
            missing = "SKIPPED LOUDLY: docker-py is not installed for " + PYTHON + ", so the docker-py end-to-end"
                    + " tests did not run. Install it with: apt-get install python3-docker (or scripts/install-test-clients)";
            System.err.println(missing);
            return;
        }
        d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0")
                .host("unix://" + dir.resolve("docker.sock")).build());
    }

    @BeforeEach
    void requireClient() {
        assumeTrue(missing == null, missing);
    }

    @AfterEach
    void forget() {
        if (d != null) {
            d.reset();
        }
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static void runScenarios(URI host, String... args) {
        Path script = ClientProcess.resource("python/dockerpy_scenarios.py", dir);
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(List.of(args));
        ClientProcess.Result r = ClientProcess.run(host, dir, Map.of("PYTHONDONTWRITEBYTECODE", "1"), 50, cmd);
        for (String s : SCENARIOS) {
            assertThat(r.out()).as(r.all()).contains("ok " + s + "\n");
        }
        assertThat(r.out()).doesNotContain("FAIL");
        assertThat(r.code()).as(r.all()).isZero();
    }

    @Test
    void negotiatesTheNewestApiOverTheUnixSocket() {
        URI unix = d.unixUri().orElseThrow();
        runScenarios(unix);
    }

    @Test
    void pinnedToApi141OverTcpWithTheLegacyEventFields() {
        runScenarios(d.tcpUri(), "1.41");
    }
}
