package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /version}: what clients read to negotiate the API version and to print {@code docker version}. */
public abstract class VersionContract extends HostContract {

    @Test
    void bodyConformsToApiSpec() {
        HostResponse r = client.get("/version");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).contains("application/json");
        assertJsonConforms("GET", "/version", r);
    }

    @Test
    void reportsAnOrderedApiVersionRange() {
        JsonNode v = serverVersion();
        assertThat(v.path("ApiVersion").asText()).matches("1\\.[0-9]+");
        assertThat(v.path("MinAPIVersion").asText()).matches("1\\.[0-9]+");
        assertThat(compareVersions(minApiVersion(), apiVersion())).isLessThanOrEqualTo(0);
    }

    @Test
    void reportsTheLinuxPlatformItRunsOn() {
        JsonNode v = serverVersion();
        assertThat(v.path("Os").asText()).isEqualTo("linux");
        assertThat(v.path("Arch").asText()).isIn("amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64");
        assertThat(v.path("GoVersion").asText()).startsWith("go");
        assertThat(v.path("KernelVersion").asText()).isNotEmpty();
        assertThat(v.path("GitCommit").asText()).isNotEmpty();
        assertThat(v.path("BuildTime").asText()).isNotEmpty();
    }

    @Test
    void engineComponentRepeatsTheTopLevelFacts() {
        JsonNode v = serverVersion();
        JsonNode engine = null;
        for (JsonNode c : v.path("Components")) {
            if (c.path("Name").asText().equals("Engine")) {
                engine = c;
            }
        }
        assertThat(engine).as("an Engine entry in Components").isNotNull();
        assertThat(engine.path("Version").asText()).isEqualTo(v.path("Version").asText());
        assertThat(engine.path("Details").path("ApiVersion").asText()).isEqualTo(apiVersion());
        assertThat(engine.path("Details").path("MinAPIVersion").asText()).isEqualTo(minApiVersion());
        assertThat(engine.path("Details").path("Os").asText()).isEqualTo("linux");
    }

    @Test
    void headersNameTheServerAndItsApiVersion() {
        HostResponse r = client.get("/version");
        assertThat(r.header("Api-Version")).contains(apiVersion());
        assertThat(r.header("Server")).contains("Docker/" + serverVersion().path("Version").asText() + " (linux)");
        assertThat(r.header("Ostype")).contains("linux");
    }

    @Test
    void aVersionedRequestStillReportsTheServersOwnRange() {
        HostResponse r = client.get("/v" + minApiVersion() + "/version");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.path("ApiVersion").asText()).isEqualTo(apiVersion());
        assertThat(v.path("MinAPIVersion").asText()).isEqualTo(minApiVersion());
        assertThat(r.header("Api-Version")).contains(apiVersion());
    }
}
