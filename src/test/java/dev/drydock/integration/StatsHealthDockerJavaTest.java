package dev.drydock.integration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-java reads stats (one-shot and streamed) and State.Health as Drydock sends them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsHealthDockerJavaTest {
    static Drydock d;
    static DockerClient client;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("tcp://127.0.0.1:" + d.port()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        client = DockerClientImpl.getInstance(config, http);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (d != null) {
            d.close();
        }
    }

    @Test
    void statsArriveAsStatisticsObjects() throws Exception {
        String id = client.createContainerCmd("busybox").withName("dj-stats").withCmd("sleep", "1000").exec().getId();
        client.startContainerCmd(id).exec();
        List<Statistics> got = new CopyOnWriteArrayList<>();
        try (var cb = client.statsCmd(id).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                got.add(s);
            }
        })) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(got).hasSizeGreaterThanOrEqualTo(2);
        Statistics s = got.get(1);
        assertThat(s.getCpuStats().getCpuUsage().getTotalUsage()).isPositive();
        assertThat(s.getPreCpuStats().getSystemCpuUsage()).isPositive();
        assertThat(s.getMemoryStats().getUsage()).isPositive();
        assertThat(s.getMemoryStats().getLimit()).isPositive();
        assertThat(s.getNetworks()).containsKey("eth0");
        assertThat(s.getPidsStats().getCurrent()).isPositive();
        client.removeContainerCmd(id).withForce(true).exec();
    }

    @Test
    void healthShowsInInspect() throws Exception {
        String id = client.createContainerCmd("busybox").withName("dj-health").withCmd("sleep", "1000")
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "echo fine"))
                        .withInterval(100_000_000L).withRetries(2))
                .exec().getId();
        client.startContainerCmd(id).exec();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        HealthState h = client.inspectContainerCmd(id).exec().getState().getHealth();
        while (!"healthy".equals(h.getStatus()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = client.inspectContainerCmd(id).exec().getState().getHealth();
        }
        assertThat(h.getStatus()).isEqualTo("healthy");
        assertThat(h.getFailingStreak()).isZero();
        assertThat(h.getLog()).isNotEmpty();
        assertThat(h.getLog().get(0).getExitCodeLong()).isZero();
        assertThat(h.getLog().get(0).getOutput()).isEqualTo("fine\n");
        client.removeContainerCmd(id).withForce(true).exec();
    }
}
