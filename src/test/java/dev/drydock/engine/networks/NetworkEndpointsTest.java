package dev.drydock.engine.networks;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.net.ContainerNetStack;
import dev.drydock.net.PortRequest;
import dev.drydock.net.PublishedPort;
import dev.drydock.net.VirtualConnection;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Container endpoints: start/stop, connect/disconnect, NetworkSettings, name resolution, /etc files, ports. */
class NetworkEndpointsTest {
    private Drydock drydock;
    private NetworkService nets;
    private final Map<String, ContainerRef> known = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").portBindAddress("127.0.0.1").build());
        nets = drydock.engine().networks();
        nets.setContainerDirectory(idOrName -> known.values().stream()
                .filter(c -> c.id().startsWith(idOrName) || c.name().equals(idOrName)).findFirst());
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private RequestSpecification given() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    private ContainerRef container(String name, String mode, Map<String, EndpointConfig> eps) {
        String id = drydock.engine().config().ids().newId();
        ContainerRef ref = new ContainerRef(id, "/" + name, null);
        known.put(id, ref);
        nets.register(ref, mode, eps);
        return ref;
    }

    private String create(String name, String subnet) {
        return nets.create(new NetworkCreateRequest(name, "", "", null, false, false, false, false, "", null, false,
                "", subnet == null ? List.of() : List.of(new NetworkCreateRequest.IpamConfig(subnet, null, null, null)),
                null, Map.of(), Map.of()), "1.55").id();
    }

    @Test
    void defaultBridgeEndpointsAndNetworkSettings() {
        ContainerRef web = container("web", "", Map.of());
        assertThat(nets.networkMode(web.id())).isEqualTo("bridge");
        Map<String, Object> before = NetworkViews.networkSettings(nets, web.id(), "", List.of("80/tcp"), "1.41");
        @SuppressWarnings("unchecked")
        Map<String, Object> bridgeBefore = (Map<String, Object>) ((Map<String, Object>) before.get("Networks")).get("bridge");
        assertThat(bridgeBefore.get("IPAddress")).isEqualTo("");
        assertThat(bridgeBefore.get("EndpointID")).isEqualTo("");

        nets.start(web.id(), NetworkService.StartOptions.defaults());
        Map<String, Object> s = NetworkViews.networkSettings(nets, web.id(), "ab".repeat(32), List.of("80/tcp"), "1.41");
        assertThat(s.get("IPAddress")).isEqualTo("172.17.0.2");
        assertThat(s.get("Gateway")).isEqualTo("172.17.0.1");
        assertThat(s.get("MacAddress")).isEqualTo("02:42:ac:11:00:02");
        assertThat(s.get("Ports")).isEqualTo(java.util.Collections.singletonMap("80/tcp", null));
        @SuppressWarnings("unchecked")
        Map<String, Object> bridge = (Map<String, Object>) ((Map<String, Object>) s.get("Networks")).get("bridge");
        assertThat(bridge.get("Aliases")).isNull();
        assertThat(bridge.get("IPPrefixLen")).isEqualTo(16);
        assertThat(bridge.get("NetworkID")).isEqualTo(nets.get("bridge").id());
        assertThat((String) bridge.get("EndpointID")).matches("[0-9a-f]{64}");
        Map<String, Object> modern = NetworkViews.networkSettings(nets, web.id(), "", List.of(), "1.55");
        assertThat(modern).containsOnlyKeys("SandboxID", "SandboxKey", "Ports", "Networks");

        ContainerRef second = container("second", "bridge", Map.of());
        nets.start(second.id(), NetworkService.StartOptions.defaults());
        assertThat(nets.attachments(second.id()).get(0).endpoint().ipAddress()).isEqualTo("172.17.0.3");
        given().get("/networks/bridge").then().body("Containers." + web.id() + ".Name", equalTo("web"))
                .body("Containers." + web.id() + ".IPv4Address", equalTo("172.17.0.2/16"))
                .body("Containers." + web.id() + ".MacAddress", equalTo("02:42:ac:11:00:02"));

        // Default bridge: no name resolution but /etc/hosts carries the container itself.
        ContainerNetStack st = nets.stack(second.id());
        assertThat(st.resolveFirst("web")).isEmpty();
        assertThat(st.resolveFirst(second.shortId())).contains("172.17.0.3");
        assertThat(nets.hostsFile(second.id())).isEqualTo("127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n172.17.0.3\t" + second.shortId() + "\n");
        assertThat(nets.resolvConf(second.id())).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");

        nets.stop(web.id());
        assertThat(drydock.engine().events().history()).extracting(e -> e.action() + ":" + e.attributes().get("container"))
                .containsSubsequence("connect:" + web.id(), "connect:" + second.id(), "disconnect:" + web.id());
        // The freed address is handed out again.
        nets.start(web.id(), NetworkService.StartOptions.defaults());
        assertThat(nets.attachments(web.id()).get(0).endpoint().ipAddress()).isEqualTo("172.17.0.2");
    }

