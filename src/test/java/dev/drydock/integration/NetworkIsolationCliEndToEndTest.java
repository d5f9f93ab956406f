package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real docker CLI on --internal networks, enable_icc=false bridges and UDP port bindings. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkIsolationCliEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
        for (String image : new String[]{"busybox", "nginx"}) {
            Cli.Result pull = cli.run("pull", image);
            assertThat(pull.code()).as(pull.err()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static Cli.Result ok(String... args) {
        return cli.ok(args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anInternalNetworkPublishesNoPortAndHasNoWayOut() throws Exception {
        ok("network", "create", "--internal", "--subnet", "10.77.0.0/24", "innet");
        int hostPort = freePort();
        // As dockerd: the run succeeds, the binding stays in HostConfig, but nothing is published.
        ok("run", "-d", "--name", "inweb", "--network", "innet", "-p", "127.0.0.1:" + hostPort + ":80", "nginx");
        assertThat(ok("port", "inweb").out()).isEmpty();
        assertThat(ok("inspect", "-f", "{{json .NetworkSettings.Ports}}", "inweb").out().trim()).isEqualTo("{}");
        assertThat(ok("inspect", "-f", "{{json .HostConfig.PortBindings}}", "inweb").out().trim())
                .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + hostPort + "\"}]}");
        assertThatThrownBy(() -> new Socket("127.0.0.1", hostPort).close()).isInstanceOf(IOException.class);

        // Inside: peers and the gateway answer, the world does not.
        Cli.Result peer = ok("run", "--rm", "--network", "innet", "busybox", "wget", "-qO-", "http://inweb/");
        assertThat(peer.out()).contains("Welcome to nginx!");
        assertThat(ok("run", "--rm", "--network", "innet", "busybox", "ping", "-c", "1", "10.77.0.1").out())
                .contains("1 packets received");
        Cli.Result out = cli.run("run", "--rm", "--network", "innet", "busybox", "ping", "-c", "1", "-W", "1",
                "8.8.8.8");
        assertThat(out.code()).as(out.out() + out.err()).isNotZero();
        assertThat(out.out()).contains("0 packets received");
        ok("rm", "-f", "inweb");
        ok("network", "rm", "innet");
    }

    @Test
    void iccFalseKeepsContainersOnTheBridgeApart() {
        ok("network", "create", "-o", "com.docker.network.bridge.enable_icc=false", "noicc");
        assertThat(ok("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.enable_icc\"}}",
                "noicc").out().trim()).isEqualTo("false");
        ok("run", "-d", "--name", "iccweb", "--network", "noicc", "nginx");
        // The name still resolves (the embedded DNS is not the bridge), but no packet gets through.
        Cli.Result ping = cli.run("run", "--rm", "--network", "noicc", "busybox", "ping", "-c", "1", "-W", "1",
                "iccweb");
        assertThat(ping.code()).as(ping.out() + ping.err()).isNotZero();
        assertThat(ping.out()).contains("PING iccweb (").contains("0 packets received");
        Cli.Result wget = cli.run("run", "--rm", "--network", "noicc", "busybox", "wget", "-T", "1", "-qO-",
                "http://iccweb/");
        assertThat(wget.code()).as(wget.out() + wget.err()).isNotZero();
        assertThat(wget.out()).doesNotContain("Welcome to nginx!");
        ok("rm", "-f", "iccweb");
        ok("network", "rm", "noicc");
    }

    @Test
    void aUdpBindingIsPublishedAndShown() throws Exception {
        ok("run", "-d", "--name", "dns", "-p", "127.0.0.1::53/udp", "busybox", "sleep", "1000");
        String port = ok("port", "dns").out();
        assertThat(port).matches("53/udp -> 127\\.0\\.0\\.1:\\d+\\n");
        int hostPort = Integer.parseInt(port.trim().substring(port.trim().lastIndexOf(':') + 1));
        assertThat(ok("port", "dns", "53/udp").out()).isEqualTo("127.0.0.1:" + hostPort + "\n");
        assertThat(ok("inspect", "-f", "{{json .NetworkSettings.Ports}}", "dns").out().trim())
                .isEqualTo("{\"53/udp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + hostPort + "\"}]}");
        // The UDP port is really held on the host while the container runs.
        assertThatThrownBy(() -> new java.net.DatagramSocket(hostPort, java.net.InetAddress.getByName("127.0.0.1"))
                .close()).isInstanceOf(java.net.SocketException.class);
        ok("rm", "-f", "dns");
        try (java.net.DatagramSocket free = new java.net.DatagramSocket(hostPort,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(free.getLocalPort()).isEqualTo(hostPort);
        }
    }
}
