package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.StatusText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seeding from Java, deterministic IDs and names, and reset back to the start seed. */
class SeedJavaTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static String status(Drydock d, String name) {
        Container c = d.engine().containers().get(name);
        return StatusText.of(c, d.clock().instant());
    }

    @Test
    void javaDslSeedsStateAndTheClockMovesTheStatusText() {
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").fixedClock(T0).build())) {
            Map<String, Object> made = d.seed(Seed.create()
                    .image(Seed.imageDef("acme/tool:2").from("busybox").file("/etc/tool.conf", "level=3\n")
                            .env("TOOL_MODE=test").label("team", "qa").cmd("cat", "/etc/tool.conf"))
                    .network("backend")
                    .volume(Seed.volumeDef("data").file("/hello.txt", "hi\n").label("kind", "seed"))
                    .container(Seed.containerDef("web").image("busybox").cmd("sleep", "infinity").network("backend")
                            .binds("data:/data").running().startedAgo(Duration.ofMinutes(3)))
                    .container(Seed.containerDef("batch").image("acme/tool:2").exited(0)
                            .finishedAgo(Duration.ofDays(3))));
            assertThat(made).containsKeys("images", "networks", "volumes", "containers");

            assertThat(status(d, "web")).isEqualTo("Up 3 minutes");
            assertThat(status(d, "batch")).isEqualTo("Exited (0) 3 days ago");
            d.clock().advance(Duration.ofHours(2));
            assertThat(status(d, "web")).isEqualTo("Up 2 hours");
            assertThat(d.engine().containers().get("web").config().path("Env").toString()).contains("PATH=");
            assertThat(d.engine().containers().get("batch").config().path("Env").toString()).contains("TOOL_MODE=test");
            assertThat(d.engine().containers().get("batch").labels()).containsEntry("team", "qa");
            assertThat(d.engine().volumes().list(dev.drydock.engine.Filters.empty()).volumes())
                    .anySatisfy(v -> assertThat(v.name()).isEqualTo("data"));

            // A plain reset forgets what a test seeded (only start seeds come back) and rewinds the clock.
            d.reset();
            assertThat(d.engine().containers().all()).isEmpty();
            assertThat(d.clock().instant()).isEqualTo(T0);
        }
    }

    @Test
    void aFailingSeedLeavesNothingBehind() {
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            Seed seed = Seed.create().image("busybox").network("n1").volume("v1")
                    .container(Seed.containerDef("first").image("busybox"))
                    .container(Seed.containerDef("second").image("busybox").binds("/not/absolute/../x:relative"));
            assertThatThrownBy(() -> d.seed(seed)).isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("field \"containers[1]\": ");
            assertThat(d.engine().containers().all()).isEmpty();
            assertThat(d.engine().images().all()).isEmpty();
            assertThat(d.engine().networks().all()).noneSatisfy(n -> assertThat(n.name()).isEqualTo("n1"));
            assertThat(d.engine().volumes().list(dev.drydock.engine.Filters.empty()).volumes()).isEmpty();
            assertThatThrownBy(() -> d.seed(Seed.fromJson("{\"containers\": [{\"name\": \"xy\"}]}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("field \"containers[0].image\": is required");
        }
    }

    @Test
    void seededIdsAndGeneratedNamesAreTheSameOnEveryRunAndAfterEveryReset() {
        DrydockConfig config = DrydockConfig.builder().host("tcp://127.0.0.1:0").idSeed(42).fixedClock(T0)
                .seed(Seed.create().container(Seed.containerDef(null).image("busybox"))
                        .container(Seed.containerDef("named").image("busybox").exited(1)))
                .build();
        List<String> first;
        try (Drydock a = Drydock.start(config)) {
            first = snapshot(a);
            a.engine().containers().create(null, "", dev.drydock.api.Json.MAPPER.createObjectNode().put("Image", "busybox"));
            List<String> withExtra = snapshot(a);
            assertThat(withExtra).hasSize(3);
            a.reset();
            assertThat(snapshot(a)).isEqualTo(first);
            // The next generated container after a reset gets the same ID and name as the first time.
            a.engine().containers().create(null, "", dev.drydock.api.Json.MAPPER.createObjectNode().put("Image", "busybox"));
            assertThat(snapshot(a)).isEqualTo(withExtra);
        }
        try (Drydock b = Drydock.start(config)) {
            assertThat(snapshot(b)).isEqualTo(first);
        }
        assertThat(first).anySatisfy(c -> assertThat(c).matches("[a-z]+_[a-z]+ [0-9a-f]{64} created .*"));
    }

    private static List<String> snapshot(Drydock d) {
        return d.engine().containers().all().stream()
                .map(c -> c.name().substring(1) + " " + c.id() + " " + c.status().wire() + " " + c.created())
                .sorted().toList();
    }

}
