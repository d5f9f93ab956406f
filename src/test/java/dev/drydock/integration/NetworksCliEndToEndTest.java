package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI drives networks on one wired Drydock: connect/disconnect, aliases, static IPs, -P, port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworksCliEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
        cli.ok("pull", "busybox");
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

    @Test
    void connectAndDisconnectARunningContainerChangeWhoReachesIt() {
        ok("network", "create", "cdnet");
        ok("run", "-d", "--name", "cdtarget", "busybox", "sleep", "1000");
        ok("run", "-d", "--name", "cdprobe", "--network", "cdnet", "busybox", "sleep", "1000");
        assertThat(cli.run("exec", "cdprobe", "ping", "-c", "1", "cdtarget").code()).isNotZero();

        ok("network", "connect", "cdnet", "cdtarget");
        String nets = ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "cdtarget")
                .out();
        assertThat(nets.trim().split(" ")).containsExactlyInAnyOrder("bridge", "cdnet");
        assertThat(ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"cdnet\").IPAddress}}", "cdtarget")
                .out().trim()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        Cli.Result ping = ok("exec", "cdprobe", "ping", "-c", "1", "cdtarget");
        assertThat(ping.out()).contains("1 packets received");

        ok("network", "disconnect", "cdnet", "cdtarget");
        assertThat(ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "cdtarget")
                .out().trim()).isEqualTo("bridge");
        Cli.Result gone = cli.run("exec", "cdprobe", "ping", "-c", "1", "cdtarget");
        assertThat(gone.code()).as(gone.out() + gone.err()).isNotZero();
        ok("rm", "-f", "cdtarget", "cdprobe");
        ok("network", "rm", "cdnet");
    }

    @Test
    void aNetworkAliasResolvesForOthersOnTheSameNetworkOnly() {
        ok("network", "create", "aliasnet");
        ok("run", "-d", "--name", "aliased", "--network", "aliasnet", "--network-alias", "db", "busybox",
                "sleep", "1000");
        String ip = ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"aliasnet\").IPAddress}}", "aliased")
                .out().trim();
        Cli.Result ns = ok("run", "--rm", "--network", "aliasnet", "busybox", "nslookup", "db");
        assertThat(ns.out()).contains(ip);
        Cli.Result ping = ok("run", "--rm", "--network", "aliasnet", "busybox", "ping", "-c", "1", "db");
        assertThat(ping.out()).contains("1 packets received").contains(ip);
        assertThat(cli.run("run", "--rm", "busybox", "ping", "-c", "1", "db").code()).isNotZero();
        ok("rm", "-f", "aliased");
        ok("network", "rm", "aliasnet");
    }

    @Test
    void aStaticIpOnASubnetShowsInInspectAndInside() {
        ok("network", "create", "--subnet", "10.77.0.0/24", "ipnet");
        ok("run", "-d", "--name", "fixed", "--network", "ipnet", "--ip", "10.77.0.42", "busybox", "sleep", "1000");
        assertThat(ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"ipnet\").IPAddress}}", "fixed")
                .out().trim()).isEqualTo("10.77.0.42");
        assertThat(ok("exec", "fixed", "hostname", "-i").out()).contains("10.77.0.42");
        assertThat(ok("exec", "fixed", "ip", "addr").out()).contains("inet 10.77.0.42/24");
        ok("rm", "-f", "fixed");
        ok("network", "rm", "ipnet");
    }

    @Test
    void publishAllGivesNginxARandomHostPortThatAnswers() throws Exception {
        ok("run", "-d", "--name", "pweb", "-P", "nginx");
        String all = ok("port", "pweb").out();
        // docker port lists "PRIVATE/PROTO -> HOSTIP:PORT", one binding a line (IPv4 and IPv6 when both).
        assertThat(all).matches("(?s)(80/tcp -> (0\\.0\\.0\\.0|\\[::\\]):\\d+\\n)+");
        String one = ok("port", "pweb", "80").out();
        assertThat(one).matches("(?s)((0\\.0\\.0\\.0|\\[::\\]):\\d+\\n)+");
        String first = one.lines().filter(l -> l.startsWith("0.0.0.0:")).findFirst().orElseThrow();
        int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
        assertThat(port).isBetween(1024, 65535);
        assertThat(ok("port", "pweb", "80/tcp").out()).isEqualTo(one);
        Cli.Result none = cli.run("port", "pweb", "443");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("No public port '443' published for pweb");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> resp = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (resp == null && System.nanoTime() < deadline) {
            try {
                resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        assertThat(resp).as("an answer from nginx through the -P port").isNotNull();
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).contains("Welcome to nginx!");
        ok("rm", "-f", "pweb");
    }

    @Test
    void theDefaultBridgeDoesNotResolveNamesButAUserNetworkDoes() {
        ok("run", "-d", "--name", "onbridge", "busybox", "sleep", "1000");
        Cli.Result bridge = cli.run("run", "--rm", "busybox", "ping", "-c", "1", "onbridge");
        assertThat(bridge.code()).as(bridge.out()).isNotZero();
        assertThat(bridge.err()).contains("bad address 'onbridge'");

        ok("network", "create", "namednet");
        ok("run", "-d", "--name", "onuser", "--network", "namednet", "busybox", "sleep", "1000");
        Cli.Result user = ok("run", "--rm", "--network", "namednet", "busybox", "ping", "-c", "1", "onuser");
        assertThat(user.out()).contains("1 packets received");
        ok("rm", "-f", "onbridge", "onuser");
        ok("network", "rm", "namednet");
    }
}
