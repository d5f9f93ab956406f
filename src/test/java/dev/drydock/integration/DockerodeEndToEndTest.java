package dev.drydock.integration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    static final Path NODE_MODULES = Path.of(System.getenv("DRYDOCK_NODE_MODULES") != null
            ? System.getenv("DRYDOCK_NODE_MODULES") : ".test-tools/node/node_modules").toAbsolutePath();

    @RegisterExtension
    static final ClientHarness client = ClientHarness.tcpAndUnix(DockerodeEndToEndTest::missing);

    private static String missing() {
        if (!ClientProcess.succeeds("node", "--version")) {
            return "SKIPPED LOUDLY: no node on PATH, so the dockerode end-to-end tests did not run. Install it"
                    + " with: apt-get install nodejs npm, then scripts/install-test-clients";
        }
        if (!Files.isRegularFile(NODE_MODULES.resolve("dockerode/package.json"))) {
            return "SKIPPED LOUDLY: dockerode is not installed in " + NODE_MODULES + ", so the dockerode"
                    + " end-to-end tests did not run. Install it with: scripts/install-test-clients (npm ci into"
                    + " .test-tools/node), or point DRYDOCK_NODE_MODULES at a node_modules that has it";
        }
        return null;
    }

    private static void runScenarios(URI host) {
        client.runScenarios(host, Map.of("NODE_PATH", NODE_MODULES.toString()), SCENARIOS,
                List.of("node", client.resource("node/dockerode_scenarios.js").toString()));
    }

    @Test
    void scenariosOverTcp() {
        runScenarios(client.drydock().tcpUri());
    }

    @Test
    void scenariosOverTheUnixSocket() {
        runScenarios(client.drydock().unixUri().orElseThrow());
    }
}
