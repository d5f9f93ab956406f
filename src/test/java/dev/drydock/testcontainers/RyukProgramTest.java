package dev.drydock.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import dev.drydock.Drydock;

/** The built-in testcontainers/ryuk speaks Ryuk's protocol on its published port and reaps what the filters match. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RyukProgramTest {
    private static final String SESSION = "org.testcontainers.sessionId";

    private static Drydock drydock;
    private static DockerClient docker;

    @BeforeAll
    static void start() throws Exception {
        drydock = Drydock.start();
        URI host = drydock.tcpUri();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString()).withDockerTlsVerify(false).build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        docker.pullImageCmd("testcontainers/ryuk").withTag("0.14.0").start().awaitCompletion();
        docker.pullImageCmd("busybox").withTag("latest").start().awaitCompletion();
    }

    @AfterAll
    static void stop() throws Exception {
        docker.close();
        drydock.close();
    }

    private static String ryuk(String... env) {
        ExposedPort p = ExposedPort.tcp(8080);
        Ports bindings = new Ports();
        bindings.bind(p, Ports.Binding.bindIp("127.0.0.1"));
        String id = docker.createContainerCmd("testcontainers/ryuk:0.14.0").withExposedPorts(p).withEnv(env)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings).withAutoRemove(true)
                        .withPrivileged(true))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static int mappedPort(String id) {
        Ports.Binding[] b = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(8080));
        return Integer.parseInt(b[0].getHostPortSpec());
    }

    private static String busybox(String session, boolean start) {
        String id = docker.createContainerCmd("busybox").withCmd("sleep", "1000")
                .withLabels(Map.of(SESSION, session, "org.testcontainers", "true")).exec().getId();
        if (start) {
            docker.startContainerCmd(id).exec();
        }
        return id;
    }

    private static boolean containerExists(String id) {
        return docker.listContainersCmd().withShowAll(true).exec().stream().anyMatch(c -> c.getId().equals(id));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition still false after 15 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void acknowledgesFiltersAndReapsMatchingResourcesWhenTheLastClientLeaves() throws Exception {
        String ryuk = ryuk("RYUK_RECONNECTION_TIMEOUT=200ms");
        String running = busybox("s1", true);
        String created = busybox("s1", false);
        String other = busybox("s2", true);
        String network = docker.createNetworkCmd().withName("reap-me").withLabels(Map.of(SESSION, "s1", "org.testcontainers", "true")).exec().getId();
        docker.createVolumeCmd().withName("reap-vol").withLabels(Map.of(SESSION, "s1", "org.testcontainers", "true")).exec();
        docker.createVolumeCmd().withName("keep-vol").withLabels(Map.of(SESSION, "s2")).exec();

        eventually(() -> logs(ryuk).contains("msg=Started address=[::]:8080"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", mappedPort(ryuk)), 5000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            // what Testcontainers' FilterRegistry writes: URL-encoded label filters, one line per registration
            out.write("label=org.testcontainers%3Dtrue&label=org.testcontainers.sessionId%3Ds1\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).isEqualTo("ACK");
            Thread.sleep(300);
            assertThat(containerExists(running)).as("nothing is reaped while a client is connected").isTrue();
        }
        eventually(() -> !containerExists(running) && !containerExists(created));
        assertThat(containerExists(other)).as("other sessions' containers stay").isTrue();
        assertThat(docker.listNetworksCmd().exec()).noneMatch(n -> n.getId().equals(network));
        eventually(() -> !containerExists(ryuk));
        List<String> volumes = docker.listVolumesCmd().exec().getVolumes().stream().map(v -> v.getName()).toList();
        assertThat(volumes).contains("keep-vol").doesNotContain("reap-vol");
        docker.removeContainerCmd(other).withForce(true).exec();
    }

    @Test
    void aReconnectingClientCancelsThePrune() throws Exception {
        String ryuk = ryuk("RYUK_RECONNECTION_TIMEOUT=2s");
        String running = busybox("s3", true);
        eventually(() -> logs(ryuk).contains("Started"));
        int port = mappedPort(ryuk);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("label=org.testcontainers.sessionId%3Ds3\n".getBytes(StandardCharsets.UTF_8));
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine()).isEqualTo("ACK");
        }
        eventually(() -> logs(ryuk).contains("client disconnected"));
        assertThat(logs(ryuk)).contains("msg=\"adding filter\" type=label values=\"[org.testcontainers.sessionId=s3]\"");
        try (Socket again = new Socket("127.0.0.1", port)) {
            Thread.sleep(2500);
            assertThat(containerExists(running)).as("a client came back within the reconnection timeout").isTrue();
        }
        eventually(() -> !containerExists(running));
    }

    private static String logs(String id) {
        try {
            StringBuilder sb = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame f) {
                            sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
            return sb.toString();
        } catch (Exception e) {
            return "";
        }
    }
}