    @Test
    void linksOnTheDefaultBridge() {
        ContainerRef web = container("web", "", Map.of());
        nets.start(web.id(), NetworkService.StartOptions.defaults());
        ContainerRef client = container("client", "", Map.of());
        nets.start(client.id(), new NetworkService.StartOptions("cl", "dom.x", List.of("foo:1.2.3.4"),
                List.of("web:webby"), List.of(), List.of("ex.com"), List.of("ndots:2"), List.of()));
        assertThat(nets.hostsFile(client.id())).endsWith("ff02::2\tip6-allrouters\n1.2.3.4\tfoo\n172.17.0.2\twebby "
                + web.shortId() + " web\n172.17.0.3\tcl.dom.x cl\n");
        assertThat(nets.resolvConf(client.id())).isEqualTo("search ex.com\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n"
                + "options ndots:2\n");
        ContainerNetStack st = nets.stack(client.id());
        assertThat(st.resolveFirst("webby")).contains("172.17.0.2");
        assertThat(st.resolveFirst("web")).contains("172.17.0.2");
        assertThat(st.resolveFirst("foo")).contains("1.2.3.4");
        assertThat(st.resolveFirst("cl")).contains("172.17.0.3");
        assertThat(st.resolveFirst("localhost")).contains("127.0.0.1");
    }

