package dev.drydock.engine.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.engine.containers.ContainerHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing Config.Healthcheck with Docker's defaults, and judging probe results as dockerd's monitor does. */
class HealthCheckTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static HealthCheck parse(String healthcheck) throws Exception {
        return HealthCheck.of(MAPPER.readTree("{\"Healthcheck\":" + healthcheck + "}"));
    }

    @Test
    void testFormsBecomeArgv() throws Exception {
        assertThat(parse("{\"Test\":[\"CMD\",\"curl\",\"-f\",\"http://x\"]}").argv())
                .containsExactly("curl", "-f", "http://x");
        assertThat(parse("{\"Test\":[\"CMD-SHELL\",\"echo ok || exit 1\"]}").argv())
                .containsExactly("/bin/sh", "-c", "echo ok || exit 1");
        assertThat(parse("{\"Test\":[\"NONE\"]}")).isNull();
        assertThat(parse("{\"Test\":[]}")).isNull();
        assertThat(parse("{\"Interval\":5}")).isNull();
        assertThat(HealthCheck.of(MAPPER.readTree("{}"))).isNull();
    }

    @Test
    void zerosMeanDockersDefaults() throws Exception {
        HealthCheck d = parse("{\"Test\":[\"CMD\",\"true\"],\"Interval\":0,\"Retries\":0}");
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.startPeriod()).isEqualTo(Duration.ZERO);
        assertThat(d.retries()).isEqualTo(3);
        HealthCheck c = parse("{\"Test\":[\"CMD\",\"true\"],\"Interval\":100000000,\"Timeout\":2000000000,"
                + "\"StartPeriod\":5000000000,\"Retries\":7}");
        assertThat(List.of(c.interval(), c.timeout(), c.startPeriod())).containsExactly(Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(c.retries()).isEqualTo(7);
    }

    @Test
    void timeoutsPrintAsGoDurations() {
        assertThat(HealthCheck.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HealthCheck.goDuration(Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(HealthCheck.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(HealthCheck.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(HealthCheck.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    }

    @Test
    void probesAreJudgedAsDockerdDoes() {
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        ContainerHealth h = new ContainerHealth();
        Duration grace = Duration.ofSeconds(10);
        // Inside the start period a failure is logged but not counted.
        assertThat(h.record(probe(started.plusSeconds(1), 1), started, grace, 2)).isNull();
        assertThat(h.failingStreak()).isZero();
        assertThat(h.status()).isEqualTo("starting");
        assertThat(h.record(probe(started.plusSeconds(11), 1), started, grace, 2)).isNull();
        assertThat(h.failingStreak()).isEqualTo(1);
        assertThat(h.record(probe(started.plusSeconds(12), 1), started, grace, 2)).isEqualTo("unhealthy");
        assertThat(h.record(probe(started.plusSeconds(13), 1), started, grace, 2)).isNull();
        assertThat(h.record(probe(started.plusSeconds(14), 0), started, grace, 2)).isEqualTo("healthy");
        assertThat(h.failingStreak()).isZero();
        assertThat(h.record(probe(started.plusSeconds(15), 2), started, grace, 2)).isNull();
        assertThat(h.summary()).isEqualTo("healthy");
        assertThat(h.log()).hasSize(5);
        assertThat(h.log().get(4).exitCode()).isEqualTo(2);
        h.starting();
        assertThat(h.summary()).isEqualTo("health: starting");
        assertThat(h.failingStreak()).isZero();
        assertThat(h.log()).hasSize(5);
    }

    private static ContainerHealth.Probe probe(Instant start, int code) {
        return new ContainerHealth.Probe(start, start.plusMillis(5), code, "");
    }
}
