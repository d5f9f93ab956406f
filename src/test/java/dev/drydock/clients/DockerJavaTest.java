package dev.drydock.clients;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-java 3.7 with its httpclient5 transport against Drydock, over TCP and the Unix socket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerJavaTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start();
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static DockerClient client(String transport) {
        URI host = transport.equals("tcp") ? drydock.tcpUri() : drydock.unixUri().orElseThrow();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString()).withDockerTlsVerify(false).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        return DockerClientImpl.getInstance(config, http);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void pingVersionAndInfo(String transport) throws IOException {
        try (DockerClient docker = client(transport)) {
            docker.pingCmd().exec();
            Version v = docker.versionCmd().exec();
            assertThat(v.getVersion()).isEqualTo(DrydockConfig.DEFAULT_ENGINE_VERSION);
            assertThat(v.getApiVersion()).isEqualTo("1.55");
            assertThat(v.getOperatingSystem()).isEqualTo("linux");
            Info info = docker.infoCmd().exec();
            assertThat(info.getServerVersion()).isEqualTo(DrydockConfig.DEFAULT_ENGINE_VERSION);
            assertThat(info.getContainers()).isZero();
            assertThat(info.getOsType()).isEqualTo("linux");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void eventsSinceUntil(String transport) throws Exception {
        var bus = drydock.engine().events();
        var first = bus.publish("container", "create", "dj-" + transport, Map.of("name", "java-" + transport, "image", "busybox"));
        bus.publish("volume", "create", "vol-" + transport, Map.of("driver", "local"));
        var last = bus.publish("container", "die", "dj-" + transport, Map.of("name", "java-" + transport, "exitCode", "0"));
        List<Event> seen = new CopyOnWriteArrayList<>();
        try (DockerClient docker = client(transport)) {
            boolean completed = docker.eventsCmd()
                    .withSince(stamp(first.timeNano()))
                    .withUntil(stamp(last.timeNano()))
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            seen.add(event);
                        }
                    })
                    .awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(completed).as("the stream ends at until").isTrue();
        }
        assertThat(seen).extracting(e -> e.getType().getValue() + "/" + e.getAction() + "/" + e.getActor().getId())
                .containsExactly("container/create/dj-" + transport, "volume/create/vol-" + transport,
                        "container/die/dj-" + transport);
        assertThat(seen.get(2).getActor().getAttributes()).containsEntry("exitCode", "0");
        assertThat(seen.get(0).getTimeNano()).isEqualTo(first.timeNano());
    }

    private static String stamp(long nanos) {
        return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