    @Test
    void userNetworksResolveByNameAliasAndShortIdAndIsolateOthers() throws Exception {
        String appNet = create("app", null);
        create("other", null);
        ContainerRef web = container("web", "app", Map.of("app", EndpointConfig.withAliases(List.of("www"))));
        ContainerRef client = container("client", "app", Map.of());
        ContainerRef stranger = container("stranger", "other", Map.of());
        for (ContainerRef c : List.of(web, client, stranger)) {
            nets.start(c.id(), NetworkService.StartOptions.defaults());
        }
        ContainerNetStack cl = nets.stack(client.id());
        assertThat(cl.resolveFirst("web")).contains("172.18.0.2");
        assertThat(cl.resolveFirst("WWW")).contains("172.18.0.2");
        assertThat(cl.resolveFirst(web.shortId())).contains("172.18.0.2");
        assertThat(cl.resolveFirst("web.app")).contains("172.18.0.2");
        assertThat(cl.resolveFirst("stranger")).isEmpty();
        assertThat(nets.stack(stranger.id()).resolveFirst("web")).isEmpty();
        assertThat(nets.resolvConf(client.id())).isEqualTo("nameserver 127.0.0.11\noptions ndots:0\n");

        @SuppressWarnings("unchecked")
        Map<String, Object> ep = (Map<String, Object>) NetworkViews.networks(nets, web.id(), "1.55").get("app");
        assertThat(ep.get("Aliases")).isEqualTo(List.of("www"));
        assertThat(ep.get("DNSNames")).isEqualTo(List.of("web", "www", web.shortId()));
        assertThat(ep.get("NetworkID")).isEqualTo(appNet);
        @SuppressWarnings("unchecked")
        Map<String, Object> old = (Map<String, Object>) NetworkViews.networks(nets, web.id(), "1.41").get("app");
        assertThat(old.get("Aliases")).isEqualTo(List.of("www", web.shortId()));
        assertThat(old).doesNotContainKey("DNSNames");

        // In-process connections: reach the listener on the shared network, refused without one, no route across.
        var listener = nets.stack(web.id()).listen(80, conn -> {
            byte[] in = conn.input().readNBytes(5);
            conn.output().write(("hello " + new String(in, StandardCharsets.UTF_8) + " from " + conn.remoteAddress()
                    .split(":")[0]).getBytes(StandardCharsets.UTF_8));
            conn.output().close();
        });
        VirtualConnection c = cl.connect("web", 80);
        c.output().write("there".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(c.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello there from 172.18.0.3");
        assertThatThrownBy(() -> cl.connect("web", 81)).isInstanceOf(ConnectException.class)
                .hasMessage("Connection refused");
        assertThatThrownBy(() -> nets.stack(stranger.id()).connect("172.18.0.2", 80))
                .isInstanceOf(NoRouteToHostException.class);
        assertThatThrownBy(() -> nets.stack(stranger.id()).connect("web", 80))
                .isInstanceOf(java.net.UnknownHostException.class);
        assertThat(cl.reachable("web")).isTrue();
        assertThat(nets.stack(stranger.id()).reachable("172.18.0.2")).isFalse();
        assertThat(nets.stack(web.id()).listeningPorts()).containsExactly(80);
        listener.close();
        assertThat(nets.stack(web.id()).listeningPorts()).isEmpty();

        // Connecting the stranger makes the name resolvable and the address reachable.
        nets.connect("app", "stranger", EndpointConfig.NONE);
        assertThat(nets.stack(stranger.id()).resolveFirst("web")).contains("172.18.0.2");
        assertThat(nets.stack(stranger.id()).interfaces()).extracting(ContainerNetStack.Interface::name)
                .containsExactly("lo", "eth0", "eth1");
        given().delete("/networks/app").then().statusCode(403).body("message", equalTo(
                "error while removing network: network app id " + appNet + " has active endpoints"));
    }

    @Test
    void connectAndDisconnectThroughHttpWithDockersErrors() {
        create("static", "10.44.0.0/24");
        ContainerRef web = container("web", "", Map.of());
        nets.start(web.id(), NetworkService.StartOptions.defaults());
        ContainerRef w2 = container("w2", "", Map.of());
        nets.start(w2.id(), NetworkService.StartOptions.defaults());

        connect("static", "{\"Container\":\"web\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.44.0.9\"},"
                + "\"Aliases\":[\"foo\"]}}").then().statusCode(200);
        given().get("/networks/static").then().body("Containers." + web.id() + ".IPv4Address", equalTo("10.44.0.9/24"))
                .body("Containers." + web.id() + ".MacAddress", equalTo("02:42:0a:2c:00:09"));
        connect("static", "{\"Container\":\"web\"}").then().statusCode(403)
                .body("message", equalTo("endpoint with name web already exists in network static"));
        connect("static", "{\"Container\":\"w2\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.44.0.9\"}}}")
                .then().statusCode(403).body("message", equalTo("Address already in use"));
        connect("static", "{\"Container\":\"w2\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.44.0.1\"}}}")
                .then().statusCode(403).body("message", equalTo("Address already in use"));
        connect("static", "{\"Container\":\"w2\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.45.0.9\"}}}")
                .then().statusCode(500)
                .body("message", equalTo("Invalid address 10.45.0.9: It does not belong to any of this network's subnets"));
        connect("bridge", "{\"Container\":\"w2\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"172.17.0.50\"}}}")
                .then().statusCode(400)
                .body("message", equalTo("user specified IP address is supported on user defined networks only"));
        create("auto", null);
        connect("auto", "{\"Container\":\"w2\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"172.18.0.50\"}}}")
                .then().statusCode(400).body("message", equalTo(
                        "user specified IP address is supported only when connecting to networks with user configured subnets"));
        connect("host", "{\"Container\":\"w2\"}").then().statusCode(400).body("message",
                equalTo("container cannot be disconnected from host network or connected to host network"));
        connect("none", "{\"Container\":\"w2\"}").then().statusCode(400).body("message", equalTo(
                "container cannot be connected to multiple networks with one of the networks in private (none) mode"));
        connect("nope", "{\"Container\":\"w2\"}").then().statusCode(404).body("message", equalTo("network nope not found"));
        connect("static", "{\"Container\":\"nope\"}").then().statusCode(404)
                .body("message", equalTo("No such container: nope"));
        connect("static", "{}").then().statusCode(400).body("message", equalTo("invalid name or ID supplied: \"\""));
        // Nothing half-created: w2 is still only on the bridge.
        assertThat(nets.attachments(w2.id())).extracting(a -> a.network().name()).containsExactly("bridge");

        disconnect("static", "{\"Container\":\"w2\"}").then().statusCode(500)
                .body("message", equalTo("container " + w2.id() + " is not connected to network static"));
        disconnect("static", "{\"Container\":\"nope\"}").then().statusCode(404)
                .body("message", equalTo("No such container: nope"));
        disconnect("static", "{\"Container\":\"nope\",\"Force\":true}").then().statusCode(404)
                .body("message", equalTo("endpoint nope not found"));
        disconnect("static", "{\"Container\":\"web\"}").then().statusCode(200);
        given().get("/networks/static").then().body("Containers", equalTo(Map.of()));
        given().delete("/networks/static").then().statusCode(204);
        assertThat(drydock.engine().events().history()).extracting(e -> e.type() + " " + e.action())
                .containsSubsequence("network connect", "network disconnect", "network destroy");
    }

    private io.restassured.response.Response connect(String net, String body) {
        return given().contentType("application/json").body(body).post("/networks/" + net + "/connect");
    }

    private io.restassured.response.Response disconnect(String net, String body) {
        return given().contentType("application/json").body(body).post("/networks/" + net + "/disconnect");
    }

    @Test
    void createTimeStaticAddressRules() {
        create("sub", "10.50.0.0/24");
        ContainerRef ok = container("ok", "sub", Map.of("sub", EndpointConfig.withIp("10.50.0.20")));
        nets.start(ok.id(), NetworkService.StartOptions.defaults());
        assertThat(nets.attachments(ok.id()).get(0).endpoint().ipAddress()).isEqualTo("10.50.0.20");
        assertThatThrownBy(() -> container("bad", "sub", Map.of("sub", EndpointConfig.withIp("10.51.0.20"))))
                .isInstanceOf(EngineException.class).extracting("status").isEqualTo(500);
        assertThatThrownBy(() -> container("bad", "missing", Map.of())).isInstanceOf(EngineException.class)
                .hasMessage("network missing not found");
        ContainerRef clash = container("clash", "sub", Map.of("sub", EndpointConfig.withIp("10.50.0.20")));
        assertThatThrownBy(() -> nets.start(clash.id(), NetworkService.StartOptions.defaults()))
                .isInstanceOf(EngineException.class).hasMessage("Address already in use");
        assertThat(nets.running(clash.id())).isFalse();
        given().get("/networks/sub").then().body("Containers.size()", equalTo(1));
    }

    @Test
    void publishedPortsForwardRealSocketsIntoTheContainer() throws Exception {
        ContainerRef web = container("web", "", Map.of());
        List<PublishedPort> ports = nets.start(web.id(), NetworkService.StartOptions.withPorts(
                List.of(PortRequest.tcp(80, 0))));
        assertThat(ports).hasSize(1);
        PublishedPort p = ports.get(0);
        assertThat(p.hostIp()).isEqualTo("127.0.0.1");
        assertThat(p.hostPort()).isBetween(1024, 65535);
        nets.stack(web.id()).listen(80, conn -> {
            byte[] req = new byte[4];
            conn.input().readNBytes(req, 0, 4);
            conn.output().write(("pong:" + new String(req, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            conn.output().close();
        });
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", p.hostPort())) {
                s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("pong:ping");
            }
        }
        assertThat(NetworkViews.ports(nets, web.id(), List.of("80/tcp")))
                .isEqualTo(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", String.valueOf(p.hostPort())))));
        assertThat(NetworkViews.summaryPorts(nets, web.id(), List.of("80/tcp"))).containsExactly(
                Map.of("IP", "127.0.0.1", "PrivatePort", 80, "PublicPort", p.hostPort(), "Type", "tcp"));

        // The same host port for another container: Docker's "port is already allocated", nothing left open.
        ContainerRef other = container("other", "", Map.of());
        assertThatThrownBy(() -> nets.start(other.id(), NetworkService.StartOptions.withPorts(
                List.of(PortRequest.tcp(81, 0), PortRequest.tcp(80, p.hostPort())))))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("driver failed programming external connectivity on endpoint other (")
                .hasMessageEndingWith("Bind for 127.0.0.1:" + p.hostPort() + " failed: port is already allocated");
        assertThat(nets.running(other.id())).isFalse();
        assertThat(nets.get("bridge").fabric().endpointCount()).isEqualTo(1);

        // A port held by another program on the host: "address already in use".
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> nets.start(other.id(), NetworkService.StartOptions.withPorts(
                    List.of(PortRequest.tcp(80, taken.getLocalPort())))))
                    .hasMessageEndingWith("Error starting userland proxy: listen tcp4 127.0.0.1:" + taken.getLocalPort()
                            + ": bind: address already in use");
        }

        // Stopping the container closes the host socket.
        nets.stop(web.id());
        assertThatThrownBy(() -> new Socket("127.0.0.1", p.hostPort()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void hostAndNoneModes() throws Exception {
        ContainerRef h = container("h", "host", Map.of());
        ContainerRef n = container("n", "none", Map.of());
        nets.start(h.id(), NetworkService.StartOptions.defaults());
        nets.start(n.id(), NetworkService.StartOptions.defaults());
        assertThat(nets.networkMode(h.id())).isEqualTo("host");
        assertThat(nets.hostsFile(n.id())).doesNotContain(n.shortId());
        assertThat(nets.stack(n.id()).interfaces()).extracting(ContainerNetStack.Interface::name).containsExactly("lo");
        // A host-network listener answers on the real host port.
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        nets.stack(h.id()).listen(port, conn -> {
            conn.output().write("host!".getBytes(StandardCharsets.US_ASCII));
            conn.output().close();
        });
        try (Socket s = new Socket("127.0.0.1", port)) {
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("host!");
        }
        VirtualConnection c = nets.stack(h.id()).connect("localhost", port);
        assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("host!");
        nets.stop(h.id());
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        OutputStream unused = OutputStream.nullOutputStream();
        unused.close();
        given().get("/networks/host").then().body("Containers", equalTo(Map.of()));
        given().get("/networks/none").then().body("IPAM.Options", nullValue());
        assertThat(Optional.of(n)).isPresent();
    }
}
