package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.drydock.integration.Wired.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Where a container's MAC address is configured and shown at each API version (checked against a 20.10 daemon at
 * 1.41, the current daemon's version gates for 1.44 and 1.52+), and the {@code OnBuild} field of container and
 * image configs: null (not [] nor absent) when unset, the list when set.
 */
class MacAddressVersionsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MAC = "02:42:ac:11:00:99";
    private static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        api(d).body("{\"Name\":\"mac-net\"}").post("/networks/create").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static io.restassured.response.ValidatableResponse create(String version, String name, String body) {
        return api(d).body(body).queryParam("name", name).post("/v" + version + "/containers/create").then();
    }

    private static JsonNode inspect(String version, String ref) throws Exception {
        return MAPPER.readTree(api(d).get("/v" + version + "/containers/" + ref + "/json").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void aContainerWideMacAt141IsTheBridgeEndpointsAddress() throws Exception {
        create("1.41", "mac-old", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"MacAddress\":\"" + MAC
                + "\"}").statusCode(201).body("Warnings", org.hamcrest.Matchers.empty());
        api(d).post("/containers/mac-old/start").then().statusCode(204);
        JsonNode old = inspect("1.41", "mac-old");
        assertThat(old.path("Config").path("MacAddress").asText()).isEqualTo(MAC);
        assertThat(old.path("NetworkSettings").path("MacAddress").asText()).isEqualTo(MAC);
        assertThat(old.path("NetworkSettings").path("Networks").path("bridge").path("MacAddress").asText())
                .isEqualTo(MAC);
        assertThat(Wired.exec(d, "mac-old", "cat", "/sys/class/net/eth0/address")).isEqualTo(MAC + "\n");
        // The configured address stays in Config up to 1.51; from 1.52 only the endpoint has it.
        assertThat(inspect("1.44", "mac-old").path("Config").path("MacAddress").asText()).isEqualTo(MAC);
        JsonNode current = inspect("1.52", "mac-old");
        assertThat(current.path("Config").has("MacAddress")).isFalse();
        assertThat(current.path("NetworkSettings").has("MacAddress")).isFalse();
        assertThat(current.path("NetworkSettings").path("Networks").path("bridge").path("MacAddress").asText())
                .isEqualTo(MAC);
        // A commit keeps the configured address in the image config (shown before 1.50); one with a config of
        // its own does not (as 20.10 answers).
        io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(d.port()).queryParam("container",
                "mac-old").queryParam("repo", "mac-img").post("/commit").then().statusCode(201);
        api(d).get("/v1.41/images/mac-img/json").then().body("Config.MacAddress", equalTo(MAC));
        assertThat(MAPPER.readTree(api(d).get("/v1.50/images/mac-img/json").asString()).path("Config")
                .has("MacAddress")).isFalse();
        api(d).body("{\"Labels\":{\"a\":\"b\"}}").queryParam("container", "mac-old").queryParam("repo", "mac-img2")
                .post("/commit").then().statusCode(201);
        assertThat(MAPPER.readTree(api(d).get("/v1.41/images/mac-img2/json").asString()).path("Config")
                .has("MacAddress")).isFalse();
        api(d).delete("/containers/mac-old?force=1").then().statusCode(204);
    }

    @Test
    void anEndpointMacIsIgnoredBelow144AndUsedFrom144() throws Exception {
        String body = "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"HostConfig\":{\"NetworkMode\":"
                + "\"mac-net\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"mac-net\":{\"MacAddress\":\"" + MAC
                + "\"}}}}";
        create("1.41", "mac-ep-old", body).statusCode(201);
        create("1.44", "mac-ep-new", body).statusCode(201).body("Warnings", org.hamcrest.Matchers.empty());
        api(d).post("/containers/mac-ep-old/start").then().statusCode(204);
        api(d).post("/containers/mac-ep-new/start").then().statusCode(204);
        JsonNode old = inspect("1.41", "mac-ep-old");
        assertThat(old.path("Config").has("MacAddress")).as("no configured MAC").isFalse();
        assertThat(old.path("NetworkSettings").path("Networks").path("mac-net").path("MacAddress").asText())
                .as("a generated address").startsWith("02:42:").isNotEqualTo(MAC);
        // A user network is not the default bridge: the legacy top-level fields are empty.
        assertThat(old.path("NetworkSettings").path("MacAddress").asText()).isEmpty();
        JsonNode fresh = inspect("1.44", "mac-ep-new");
        assertThat(fresh.path("Config").path("MacAddress").asText()).isEqualTo(MAC);
        assertThat(fresh.path("NetworkSettings").path("Networks").path("mac-net").path("MacAddress").asText())
                .isEqualTo(MAC);
        api(d).delete("/containers/mac-ep-old?force=1").then().statusCode(204);
        api(d).delete("/containers/mac-ep-new?force=1").then().statusCode(204);
    }

    @Test
    void aContainerWideMacFrom144MovesToTheEndpointWithAWarningAndMustNotContradictIt() throws Exception {
        create("1.44", "mac-moved", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"MacAddress\":\"" + MAC
                + "\"}").statusCode(201).body("Warnings[0]", equalTo("The container-wide MacAddress field is now "
                + "deprecated. It should be specified in EndpointsConfig instead."));
        api(d).post("/containers/mac-moved/start").then().statusCode(204);
        assertThat(inspect("1.44", "mac-moved").path("NetworkSettings").path("Networks").path("bridge")
                .path("MacAddress").asText()).isEqualTo(MAC);
        create("1.44", "mac-clash", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"MacAddress\":\"" + MAC + "\","
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{\"MacAddress\":\"02:42:ac:11:00:98\"}}}}")
                .statusCode(400).body("message", equalTo("the container-wide MAC address must match the "
                        + "endpoint-specific MAC address for the main network, or be left empty"));
        api(d).get("/containers/mac-clash/json").then().statusCode(404);
        api(d).delete("/containers/mac-moved?force=1").then().statusCode(204);
    }

    @Test
    void aMacWithHostNetworkingConflictsAt141WhileNoneKeepsIt() throws Exception {
        create("1.41", "mac-host", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"MacAddress\":\"" + MAC
                + "\",\"HostConfig\":{\"NetworkMode\":\"host\"}}").statusCode(400)
                .body("message", equalTo("conflicting options: mac-address and the network mode"));
        create("1.41", "mac-none", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"MacAddress\":\"" + MAC
                + "\",\"HostConfig\":{\"NetworkMode\":\"none\"}}").statusCode(201);
        assertThat(inspect("1.41", "mac-none").path("Config").path("MacAddress").asText()).isEqualTo(MAC);
        api(d).delete("/containers/mac-none").then().statusCode(204);
    }

    @Test
    void onBuildIsNullWhenUnsetAndTheListWhenSetAtEveryVersion() throws Exception {
        create("1.41", "onbuild", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}").statusCode(201);
        for (String v : new String[]{"1.41", "1.44", "1.55"}) {
            JsonNode config = inspect(v, "onbuild").path("Config");
            assertThat(config.has("OnBuild") && config.get("OnBuild").isNull()).as("container OnBuild at %s", v)
                    .isTrue();
            assertThat(config.has("MacAddress")).as("container MacAddress at %s", v).isFalse();
        }
        api(d).body("{\"OnBuild\":[\"RUN echo triggered\"]}").queryParam("container", "onbuild")
                .queryParam("repo", "onbuild-img").post("/commit").then().statusCode(201);
        for (String v : new String[]{"1.41", "1.44"}) {
            JsonNode plain = MAPPER.readTree(api(d).get("/v" + v + "/images/busybox/json").asString());
            assertThat(plain.path("Config").has("OnBuild") && plain.path("Config").get("OnBuild").isNull())
                    .as("busybox Config.OnBuild at %s", v).isTrue();
            assertThat(plain.path("Config").has("MacAddress")).isFalse();
        }
        JsonNode oci = MAPPER.readTree(api(d).get("/v1.55/images/busybox/json").asString());
        assertThat(oci.path("Config").has("OnBuild")).as("an OCI image config omits an unset OnBuild").isFalse();
        for (String v : new String[]{"1.41", "1.44", "1.55"}) {
            api(d).get("/v" + v + "/images/onbuild-img/json").then().statusCode(200)
                    .body("Config.OnBuild", equalTo(java.util.List.of("RUN echo triggered")));
        }
        api(d).delete("/containers/onbuild").then().statusCode(204);
    }
}
