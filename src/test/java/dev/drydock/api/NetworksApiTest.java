package dev.drydock.api;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** {@code /networks} through HTTP, against the shapes and messages of a real Engine. */
class NetworksApiTest {
    private Drydock drydock;

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private RequestSpecification given() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    private Response create(String version, String body) {
        return given().contentType("application/json").body(body).post("/v" + version + "/networks/create");
    }

    private String createOk(String body) {
        return create("1.55", body).then().statusCode(201).extract().path("Id");
    }

    @Test
    void defaultNetworksHaveTheRealShapes() {
        Response r = given().get("/v1.41/networks");
        r.then().statusCode(200).header("Content-Type", "application/json")
                .body("Name", equalTo(List.of("none", "host", "bridge")))
                .body("Driver", equalTo(List.of("null", "host", "bridge")))
                .body("Scope", equalTo(List.of("local", "local", "local")))
                .body("[0].IPAM.Config", equalTo(List.of()))
                .body("[0].Containers", equalTo(Map.of()))
                .body("[2].Id", matchesPattern("[0-9a-f]{64}"))
                .body("[2].Created", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        given().get("/v1.41/networks/bridge").then().statusCode(200)
                .body("IPAM.Driver", equalTo("default"))
                .body("IPAM.Options", nullValue())
                .body("IPAM.Config", equalTo(List.of(Map.of("Subnet", "172.17.0.0/16", "Gateway", "172.17.0.1"))))
                .body("Options.'com.docker.network.bridge.default_bridge'", equalTo("true"))
                .body("Options.'com.docker.network.bridge.name'", equalTo("docker0"))
                .body("Options.'com.docker.network.bridge.host_binding_ipv4'", equalTo("0.0.0.0"))
                .body("Options.'com.docker.network.driver.mtu'", equalTo("1500"))
                .body("ConfigFrom.Network", equalTo(""))
                .body("Labels", equalTo(Map.of()))
                .body("EnableIPv6", equalTo(false))
                .body("$", not(org.hamcrest.Matchers.hasKey("EnableIPv4")));
        given().get("/v1.55/networks/bridge").then().body("EnableIPv4", equalTo(true));
        given().get("/v1.55/networks/none").then().body("EnableIPv4", equalTo(false));
    }

    @Test
    void createAllocatesDefaultPoolsInDockerdOrder() {
        String id = createOk("{\"Name\":\"gnet\",\"Labels\":{\"purpose\":\"golden\"}}");
        assertThat(id).matches("[0-9a-f]{64}");
        given().get("/v1.41/networks/gnet").then().statusCode(200)
                .body("Id", equalTo(id))
                .body("Driver", equalTo("bridge"))
                .body("IPAM.Config", equalTo(List.of(Map.of("Subnet", "172.18.0.0/16", "Gateway", "172.18.0.1"))))
                .body("Options", equalTo(Map.of()))
                .body("Labels", equalTo(Map.of("purpose", "golden")));
        for (int b = 19; b <= 31; b++) {
            createOk("{\"Name\":\"n" + b + "\"}");
            given().get("/networks/n" + b).then().body("IPAM.Config[0].Subnet", equalTo("172." + b + ".0.0/16"));
        }
        createOk("{\"Name\":\"p0\"}");
        given().get("/networks/p0").then().body("IPAM.Config[0].Subnet", equalTo("192.168.0.0/20"))
                .body("IPAM.Config[0].Gateway", equalTo("192.168.0.1"));
        createOk("{\"Name\":\"p1\"}");
        given().get("/networks/p1").then().body("IPAM.Config[0].Subnet", equalTo("192.168.16.0/20"));
        // A freed pool is reused first.
        given().delete("/networks/n19").then().statusCode(204);
        createOk("{\"Name\":\"again\"}");
        given().get("/networks/again").then().body("IPAM.Config[0].Subnet", equalTo("172.19.0.0/16"));
    }

    @Test
    void createEchoesTheUsersIpamAndFlags() {
        createOk("{\"Name\":\"custom\",\"Driver\":\"bridge\",\"Internal\":true,\"Attachable\":true,"
                + "\"IPAM\":{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.7.0.0/16\","
                + "\"IPRange\":\"10.7.1.0/24\",\"Gateway\":\"10.7.0.254\",\"AuxiliaryAddresses\":{\"r\":\"10.7.0.5\"}}]},"
                + "\"Options\":{\"com.docker.network.bridge.name\":\"br-x\"},\"Labels\":{\"a\":\"b\"}}");
        given().get("/v1.41/networks/custom").then().statusCode(200)
                .body("Internal", equalTo(true))
                .body("Attachable", equalTo(true))
                .body("IPAM.Options", equalTo(Map.of()))
                .body("IPAM.Config[0].Subnet", equalTo("10.7.0.0/16"))
                .body("IPAM.Config[0].IPRange", equalTo("10.7.1.0/24"))
                .body("IPAM.Config[0].Gateway", equalTo("10.7.0.254"))
                .body("IPAM.Config[0].AuxiliaryAddresses", equalTo(Map.of("r", "10.7.0.5")))
                .body("Options", equalTo(Map.of("com.docker.network.bridge.name", "br-x")));
        createOk("{\"Name\":\"nogw\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.8.0.0/24\"}]}}");
        given().get("/networks/nogw").then().body("IPAM.Config", equalTo(List.of(Map.of("Subnet", "10.8.0.0/24"))));
    }

    @Test
    void overlappingAndInvalidIpamIsRejectedWithNothingCreated() {
        createOk("{\"Name\":\"a\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.5.0.0/16\"}]}}");
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.5.3.0/24\"}]}}").then().statusCode(403)
                .body("message", equalTo("Pool overlaps with other one on this address space"));
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"172.17.0.0/24\"}]}}").then()
                .statusCode(403);
        // 20.10's messages for old clients ...
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"banana\"}]}}").then().statusCode(500)
                .body("message", equalTo("Invalid subnet banana : invalid CIDR address: banana"));
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/33\"}]}}").then().statusCode(500)
                .body("message", equalTo("Invalid subnet 10.9.0.0/33 : invalid CIDR address: 10.9.0.0/33"));
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/16\",\"Gateway\":\"10.6.0.1\"}]}}")
                .then().statusCode(500)
                .body("message", equalTo("failed to allocate gateway (10.6.0.1): Requested address is out of range"));
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/16\",\"Gateway\":\"banana\"}]}}")
                .then().statusCode(500).body("message", equalTo("invalid gateway address banana in Ipam configuration"));
        create("1.41", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/16\","
                + "\"AuxiliaryAddresses\":{\"a\":\"10.10.0.1\"}}]}}").then().statusCode(403)
                .body("message", equalTo("auxiliary address: (a:10.10.0.1) must belong to the master pool: 10.9.0.0/16"));
        // ... and the current Engine's list for current ones.
        create("1.55", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"banana\"}]}}").then().statusCode(400)
                .body("message", equalTo("invalid network config:\ninvalid subnet banana: invalid CIDR block notation"));
        create("1.55", "{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.5/16\",\"Gateway\":\"10.6.0.1\","
                + "\"IPRange\":\"10.10.0.0/24\"}]}}").then().statusCode(400)
                .body("message", equalTo("invalid network config:\n"
                        + "* invalid subnet 10.9.0.5/16: it should be 10.9.0.0/16\n"
                        + "* invalid ip-range 10.10.0.0/24: parent subnet 10.9.0.0/16 doesn't contain ip-range\n"
                        + "* invalid gateway 10.6.0.1: parent subnet 10.9.0.0/16 doesn't contain this address"));
        given().get("/networks").then().body("Name", equalTo(List.of("none", "host", "bridge", "a")));
        // The failed attempts reserved nothing: the subnet is still free.
        createOk("{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.9.0.0/16\"}]}}");
    }

    @Test
    void driverAndNameErrors() {
        create("1.55", "{\"Name\":\"x\",\"Driver\":\"foo\"}").then().statusCode(404)
                .body("message", equalTo("plugin \"foo\" not found"));
        create("1.55", "{\"Name\":\"x\",\"Driver\":\"host\"}").then().statusCode(403)
                .body("message", equalTo("only one instance of \"host\" network is allowed"));
        create("1.55", "{\"Name\":\"x\",\"Driver\":\"null\"}").then().statusCode(403)
                .body("message", equalTo("only one instance of \"null\" network is allowed"));
        create("1.55", "{\"Name\":\"bridge\"}").then().statusCode(403)
                .body("message", equalTo("operation is not permitted on predefined bridge network "));
        create("1.55", "{\"Name\":\"\"}").then().statusCode(500).body("message", equalTo("invalid name: "));
        create("1.55", "{\"Name\":\"x\",\"IPAM\":{\"Driver\":\"foo\"}}").then().statusCode(404)
                .body("message", equalTo("plugin \"foo\" not found"));
        create("1.41", "{\"Name\":\"ovnet\",\"Driver\":\"overlay\"}").then().statusCode(500)
                .header("Content-Type", "application/json")
                .body("message", equalTo("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm "
                        + "join\" to connect this node to swarm and try again."));
        given().get("/networks").then().body("Name", equalTo(List.of("none", "host", "bridge")));
    }

    @Test
    void duplicateNamesFollowTheApiVersion() {
        String first = createOk("{\"Name\":\"dup\"}");
        create("1.55", "{\"Name\":\"dup\"}").then().statusCode(409)
                .body("message", equalTo("network with name dup already exists"));
        create("1.41", "{\"Name\":\"dup\",\"CheckDuplicate\":true}").then().statusCode(409);
        create("1.41", "{\"Name\":\"dup\"}").then().statusCode(201)
                .body("Warning", equalTo("Network with name dup (id : " + first + ") already exists"));
        given().get("/networks/dup").then().statusCode(400)
                .body("message", equalTo("network dup is ambiguous (2 matches found on name)"));
        given().get("/networks/" + first).then().statusCode(200).body("Name", equalTo("dup"));
    }

    @Test
    void inspectByIdPrefixAndScope() {
        String id = createOk("{\"Name\":\"pref\"}");
        given().get("/networks/" + id.substring(0, 7)).then().statusCode(200).body("Name", equalTo("pref"));
        given().get("/networks/pref?scope=local").then().statusCode(200);
        given().get("/networks/pref?scope=swarm").then().statusCode(404)
                .body("message", equalTo("network pref not found"));
        given().get("/v1.41/networks/nonexistent").then().statusCode(404)
                .header("Content-Type", "application/json")
                .body("message", equalTo("network nonexistent not found"));
    }

    @Test
    void listFilters() {
        createOk("{\"Name\":\"front-net\",\"Labels\":{\"tier\":\"front\"}}");
        createOk("{\"Name\":\"back-net\",\"Labels\":{\"tier\":\"back\",\"x\":\"\"}}");
        assertThat(names("{\"type\":[\"custom\"]}")).containsExactly("front-net", "back-net");
        assertThat(names("{\"type\":[\"builtin\"]}")).containsExactly("none", "host", "bridge");
        assertThat(names("{\"label\":[\"tier=back\"]}")).containsExactly("back-net");
        assertThat(names("{\"label\":[\"tier\"]}")).containsExactly("front-net", "back-net");
        assertThat(names("{\"name\":[\"net\"]}")).containsExactly("front-net", "back-net");
        assertThat(names("{\"name\":[\"bri\"]}")).containsExactly("bridge");
        assertThat(names("{\"driver\":[\"null\"]}")).containsExactly("none");
        assertThat(names("{\"scope\":[\"swarm\"]}")).isEmpty();
        assertThat(names("{\"dangling\":[\"true\"]}")).containsExactly("front-net", "back-net");
        assertThat(names("{\"dangling\":[\"false\"]}")).containsExactly("none", "host", "bridge");
        String bridgeId = given().get("/networks/bridge").path("Id");
        assertThat(names("{\"id\":[\"" + bridgeId.substring(0, 10) + "\"]}")).containsExactly("bridge");
        given().queryParam("filters", "{\"foo\":[\"x\"]}").get("/networks").then().statusCode(400)
                .body("message", equalTo("invalid filter 'foo'"));
        given().queryParam("filters", "{\"type\":[\"x\"]}").get("/networks").then().statusCode(400)
                .body("message", equalTo("invalid filter: 'type'='x'"));
        given().queryParam("filters", "{\"dangling\":[\"x\"]}").get("/networks").then().statusCode(400)
                .body("message", equalTo("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")"));
    }

    private List<String> names(String filters) {
        return given().queryParam("filters", filters).get("/networks").then().statusCode(200).extract().path("Name");
    }

    @Test
    void removeAndPrune() {
        createOk("{\"Name\":\"gnet2\"}");
        given().delete("/v1.41/networks/gnet2").then().statusCode(204).body(equalTo(""));
        given().delete("/networks/gnet2").then().statusCode(404).body("message", equalTo("network gnet2 not found"));
        given().delete("/networks/bridge").then().statusCode(403)
                .body("message", equalTo("bridge is a pre-defined network and cannot be removed"));
        given().delete("/networks/none").then().statusCode(403)
                .body("message", equalTo("none is a pre-defined network and cannot be removed"));

        given().post("/networks/prune").then().statusCode(200).body("NetworksDeleted", nullValue());
        createOk("{\"Name\":\"keep\",\"Labels\":{\"keep\":\"yes\"}}");
        createOk("{\"Name\":\"drop1\"}");
        createOk("{\"Name\":\"drop2\"}");
        given().queryParam("filters", "{\"label!\":[\"keep\"]}").post("/networks/prune").then().statusCode(200)
                .body("NetworksDeleted", equalTo(List.of("drop1", "drop2")));
        given().queryParam("filters", "{\"until\":[\"2000-01-01T00:00:00Z\"]}").post("/networks/prune").then()
                .body("NetworksDeleted", nullValue());
        given().queryParam("filters", "{\"foo\":[\"x\"]}").post("/networks/prune").then().statusCode(400)
                .body("message", equalTo("invalid filter 'foo'"));
        given().queryParam("filters", "{\"label\":[\"keep=yes\"]}").post("/networks/prune").then()
                .body("NetworksDeleted", equalTo(List.of("keep")));
        given().get("/networks").then().body("Name", equalTo(List.of("none", "host", "bridge")));
    }

    @Test
    void createAndDestroyAreEvents() {
        String id = createOk("{\"Name\":\"evnet\"}");
        given().delete("/networks/evnet").then().statusCode(204);
        var history = drydock.engine().events().history();
        assertThat(history).extracting(e -> e.type() + " " + e.action() + " " + e.actorId())
                .containsExactly("network create " + id, "network destroy " + id);
        assertThat(history.get(0).attributes()).isEqualTo(Map.of("name", "evnet", "type", "bridge"));
        assertThat(history.get(1).scope()).isEqualTo("local");
    }

    @Test
    void swarmInitMakesOverlayNetworksCreatable() {
        given().get("/swarm").then().statusCode(503).body("message", org.hamcrest.Matchers.startsWith(
                "This node is not a swarm manager."));
        given().get("/nodes").then().statusCode(503);
        given().get("/_ping").then().header("Swarm", "inactive");
        given().post("/swarm/leave").then().statusCode(503).body("message", equalTo("This node is not part of a swarm"));

        String nodeId = given().contentType("application/json").body("{\"ListenAddr\":\"0.0.0.0:2377\"}")
                .post("/swarm/init").then().statusCode(200).extract().as(String.class);
        assertThat(nodeId).matches("[0-9a-z]{25}");
        given().get("/_ping").then().header("Swarm", "active/manager");
        given().get("/info").then().body("Swarm.LocalNodeState", equalTo("active"))
                .body("Swarm.NodeID", equalTo(nodeId)).body("Swarm.ControlAvailable", equalTo(true))
                .body("Swarm.Nodes", equalTo(1));
        given().get("/nodes").then().statusCode(200).body("ID", equalTo(List.of(nodeId)))
                .body("[0].ManagerStatus.Leader", equalTo(true));
        given().get("/swarm").then().statusCode(200).body("ID", matchesPattern("[0-9a-z]{25}"));
        given().contentType("application/json").body("{}").post("/swarm/init").then().statusCode(503);
        given().get("/networks/ingress").then().statusCode(200).body("Driver", equalTo("overlay"))
                .body("Scope", equalTo("swarm")).body("Ingress", equalTo(true))
                .body("IPAM.Config[0].Subnet", equalTo("10.0.0.0/24"));
        given().get("/networks/docker_gwbridge").then().statusCode(200).body("Scope", equalTo("local"))
                .body("Options.'com.docker.network.bridge.name'", equalTo("docker_gwbridge"));

        String ov = createOk("{\"Name\":\"ov\",\"Driver\":\"overlay\",\"Attachable\":true}");
        assertThat(ov).matches("[0-9a-z]{25}");
        given().get("/networks/ov").then().body("Scope", equalTo("swarm")).body("Attachable", equalTo(true))
                .body("IPAM.Config[0].Subnet", equalTo("10.0.1.0/24"));
        assertThat(names("{\"scope\":[\"swarm\"]}")).containsExactly("ingress", "ov");

        given().get("/services").then().statusCode(200).body("$", equalTo(List.of()));
        given().contentType("application/json").body("{}").post("/services/create").then().statusCode(501)
                .body("message", org.hamcrest.Matchers.containsString("not supported by Drydock"));
        given().get("/secrets/abc").then().statusCode(501);

        given().post("/swarm/leave").then().statusCode(503)
                .body("message", org.hamcrest.Matchers.containsString("Use `--force` to ignore this message."));
        given().post("/swarm/leave?force=1").then().statusCode(200);
        given().get("/_ping").then().header("Swarm", "inactive");
        assertThat(names("{}")).doesNotContain("ingress", "ov").contains("docker_gwbridge");
        given().get("/services").then().statusCode(503);
    }

    @Test
    void portBindAddressIsConfigurable() {
        try (Drydock local = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0")
                .portBindAddress("127.0.0.1").build())) {
            RestAssured.given().baseUri("http://127.0.0.1").port(local.port()).get("/networks/bridge").then()
                    .body("Options.'com.docker.network.bridge.host_binding_ipv4'", equalTo("127.0.0.1"));
        }
        assertThat(given().get("/networks").then().extract().jsonPath().getList("Name")).contains("bridge");
        given().get("/networks").then().body("Name", hasItem("host"));
    }
}
