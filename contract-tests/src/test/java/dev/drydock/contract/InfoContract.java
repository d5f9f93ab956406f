package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /info}: what {@code docker info}, Testcontainers and docker-java read about the daemon. */
public abstract class InfoContract extends HostContract {

    private JsonNode info() {
        HostResponse r = client.get("/info");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return assertJsonConforms("GET", "/info", r);
    }

    @Test
    void bodyConformsToApiSpec() {
        info();
    }

    @Test
    void containerCountsAddUp() {
        JsonNode i = info();
        assertThat(i.path("ContainersRunning").asInt() + i.path("ContainersPaused").asInt()
                + i.path("ContainersStopped").asInt()).isEqualTo(i.path("Containers").asInt());
    }

    @Test
    void agreesWithVersion() {
        JsonNode i = info();
        assertThat(i.path("ServerVersion").asText()).isEqualTo(serverVersion().path("Version").asText());
        assertThat(i.path("KernelVersion").asText()).isEqualTo(serverVersion().path("KernelVersion").asText());
        assertThat(i.path("OSType").asText()).isEqualTo("linux");
    }

    @Test
    void describesAnInactiveSwarmAndTheDefaultRuntime() {
        JsonNode i = info();
        assertThat(i.path("Swarm").path("LocalNodeState").asText()).isEqualTo("inactive");
        assertThat(i.path("Runtimes").has(i.path("DefaultRuntime").asText()))
                .as("DefaultRuntime %s is one of Runtimes", i.path("DefaultRuntime").asText()).isTrue();
        assertThat(i.path("Plugins").path("Volume").toString()).contains("local");
        assertThat(i.path("Plugins").path("Network").toString()).contains("bridge");
        assertThat(i.path("NCPU").asInt()).isPositive();
        assertThat(i.path("MemTotal").asLong()).isPositive();
    }

    @Test
    void countsAnOpenEventsStreamAsAListener() throws Exception {
        try (HostStream events = client.stream("/events")) {
            assertThat(events.status()).isEqualTo(200);
            // Another client of a shared Engine may listen too: at least ours is counted.
            assertThat(info().path("NEventsListener").asInt()).isGreaterThanOrEqualTo(1);
        }
    }
}
