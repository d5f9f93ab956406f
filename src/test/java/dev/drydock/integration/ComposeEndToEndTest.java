package dev.drydock.integration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose (Debian's, v1.29, which talks to the API through docker-py) runs a two-service project on
 * Drydock: an nginx web with a published port and a healthcheck, and a busybox client that waits for web to
 * be healthy (depends_on condition service_healthy) and reaches it by service name, sharing a named volume;
 * up -d, ps, port, logs, exec, an up-to-date second up, down -v; and an attached up whose exit code comes
 * from a probe service.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ComposeEndToEndTest {
    static final String COMPOSE = "/usr/bin/docker-compose";

    @RegisterExtension
    static final ClientHarness client = ClientHarness.tcp(() -> ClientProcess.succeeds(COMPOSE, "version") ? null
            : "SKIPPED LOUDLY: " + COMPOSE + " is not installed, so the docker-compose end-to-end tests did not run."
            + " Install it with: apt-get install docker-compose (or scripts/install-test-clients)");

    @BeforeAll
    static void projectFiles() {
        client.resource("compose/docker-compose.yml");
        client.resource("compose/oneshot.yml");
    }

    private static ClientProcess.Result compose(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(COMPOSE, "--ansi", "never"));
        cmd.addAll(List.of(args));
        return client.run(client.drydock().tcpUri(), env, 60, cmd);
    }

    private static ClientProcess.Result ok(String... args) {
        ClientProcess.Result r = compose(Map.of(), args);
        assertThat(r.code()).as("docker-compose " + String.join(" ", args) + ":\n" + r.all()).isZero();
        assertThat(r.all()).doesNotContain("Traceback");
        return r;
    }

    @Test
    void aTwoServiceProjectWithAPublishedPortANamedVolumeAndNameResolution() throws Exception {
        ClientProcess.Result up = ok("-p", "ddt", "up", "-d");
        assertThat(up.all()).contains("Creating network \"ddt_default\" with the default driver",
                "Creating volume \"ddt_shared\" with default driver", "Creating ddt_web_1", "Creating ddt_client_1");

        String ps = ok("-p", "ddt", "ps").out();
        assertThat(ps).containsPattern("ddt_web_1 .* Up \\(healthy\\) +127\\.0\\.0\\.1:\\d+->80/tcp")
                .containsPattern("ddt_client_1 .* Up");

        String hostPort = ok("-p", "ddt", "port", "web", "80").out().trim();
        assertThat(hostPort).matches("127\\.0\\.0\\.1:\\d+");
        HttpResponse<String> page = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Welcome to nginx!");

        String inside = ok("-p", "ddt", "exec", "-T", "client", "sh", "-c",
                "wget -qO- http://web/ | grep -o '<title>.*</title>'; cat /data/note; echo target=$TARGET").out();
        assertThat(inside).isEqualTo("<title>Welcome to nginx!</title>\nfrom-client\ntarget=web\n");
        ClientProcess.Result failing = compose(Map.of(), "-p", "ddt", "exec", "-T", "client", "sh", "-c", "exit 5");
        assertThat(failing.code()).as(failing.all()).isEqualTo(5);

        // logs watches events and reads their legacy "id" (gone from API 1.52 on, as on a real Docker 29): pinned.
        ClientProcess.Result logs = compose(Map.of("COMPOSE_API_VERSION", "1.51"), "-p", "ddt", "logs", "--no-color",
                "web");
        assertThat(logs.all()).doesNotContain("Traceback");
        assertThat(logs.out())
                .containsPattern("web_1 +\\| /docker-entrypoint.sh: Configuration complete; ready for start up")
                .contains("\"GET / HTTP/1.1\" 200");

        // Compose finds its containers again by its labels and config hash: nothing to recreate.
        assertThat(ok("-p", "ddt", "up", "-d").all()).contains("ddt_web_1 is up-to-date",
                "ddt_client_1 is up-to-date");

        ClientProcess.Result down = ok("-p", "ddt", "down", "-v");
        assertThat(down.all()).contains("Removing ddt_web_1", "Removing ddt_client_1",
                "Removing network ddt_default", "Removing volume ddt_shared");
        assertThat(client.drydock().engine().containers().all()).isEmpty();
        List<String> volumes = Wired.api(client.drydock()).get("/volumes").then().statusCode(200).extract().path("Volumes.Name");
        assertThat(volumes).doesNotContain("ddt_shared");
        List<String> networks = Wired.api(client.drydock()).get("/networks").then().statusCode(200).extract().path("Name");
        assertThat(networks).doesNotContain("ddt_default");
    }

    @Test
    void anAttachedUpTakesTheExitCodeOfTheProbeService() {
        // Compose v1 reads the events' legacy "id" field, which the Engine drops from API 1.52 on (it crashes
        // against a real Docker 29 the same way): pin an older API, as its users do.
        ClientProcess.Result r = compose(Map.of("COMPOSE_API_VERSION", "1.44"), "-f", "oneshot.yml", "-p", "ones",
                "up", "--abort-on-container-exit", "--exit-code-from", "probe");
        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.all()).doesNotContain("Traceback")
                .containsPattern("probe_1 +\\| Welcome to nginx\n").contains("ones_probe_1 exited with code 3",
                        "Aborting on container exit...");
        ok("-f", "oneshot.yml", "-p", "ones", "down");
        assertThat(client.drydock().engine().containers().all()).isEmpty();
    }
}
