package dev.drydock.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.DockerClient;

/**
 * Testcontainers 2.0.x against Drydock with no configuration beyond {@code drydock.enabled=true} in the test
 * classpath's testcontainers.properties: Ryuk on, no TESTCONTAINERS_HOST_OVERRIDE, /.dockerenv or not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestcontainersTest {
    private static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");

    @BeforeAll
    static void drydockIsTheDockerTestcontainersUses() {
        DockerClient client = DockerClientFactory.instance().client();
        assertThat(DockerClientFactory.instance().getTransportConfig().getDockerHost())
                .isEqualTo(EmbeddedDaemon.tcpUri());
        assertThat(client.versionCmd().exec().getVersion()).isEqualTo(dev.drydock.DrydockConfig.DEFAULT_ENGINE_VERSION);
        assertThat(DockerClientFactory.instance().dockerHostIpAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void genericContainerWithALogWaitAndItsLogs() {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "echo booting; echo 'ready to serve'; echo oops >&2; sleep 1000")
                .waitingFor(Wait.forLogMessage(".*ready to serve.*\\n", 1))) {
            c.start();
            assertThat(c.isRunning()).isTrue();
            assertThat(c.getLogs()).contains("booting\n", "ready to serve\n", "oops\n");
            assertThat(c.getLogs(org.testcontainers.containers.output.OutputFrame.OutputType.STDERR))
                    .isEqualTo("oops\n");
            assertThat(c.getContainerInfo().getConfig().getLabels())
                    .containsEntry("org.testcontainers.sessionId", DockerClientFactory.SESSION_ID);
        }
    }

    @Test
    void execInContainerGivesStdoutStderrAndExitCode() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX).withCommand("sleep", "1000")) {
            c.start();
            Container.ExecResult ok = c.execInContainer("echo", "hello", "exec");
            assertThat(ok.getExitCode()).isZero();
            assertThat(ok.getStdout()).isEqualTo("hello exec\n");
            assertThat(ok.getStderr()).isEmpty();
            Container.ExecResult mixed = c.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
            assertThat(mixed.getExitCode()).isEqualTo(3);
            assertThat(mixed.getStdout()).isEqualTo("out\n");
            assertThat(mixed.getStderr()).isEqualTo("err\n");
            Container.ExecResult missing = c.execInContainer("no-such-command");
            // as dockerd: the OCI error on the stdout stream, exit code 126
            assertThat(missing.getExitCode()).isEqualTo(126);
            assertThat(missing.getStdout()).contains("executable file not found in $PATH");
        }
    }

    @Test
    void defaultWaitStrategyChecksTheListeningPortFromInsideAndOutside() throws Exception {
        // no waitingFor: Testcontainers' HostPortWaitStrategy execs a /proc/net/tcp probe and dials the mapped port
        try (GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
                .withExposedPorts(6379)) {
            redis.start();
            try (java.net.Socket s = new java.net.Socket(redis.getHost(), redis.getMappedPort(6379))) {
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[7];
                assertThat(s.getInputStream().readNBytes(buf, 0, 7)).isEqualTo(7);
                assertThat(new String(buf, StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
            }
        }
    }

    @Test
    void copyFilesIntoAndOutOfAContainer(@TempDir Path tmp) throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX).withCommand("sleep", "1000")
                .withCopyToContainer(Transferable.of("at create\n"), "/opt/created.txt")) {
            c.start();
            c.copyFileToContainer(Transferable.of("hello from the test\n"), "/tmp/greeting.txt");
            String back = c.copyFileFromContainer("/tmp/greeting.txt",
                    (InputStream in) -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(back).isEqualTo("hello from the test\n");
            Path local = tmp.resolve("created.txt");
            c.copyFileFromContainer("/opt/created.txt", local.toString());
            assertThat(Files.readString(local)).isEqualTo("at create\n");
        }
    }

    @Test
    void fileSystemBindAndTmpFs(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("input.txt"), "from the host\n");
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withFileSystemBind(tmp.toString(), "/data", BindMode.READ_WRITE)
                .withTmpFs(Map.of("/scratch", "rw"))
                .withCommand("sh", "-c", "cat /data/input.txt; echo written > /data/output.txt; "
                        + "echo tmp > /scratch/f && cat /scratch/f; echo finished")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            c.start();
            String logs = c.getLogs();
            assertThat(logs).contains("from the host\n", "tmp\n", "finished\n");
            assertThat(c.getContainerInfo().getHostConfig().getTmpFs()).containsEntry("/scratch", "rw");
            assertThat(Files.readString(tmp.resolve("output.txt"))).isEqualTo("written\n");
        }
    }

    @Test
    void networkAliasesResolveBetweenContainers() {
        try (Network net = Network.newNetwork();
             GenericContainer<?> server = new GenericContainer<>(BUSYBOX).withCommand("sleep", "1000")
                     .withNetwork(net).withNetworkAliases("backend");
             GenericContainer<?> client = new GenericContainer<>(BUSYBOX).withNetwork(net)
                     .withCommand("sh", "-c", "ping -c 1 backend && nslookup backend; echo done")
                     .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            server.start();
            client.start();
            String ip = server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                    .getIpAddress();
            assertThat(client.getLogs()).contains("PING backend (" + ip + ")", "1 packets received", "done");
        }
    }

    @Test
    void mappedHttpPortOfNginx() throws Exception {
        try (GenericContainer<?> nginx = new GenericContainer<>(DockerImageName.parse("nginx:alpine"))
                .withExposedPorts(80).waitingFor(Wait.forHttp("/"))) {
            nginx.start();
            assertThat(nginx.getHost()).isEqualTo("127.0.0.1");
            URI uri = URI.create("http://" + nginx.getHost() + ":" + nginx.getMappedPort(80) + "/");
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Welcome to nginx!");
        }
    }

    @Test
    void imageFromDockerfile() {
        ImageFromDockerfile image = new ImageFromDockerfile("drydock-tc/built", true)
                .withFileFromString("hello.txt", "built by the classic builder\n")
                .withFileFromString("Dockerfile", "FROM busybox\nCOPY hello.txt /hello.txt\nCMD [\"cat\", \"/hello.txt\"]\n");
        try (GenericContainer<?> c = new GenericContainer<>(image)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.getLogs()).isEqualTo("built by the classic builder\n");
        }
    }

    @Test
    void ryukIsRunningWithThisSessionsFilter() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        List<com.github.dockerjava.api.model.Container> ryuk = client.listContainersCmd()
                .withNameFilter(List.of("testcontainers-ryuk-" + DockerClientFactory.SESSION_ID)).exec();
        assertThat(ryuk).hasSize(1);
        assertThat(ryuk.get(0).getImage()).isEqualTo("testcontainers/ryuk:0.14.0");
        assertThat(ryuk.get(0).getState()).isEqualTo("running");
        assertThat(logs(client, ryuk.get(0).getId()))
                .contains("msg=Started address=[::]:8080", "msg=\"client connected\"")
                .contains("org.testcontainers.sessionId=" + DockerClientFactory.SESSION_ID);
    }

    static String logs(DockerClient client, String id) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame f) {
                        synchronized (sb) {
                            sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                }).awaitCompletion(10, TimeUnit.SECONDS);
        synchronized (sb) {
            return sb.toString();
        }
    }
}
