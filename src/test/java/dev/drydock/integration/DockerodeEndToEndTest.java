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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * dockerode (npm, unmodified; its version pinned by {@code clients/node/package-lock.json}) drives Drydock
 * through the scenarios in {@code clients/node/dockerode_scenarios.js}: ping, pull with followProgress,
 * listContainers with filters, create + hijacked attach demuxed with modem.demuxStream + wait + remove,
 * docker.run, exec with hijacked stdin, the events stream, buildImage from a tar stream, volumes and networks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerodeEndToEndTest {
    static final List<String> SCENARIOS = List.of("ping", "pull", "listContainers", "attachWaitRemove", "run",
            "execHijack", "events", "buildImage", "volumesAndNetworks");

    @TempDir
    static Path dir;
    static Drydock d;
    static Path nodeModules;

    /** Why the tests cannot run, or null; checked per test so that each one is reported as skipped. */
    static String missing;

    @BeforeAll
    static void start() {
        String configured = System.getenv("DRYDOCK_NODE_MODULES");
        nodeModules = Path.of(configured != null ? configured : ".test-tools/node/node_modules").toAbsolutePath();
        if (!ClientProcess.succeeds("node", "--version")) {
            missing = "SKIPPED LOUDLY: no node on PATH, so the dockerode end-to-end tests did not run. Install it"
                    + " with: apt-get install nodejs npm, then scripts/install-test-clients";
        } else if (!Files.isRegularFile(nodeModules.resolve("dockerode/package.json"))) {
            missing = "SKIPPED LOUDLY: dockerode is not installed in " + nodeModules + ", so the dockerode"
                    + " end-to-end tests did not run. Install it with: scripts/install-test-clients (npm ci into"
                    + " .test-tools/node), or point DRYDOCK_NODE_MODULES at a node_modules that has it";
        }
        if (missing != null) {
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

    private static void runScenarios(URI host) {
        Path script = ClientProcess.resource("node/dockerode_scenarios.js", dir);
        ClientProcess.Result r = ClientProcess.run(host, dir, Map.of("NODE_PATH", nodeModules.toString()), 50,
                List.of("node", script.toString()));
        for (String s : SCENARIOS) {
            assertThat(r.out()).as(r.all()).contains("ok " + s + "\n");
        }
        assertThat(r.out()).doesNotContain("FAIL");
        assertThat(r.code()).as(r.all()).isZero();
    }

    @Test
    void scenariosOverTcp() {
        runScenarios(d.tcpUri());
    }

    @Test
    void scenariosOverTheUnixSocket() {
        runScenarios(d.unixUri().orElseThrow());
    }
}
