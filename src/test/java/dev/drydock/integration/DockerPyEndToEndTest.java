package dev.drydock.integration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    @RegisterExtension
    static final ClientHarness client = ClientHarness.tcpAndUnix(() -> ClientProcess.succeeds(PYTHON, "-c",
            "import docker") ? null : "SKIPPED LOUDLY: docker-py is not installed for " + PYTHON + ", so the"
            + " docker-py end-to-end tests did not run. Install it with: apt-get install python3-docker (or"
            + " scripts/install-test-clients)");

    private static void runScenarios(URI host, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON,
                client.resource("python/dockerpy_scenarios.py").toString()));
        cmd.addAll(List.of(args));
        client.runScenarios(host, Map.of("PYTHONDONTWRITEBYTECODE", "1"), SCENARIOS, cmd);
    }

    @Test
    void negotiatesTheNewestApiOverTheUnixSocket() {
        runScenarios(client.drydock().unixUri().orElseThrow());
    }

    @Test
    void pinnedToApi141OverTcpWithTheLegacyEventFields() {
        runScenarios(client.drydock().tcpUri(), "1.41");
    }
}
