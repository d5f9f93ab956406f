package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.stream.Collectors;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** Containers get their endpoints, addresses, /etc files and published ports from the network service. */
class NetworkWiringTest {
    private Drydock d;

    @BeforeEach
    void start() {
        d = Wired.start();
        d.engine().containers().launcher(new HoldLauncher());
        pull(d, "busybox", "latest");
    }

    @AfterEach
    void stop() {
        d.close();
    }

    /** The event history about one container, container and network events alike, in order. */
    private List<String> events(String id) {
        return d.engine().events().history().stream()
                .filter(e -> e.actorId().equals(id) || id.equals(e.attributes().get("container")))
                .map(e -> e.type() + " " + e.action())
                .collect(Collectors.toList());
    }

    @Test
    void aContainerOnAUserNetworkGetsAnAddressWhileRunning() {
        api(d).body("{\"Name\":\"gnet\"}").post("/networks/create").then().statusCode(201);
        String id = create(d, "web", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],"
                + "\"HostConfig\":{\"NetworkMode\":\"gnet\"},"
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"gnet\":{\"Aliases\":[\"site\"]}}}}");
        api(d).get("/containers/web/json").then()
                .body("HostConfig.NetworkMode", equalTo("gnet"))
                .body("NetworkSettings.Networks", hasKey("gnet"))
                .body("NetworkSettings.Networks.gnet.NetworkID", equalTo(""))
                .body("NetworkSettings.Networks.gnet.IPAddress", equalTo(""));
        api(d).post("/containers/web/start").then().statusCode(204);
        api(d).get("/containers/web/json").then()
                .body("NetworkSettings.Networks.gnet.IPAddress", equalTo("172.18.0.2"))
                .body("NetworkSettings.Networks.gnet.Gateway", equalTo("172.18.0.1"))
                .body("NetworkSettings.Networks.gnet.NetworkID", matchesPattern("[0-9a-f]{64}"))
                .body("NetworkSettings.Networks.gnet.DNSNames", equalTo(List.of("web", "site", id.substring(0, 12))));
        api(d).get("/containers/json").then()
                .body("[0].HostConfig.NetworkMode", equalTo("gnet"))
                .body("[0].NetworkSettings.Networks.gnet.IPAddress", equalTo("172.18.0.2"));
        api(d).get("/networks/gnet").then().body("Containers." + id + ".Name", equalTo("web"));
        api(d).queryParam("filters", "{\"network\":[\"gnet\"]}").get("/containers/json").then().body("", hasSize(1));
        api(d).post("/containers/web/stop").then().statusCode(204);
        api(d).get("/containers/web/json").then().body("NetworkSettings.Networks.gnet.IPAddress", equalTo(""));
        assertThat(events(id)).containsExactly("container create", "network connect", "container start",
                "container kill", "container die", "network disconnect", "container stop");
    }

    @Test
    void theDaemonWritesHostsResolvConfAndHostnameAtStart() {
        String id = create(d, "hh", "{\"Image\":\"busybox\",\"Hostname\":\"box\",\"Cmd\":[\"cat\",\"/etc/hosts\"],"
                + "\"HostConfig\":{\"ExtraHosts\":[\"db:10.1.2.3\"]}}");
        api(d).post("/containers/hh/start").then().statusCode(204);
        api(d).post("/containers/hh/wait").then().body("StatusCode", equalTo(0));
        String hosts = api(d).get("/containers/hh/logs?stdout=1").asString();
        assertThat(hosts).contains("127.0.0.1\tlocalhost").contains("10.1.2.3\tdb").contains("\tbox");
        String r = create(d, null, "{\"Image\":\"busybox\",\"Hostname\":\"box\",\"Cmd\":[\"cat\",\"/etc/hostname\"]}");
        api(d).post("/containers/" + r + "/start").then().statusCode(204);
        api(d).post("/containers/" + r + "/wait").then().body("StatusCode", equalTo(0));
        assertThat(api(d).get("/containers/" + r + "/logs?stdout=1").asString()).endsWith("box\n");
        assertThat(id).isNotEqualTo(r);
    }

    @Test
    void connectAndDisconnectFindContainersByName() {
        api(d).body("{\"Name\":\"other\"}").post("/networks/create").then().statusCode(201);
        create(d, "c1", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"]}");
        api(d).body("{\"Container\":\"c1\"}").post("/networks/other/connect").then().statusCode(200);
        api(d).get("/containers/c1/json").then()
                .body("NetworkSettings.Networks", hasKey("bridge"))
                .body("NetworkSettings.Networks", hasKey("other"));
        api(d).post("/containers/c1/start").then().statusCode(204);
        api(d).get("/containers/c1/json").then()
                .body("NetworkSettings.Networks.bridge.IPAddress", matchesPattern("172\\.17\\.0\\.\\d+"))
                .body("NetworkSettings.Networks.other.IPAddress", matchesPattern("172\\.\\d+\\.0\\.2"));
        api(d).body("{\"Container\":\"c1\"}").post("/networks/other/disconnect").then().statusCode(200);
        api(d).get("/containers/c1/json").then().body("NetworkSettings.Networks", not(hasKey("other")));
        api(d).body("{\"Container\":\"nosuch\"}").post("/networks/other/connect").then().statusCode(404)
                .body("message", equalTo("No such container: nosuch"));
    }

    @Test
    void publishedPortsOpenAtStartAndCloseAtStop() throws IOException {
        create(d, "pub", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}},"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
        api(d).get("/containers/pub/json").then().body("NetworkSettings.Ports", equalTo(java.util.Map.of()));
        api(d).post("/containers/pub/start").then().statusCode(204);
        String port = api(d).get("/containers/pub/json").then()
                .body("NetworkSettings.Ports.'80/tcp'[0].HostIp", equalTo("127.0.0.1"))
                .body("NetworkSettings.Ports.'443/tcp'", equalTo(null))
                .extract().path("NetworkSettings.Ports.'80/tcp'[0].HostPort");
        int hostPort = Integer.parseInt(port);
        api(d).get("/containers/json").then()
                .body("[0].Ports.find { it.PrivatePort == 80 }.PublicPort", equalTo(hostPort))
                .body("[0].Ports.find { it.PrivatePort == 443 }.Type", equalTo("tcp"));
        try (Socket s = new Socket("127.0.0.1", hostPort)) {
            assertThat(s.isConnected()).isTrue();
        }
        api(d).queryParam("filters", "{\"publish\":[\"80\"]}").get("/containers/json").then().body("", hasSize(1));
        api(d).post("/containers/pub/kill").then().statusCode(204);
        api(d).get("/containers/json?all=1").then().body("[0].Ports", hasSize(0));
        assertThatThrownBy(() -> new Socket("127.0.0.1", hostPort).close()).isInstanceOf(IOException.class);
    }
}
