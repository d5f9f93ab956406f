package dev.drydock.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import dev.drydock.Drydock;

/**
 * Ryuk doing its real job: a Testcontainers JVM (pointed at Drydock through plain DOCKER_HOST) starts a container
 * and a network and dies without stopping them; once its Ryuk connection is gone for Ryuk's reconnection timeout
 * (10 s, Testcontainers does not change it), Ryuk removes them and itself.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RyukReapsAbandonedSessionTest {
    private static Drydock drydock;
    private static DockerClient docker;

    @BeforeAll
    static void start() {
        drydock = Drydock.start();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(drydock.tcpUri().toString()).withDockerTlsVerify(false).build();
        docker = DockerClientImpl.getInstance(config,
                new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @AfterAll
    static void stop() throws Exception {
        docker.close();
        drydock.close();
    }

    @Test
    void ryukRemovesWhatADeadSessionLeftBehind() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AbandonedSession.class.getName()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TESTCONTAINERS_") || k.startsWith("DOCKER_"));
        env.put("DOCKER_HOST", drydock.tcpUri().toString());
        // Ryuk's container gets the daemon's socket mounted, as with a real Docker
        env.put("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE", drydock.unixUri().map(URI::getPath).orElseThrow());
        Process child = pb.start();
        Map<String, String> ids = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                String[] kv = line.split(" ", 2);
                if (kv.length == 2 && List.of("SESSION", "CONTAINER", "NETWORK").contains(kv[0])) {
                    ids.put(kv[0], kv[1]);
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ids).as("child output:\n%s", output).containsKeys("SESSION", "CONTAINER", "NETWORK");
        String ryukName = "testcontainers-ryuk-" + ids.get("SESSION");
        assertThat(containerNames()).as("left behind by the dead session").contains("/" + ryukName);
        assertThat(containerIds()).contains(ids.get("CONTAINER"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (containerIds().contains(ids.get("CONTAINER")) || containerNames().contains("/" + ryukName)) {
            assertThat(System.nanoTime()).as("Ryuk did not reap within 40 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(docker.listNetworksCmd().exec()).noneMatch(n -> n.getId().equals(ids.get("NETWORK")));
    }

    private static List<String> containerIds() {
        return docker.listContainersCmd().withShowAll(true).exec().stream().map(c -> c.getId()).toList();
    }

    private static List<String> containerNames() {
        return docker.listContainersCmd().withShowAll(true).exec().stream().flatMap(c -> List.of(c.getNames()).stream())
                .toList();
    }
}
