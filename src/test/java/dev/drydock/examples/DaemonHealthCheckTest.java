package dev.drydock.examples;

import com.github.dockerjava.api.DockerClient;
import dev.drydock.Drydock;
import dev.drydock.admin.Fault;
import dev.drydock.junit.DrydockTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.drydock.admin.DrydockDsl.containing;
import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Testing code that drives docker-java: inject faults to reach its retry paths, then verify the calls it made.
 * {@code @DrydockTest} gives the class its own server (reset before each test) and injects a ready DockerClient.
 */
@DrydockTest
class DaemonHealthCheckTest {

    @Test
    void retriesUntilTheDaemonAnswers(DockerClient docker, Drydock drydock) throws Exception {
        // The first two pings fail, the third succeeds: one rule.
        drydock.faults().add(Fault.on("GET", "/_ping").respond(500, "daemon is starting").times(2));

        int attempts = new DaemonHealthCheck(docker, Duration.ofMillis(1)).awaitReady(5);

        assertThat(attempts).isEqualTo(3);
        drydock.verify(exactly(3), getRequestedFor(urlPathEqualTo("/_ping")));
    }

    @Test
    void givesUpAfterTheLastAttempt(DockerClient docker, Drydock drydock) {
        // 500, not 503: docker-java's httpclient5 transport itself retries a 503 (and a closed connection) once,
        // which the journal would show as twice the pings.
        drydock.faults().add(Fault.on("GET", "/_ping").respond(500, "maintenance"));

        assertThatThrownBy(() -> new DaemonHealthCheck(docker, Duration.ZERO).awaitReady(4))
                .hasMessage("daemon not ready after 4 pings");
        drydock.verify(exactly(4), getRequestedFor(urlPathEqualTo("/_ping")));
    }

    @Test
    void describesTheDaemon(DockerClient docker, Drydock drydock) {
        assertThat(new DaemonHealthCheck(docker, Duration.ZERO).describe())
                .matches("Docker [0-9.]+ \\(API 1\\.[0-9]+, linux/.+\\)");
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/version")));
    }

    @Test
    void listsContainerEventsAskingForThemByFilter(DockerClient docker, Drydock drydock) throws Exception {
        Instant start = Instant.now().minusSeconds(5);
        drydock.engine().events().publish("container", "start", "c1", Map.of("name", "web"));
        drydock.engine().events().publish("network", "create", "n1", Map.of("name", "net"));
        drydock.engine().events().publish("container", "die", "c1", Map.of("name", "web"));

        var events = new DaemonHealthCheck(docker, Duration.ZERO).containerEvents(start, Instant.now().plusSeconds(1));

        assertThat(events).containsExactly("start web", "die web");
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/events"))
                .withQueryParam("filters", containing("\"container\"")));
    }

    @Test
    void aSlowDaemonIsStillWaitedFor(DockerClient docker, Drydock drydock) throws Exception {
        drydock.faults().add(Fault.on("GET", "/_ping").delay(Duration.ofMillis(200)).once());

        assertThat(new DaemonHealthCheck(docker, Duration.ZERO).awaitReady(1)).isEqualTo(1);
        assertThat(drydock.findAll(getRequestedFor(urlPathEqualTo("/_ping"))).get(0).durationNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }
}
