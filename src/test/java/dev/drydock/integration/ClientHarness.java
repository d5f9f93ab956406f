package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The life of a real-client end-to-end test class ({@code @RegisterExtension static}): before all, probes for
 * the client and starts one Drydock (or says loudly why not, and every test is then skipped); a reset after each
 * test; the server closed and the work directory deleted after all. The client runs through {@link ClientProcess}.
 */
final class ClientHarness implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final Supplier<String> missing;
    private final Function<Path, Drydock> start;
    private String whyMissing;
    private Path dir;
    private Drydock drydock;

    private ClientHarness(Supplier<String> missing, Function<Path, Drydock> start) {
        this.missing = missing;
        this.start = start;
    }

    /**
     * A harness whose Drydock listens on TCP and on a unix socket in the work directory.
     *
     * @param missing why the client cannot run (a "SKIPPED LOUDLY: ... Install it with ..." message), or null
     */
    static ClientHarness tcpAndUnix(Supplier<String> missing) {
        return new ClientHarness(missing, dir -> Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0")
                .host("unix://" + dir.resolve("docker.sock")).build()));
    }

    /** A harness whose Drydock listens on TCP only. */
    static ClientHarness tcp(Supplier<String> missing) {
        return new ClientHarness(missing, dir -> Wired.start());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("drydock-client-");
        whyMissing = missing.get();
        if (whyMissing != null) {
            System.err.println(whyMissing);
            return;
        }
        drydock = start.apply(dir);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(whyMissing == null, whyMissing);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (drydock != null) {
            drydock.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (drydock != null) {
            drydock.close();
            drydock = null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The running Drydock (tests only run when the client is there). */
    Drydock drydock() {
        return drydock;
    }

    /** The work directory: the client's cwd, its scripts and its DOCKER_CONFIG. */
    Path dir() {
        return dir;
    }

    /** Copies a test resource under {@code /clients/} into the work directory. */
    Path resource(String name) {
        return ClientProcess.resource(name, dir);
    }

    /** Runs the client in the work directory against {@code host}; a hang fails with its output. */
    ClientProcess.Result run(URI host, Map<String, String> env, int timeoutSeconds, List<String> command) {
        return ClientProcess.run(host, dir, env, timeoutSeconds, command);
    }

    /**
     * Runs a scenario script (each scenario prints {@code ok NAME} or {@code FAIL NAME: why}) and asserts that
     * every named scenario passed, none failed and the script exited 0.
     */
    void runScenarios(URI host, Map<String, String> env, List<String> scenarios, List<String> command) {
        ClientProcess.Result r = run(host, env, 50, command);
        for (String s : scenarios) {
            assertThat(r.out()).as(r.all()).contains("ok " + s + "\n");
        }
        assertThat(r.out()).as(r.all()).doesNotContain("FAIL");
        assertThat(r.code()).as(r.all()).isZero();
    }
}
