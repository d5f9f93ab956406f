package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.contract.ShellOneLiners.OneLiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user runs inside a busybox container, asked of the target and compared with what real busybox answers.
 * Deterministic one-liners ({@link ShellOneLiners}) must print exactly what the reference printed; commands whose
 * output depends on the container ({@code hostname -i}, {@code ip addr}, {@code ps}, {@code df}, ...) must state
 * the facts the Engine reports about it (inspect's address, gateway, MAC, hostname, command).
 *
 * <p>Everything runs as {@code docker exec ... sh -c SCRIPT} in one {@code busybox sleep 300} container (the
 * one-liners concurrently), plus one short-lived web container for the network cases. A target may list cases
 * it is known to answer differently ({@link #knownDifferences()}); those are reported skipped with the reason.
 */
public abstract class ShellContract extends HostContract {
    protected static final String BASE = "busybox:latest";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String containerId;
    private String missing;
    private JsonNode inspect;
    private final List<String> cleanup = new ArrayList<>();

    /** Makes {@value #BASE} present on a target that starts without it. */
    protected void provideBaseImage() {
    }

    /** Case or test names this target answers differently from real busybox, each with why; skipped, loudly. */
    protected Map<String, String> knownDifferences() {
        return Map.of();
    }

    @BeforeAll
    final void startContainer() {
        if (client == null) {
            return; // The target is unavailable; HostContract reports every test skipped.
        }
        provideBaseImage();
        if (client.get(commonPrefix() + "/images/" + BASE + "/json").status() == 404) {
            missing = "SKIPPED ShellContract on " + target.name() + ": " + BASE + " is not present there";
            System.err.println("[contract] " + missing);
            return;
        }
        containerId = run("shell", "{\"Image\":\"" + BASE + "\",\"Cmd\":[\"sleep\",\"300\"],"
                + "\"Env\":[\"GREETING=hello world\"]}");
        inspect = client.get(commonPrefix() + "/containers/" + containerId + "/json").json();
    }

    @AfterAll
    final void removeContainers() {
        for (String id : cleanup) {
            client.delete(commonPrefix() + "/containers/" + id + "?force=1");
        }
    }

    @BeforeEach
    final void requireContainer() {
        if (missing != null) {
            Assumptions.abort(missing);
        }
    }

    // ---- deterministic one-liners ----------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> oneLinersPrintWhatBusyboxPrints() {
        if (missing != null || containerId == null) {
            return Stream.of(DynamicTest.dynamicTest("container", () -> Assumptions.abort(String.valueOf(missing))));
        }
        // Run them all up front, a few at a time: a real Engine takes tens of ms per exec.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<OneLiner> cases = ShellOneLiners.all();
            List<CompletableFuture<Exec>> runs = cases.stream()
                    .map(c -> knownDifferences().containsKey(c.name()) ? CompletableFuture.<Exec>completedFuture(null)
                            : CompletableFuture.supplyAsync(() -> sh(c.script()), pool))
                    .toList();
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                OneLiner c = cases.get(i);
                Exec r = runs.get(i).join();
                tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                    skipIfKnownDifferent(c.name());
                    assertThat(r.stdout()).as("stdout of sh -c '%s'", c.script()).isEqualTo(c.stdout());
                    assertThat(r.stderr()).as("stderr of sh -c '%s'", c.script()).isEqualTo(c.stderr());
                    assertThat(r.exitCode()).as("exit code of sh -c '%s'", c.script()).isEqualTo(c.exitCode());
                }));
            }
            return tests.stream();
        } finally {
            pool.shutdown();
        }
    }

    // ---- facts about this container --------------------------------------------------------------------------

    @Test
    void hostnameIsTheContainersHostname() {
        String hostname = inspect.path("Config").path("Hostname").asText();
        assertThat(hostname).isNotEmpty();
        assertThat(containerId).startsWith(hostname);
        assertThat(ok("hostname; cat /etc/hostname; uname -n; echo $HOSTNAME"))
                .isEqualTo(hostname + "\n" + hostname + "\n" + hostname + "\n" + hostname + "\n");
    }

    @Test
    void hostnameDashIIsTheInspectAddress() {
        assertThat(ok("hostname -i")).isEqualTo(ip() + "\n");
    }

    @Test
    void etcHostsNamesLocalhostAndTheContainer() {
        List<String> lines = lines(ok("cat /etc/hosts"));
        assertThat(lines).contains("127.0.0.1\tlocalhost", ip() + "\t" + inspect.path("Config").path("Hostname").asText());
    }

    @Test
    void ipAddrShowsLoAndEth0WithTheInspectAddress() {
        String out = ok("ip addr");
        assertThat(out).contains("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                + "    inet 127.0.0.1/8 scope host lo\n");
        assertThat(out).containsPattern("\\d+: eth0@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
                + "    link/ether " + mac() + " brd ff:ff:ff:ff:ff:ff\n"
                + "    inet " + ip() + "/" + prefix() + " brd [0-9.]+ scope global eth0\n");
        String v4 = ok("ip -4 addr show eth0");
        assertThat(v4).doesNotContain("link/ether").contains("    inet " + ip() + "/" + prefix() + " brd ");
    }

    @Test
    void ipOneLineAddr() {
        skipIfKnownDifferent("ipOneLineAddr");
        List<String> lines = lines(ok("ip -o -4 addr"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever");
        assertThat(lines.get(1)).matches("\\d+: eth0    inet " + ip().replace(".", "\\.") + "/" + prefix()
                + " brd [0-9.]+ scope global eth0\\\\       valid_lft forever preferred_lft forever");
        List<String> links = lines(ok("ip -o link"));
        assertThat(links.get(0)).isEqualTo("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        assertThat(links.get(1)).matches("\\d+: eth0@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc"
                + " noqueue \\\\    link/ether " + mac() + " brd ff:ff:ff:ff:ff:ff");
        assertThat(lines(ok("ls /sys/class/net"))).contains("eth0", "lo");
    }

    @Test
    void ipRouteHasTheDefaultViaTheGateway() {
        List<String> lines = lines(ok("ip route"));
        assertThat(lines.get(0)).isEqualTo("default via " + gateway() + " dev eth0 ");
        assertThat(lines).anyMatch(l -> l.endsWith(" dev eth0 scope link  src " + ip() + " "));
        // Busybox's ip takes "default" for no selector at all and lists every route.
        assertThat(ok("ip route show default")).isEqualTo(String.join("\n", lines) + "\n");
    }

    @Test
    void routeAndNetstatShowTheKernelRoutingTable() {
        skipIfKnownDifferent("routeAndNetstatShowTheKernelRoutingTable");
        String header = "Kernel IP routing table\n";
        assertThat(ok("route -n")).startsWith(header
                + "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
                + String.format("%-16s%-16s%-16sUG    0      0        0 eth0%n", "0.0.0.0", gateway(), "0.0.0.0"));
        assertThat(ok("netstat -rn")).startsWith(header
                + "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
                + String.format("%-16s%-16s%-16sUG        0 0          0 eth0%n", "0.0.0.0", gateway(), "0.0.0.0"));
    }

    @Test
    void ifconfigShowsEth0AndLo() {
        String out = ok("ifconfig");
        assertThat(out).startsWith("eth0      Link encap:Ethernet  HWaddr " + mac().toUpperCase() + "  \n"
                + "          inet addr:" + ip() + "  Bcast:");
        assertThat(out).contains("          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n");
        assertThat(out).contains("lo        Link encap:Local Loopback  \n"
                + "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
                + "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n");
    }

    @Test
    void sysfsHasTheMacAddress() {
        skipIfKnownDifferent("sysfsHasTheMacAddress");
        assertThat(ok("cat /sys/class/net/eth0/address")).isEqualTo(mac() + "\n");
    }

    @Test
    void psListsPidOneWithItsCommand() {
        List<String> lines = lines(ok("ps"));
        assertThat(lines.get(0)).isEqualTo("PID   USER     COMMAND");
        assertThat(lines.get(1)).isEqualTo("    1 root     sleep 300");
        assertThat(ok("cat /proc/1/cmdline | tr '\\0' ' '")).isEqualTo("sleep 300 ");
    }

    @Test
    void psShowsABackgroundProcess() {
        skipIfKnownDifferent("psShowsABackgroundProcess");
        // The child may not have exec'd sleep yet when the shell goes on (on a real kernel ps then shows the
        // forked shell): wait for its comm, as a script that needs the process would.
        assertThat(ok("sleep 123 & pid=$!; until [ \"$(cat /proc/$pid/comm)\" = sleep ]; do sleep 0.01; done;"
                + " ps -o pid,comm,args | grep \"^ *$pid \"; kill $pid"))
                .matches(" *[1-9]\\d* sleep            sleep 123\n");
    }

    @Test
    void dfShowsTheRootFilesystem() {
        List<String> lines = lines(ok("df"));
        assertThat(lines.get(0)).isEqualTo("Filesystem           1K-blocks      Used Available Use% Mounted on");
        assertThat(lines.get(1)).matches("\\S+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+% /");
        assertThat(ok("df -h /")).startsWith("Filesystem                Size      Used Available Use% Mounted on\n");
    }

    @Test
    void idForRootAndForAnotherUser() {
        assertThat(ok("id")).startsWith("uid=0(root) gid=0(root) groups=0(root)");
        assertThat(ok("id -u; id -un; id -g; whoami")).isEqualTo("0\nroot\n0\nroot\n");
        assertThat(exec("nobody", "id -u; id -un; whoami").stdout()).isEqualTo("65534\nnobody\nnobody\n");
    }

    @Test
    void envHasTheContainerEnvironment() {
        List<String> env = lines(ok("env"));
        assertThat(env).contains("HOSTNAME=" + inspect.path("Config").path("Hostname").asText(),
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
                "GREETING=hello world", "PWD=/");
        assertThat(ok("echo \"$GREETING\"; echo $HOME")).isEqualTo("hello world\n/root\n");
    }

    @Test
    void unameNprocAndDate() {
        assertThat(ok("uname -s; uname -m")).isEqualTo("Linux\nx86_64\n");
        assertThat(ok("nproc")).matches("[1-9]\\d*\n");
        int year = Year.now(ZoneOffset.UTC).getValue();
        assertThat(Integer.parseInt(ok("date +%Y").trim())).isBetween(year - 1, year + 1);
        assertThat(ok("date -u +%s")).matches("\\d{10}\n");
    }

    @Test
    void resolvConfAndMemory() {
        assertThat(lines(ok("cat /etc/resolv.conf"))).anyMatch(l -> l.matches("nameserver [0-9a-f.:]+"));
        assertThat(lines(ok("free"))).anyMatch(l -> l.matches("Mem:\\s+\\d+\\s+\\d+\\s+\\d+.*"));
        assertThat(ok("head -1 /proc/meminfo")).matches("MemTotal:\\s+\\d+ kB\n");
    }

    @Test
    void pingLoopback() {
        assertThat(ok("ping -c 1 127.0.0.1")).startsWith("PING 127.0.0.1 (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ttl=64 time=")
                .contains("1 packets transmitted, 1 packets received, 0% packet loss\n");
    }

    @Test
    void wgetReachesAnotherContainerDirectlyAndThroughItsPublishedPort() {
        String web = run("web", "{\"Image\":\"" + BASE + "\",\"Cmd\":[\"sh\",\"-c\",\"mkdir -p /www && echo hello-from-web"
                + " > /www/index.html && exec httpd -f -p 80 -h /www\"],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"\"}]}}}");
        JsonNode w = client.get(commonPrefix() + "/containers/" + web + "/json").json();
        String webIp = w.path("NetworkSettings").path("IPAddress").asText();
        String port = w.path("NetworkSettings").path("Ports").path("80/tcp").path(0).path("HostPort").asText();
        assertThat(port).as("published port: %s", w.path("NetworkSettings")).isNotEmpty();
        // httpd is started by the container's shell: wait until it listens (20 s at most: 5 s was tight on a loaded
        // machine, and the next wget fails plainly if it never does).
        ok("for i in $(seq 100); do wget -qO- http://" + webIp + "/ >/dev/null 2>&1 && break; sleep 0.2; done");
        assertThat(ok("wget -qO- http://" + webIp + "/")).isEqualTo("hello-from-web\n");
        Exec missingPage = sh("wget -qO- http://" + webIp + "/nope");
        assertThat(missingPage.stderr()).isEqualTo("wget: server returned error: HTTP/1.1 404 Not Found\n");
        assertThat(missingPage.exitCode()).isEqualTo(1);
        assertThat(execIn(web, null, "netstat -tln").stdout()).containsPattern(":80 +\\S+ +LISTEN");
        skipIfKnownDifferent("wgetThroughPublishedPort");
        assertThat(ok("wget -qO- http://" + gateway() + ":" + port + "/")).isEqualTo("hello-from-web\n");
    }

    @Test
    void aShortLivedContainerRunsAOneLinerAndReportsItsExitCode() throws InterruptedException {
        String id = create("oneshot", "{\"Image\":\"" + BASE + "\",\"Cmd\":[\"sh\",\"-c\","
                + "\"echo $HOSTNAME; hostname -i; ls /nonexistent; exit 3\"]}");
        assertThat(client.post(commonPrefix() + "/containers/" + id + "/start", null).status()).isEqualTo(204);
        HostResponse waited = client.post(commonPrefix() + "/containers/" + id + "/wait", null);
        assertThat(waited.json().path("StatusCode").asInt()).as("%s", waited).isEqualTo(3);
        JsonNode c = client.get(commonPrefix() + "/containers/" + id + "/json").json();
        HostResponse logs = client.get(commonPrefix() + "/containers/" + id + "/logs?stdout=1&stderr=1");
        Exec out = demux(logs.body(), 3);
        // The address was released when it exited; it was one of the bridge's.
        assertThat(out.stdout()).matches(c.path("Config").path("Hostname").asText() + "\n172\\.17\\.\\d+\\.\\d+\n");
        assertThat(out.stderr()).isEqualTo("ls: /nonexistent: No such file or directory\n");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** One exec's result: the demultiplexed streams and the exit code inspect reports. */
    protected record Exec(String stdout, String stderr, int exitCode) {
    }

    private void skipIfKnownDifferent(String name) {
        String why = knownDifferences().get(name);
        if (why != null) {
            skipBecause(name + " differs from real busybox: " + why);
        }
    }

    private String ip() {
        return inspect.path("NetworkSettings").path("IPAddress").asText();
    }

    private int prefix() {
        return inspect.path("NetworkSettings").path("IPPrefixLen").asInt();
    }

    private String gateway() {
        return inspect.path("NetworkSettings").path("Gateway").asText();
    }

    private String mac() {
        return inspect.path("NetworkSettings").path("MacAddress").asText();
    }

    private static List<String> lines(String s) {
        return Arrays.asList(s.split("\n"));
    }

    private String create(String kind, String body) {
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + uniqueName(kind), body);
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        synchronized (cleanup) {
            cleanup.add(id);
        }
        return id;
    }

    private String run(String kind, String body) {
        String id = create(kind, body);
        HostResponse r = client.post(commonPrefix() + "/containers/" + id + "/start", null);
        assertThat(r.status()).as("start: %s", r).isEqualTo(204);
        return id;
    }

    /** Stdout of a script that must succeed with nothing on stderr. */
    private String ok(String script) {
        Exec r = sh(script);
        assertThat(r.stderr()).as("stderr of sh -c '%s'", script).isEmpty();
        assertThat(r.exitCode()).as("exit code of sh -c '%s' (stdout %s)", script, r.stdout()).isZero();
        return r.stdout();
    }

    private Exec sh(String script) {
        return execIn(containerId, null, script);
    }

    private Exec exec(String user, String script) {
        return execIn(containerId, user, script);
    }

    private Exec execIn(String container, String user, String script) {
        ObjectNode body = MAPPER.createObjectNode().put("AttachStdout", true).put("AttachStderr", true);
        if (user != null) {
            body.put("User", user);
        }
        body.putArray("Cmd").add("sh").add("-c").add(script);
        HostResponse created = client.post(commonPrefix() + "/containers/" + container + "/exec", body.toString());
        assertThat(created.status()).as("exec create: %s", created).isEqualTo(201);
        String id = created.json().path("Id").asText();
        HostResponse started = client.post(commonPrefix() + "/exec/" + id + "/start", "{}");
        assertThat(started.status()).as("exec start: %s", started).isEqualTo(200);
        JsonNode after = client.get(commonPrefix() + "/exec/" + id + "/json").json();
        return demux(started.body(), after.path("ExitCode").asInt(-1));
    }

    private static Exec demux(byte[] body, int exitCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int i = 0;
        while (i + 8 <= body.length) {
            int size = ((body[i + 4] & 0xff) << 24) | ((body[i + 5] & 0xff) << 16) | ((body[i + 6] & 0xff) << 8)
                    | (body[i + 7] & 0xff);
            (body[i] == 2 ? err : out).write(body, i + 8, Math.min(size, body.length - i - 8));
            i += 8 + size;
        }
        return new Exec(out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8), exitCode);
    }
}
