package dev.drydock.build;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image IDs of a build under a fixed clock are a function of the Dockerfile and context: every time in a layer
 * (files RUN, WORKDIR and COPY write) and in the config comes from the engine's clock.
 */
class BuildDeterminismTest {
    private static final byte[] CONTEXT = ContextTar.of("""
            FROM busybox
            ENV MODE=test
            WORKDIR /app/work
            COPY data/ ./data/
            RUN echo built > /app/work/out && mkdir -p /var/cache/x && echo y > /var/cache/x/f
            CMD ["cat", "/app/work/out"]
            """).file("data/one.txt", "1\n").file("data/two.txt", "2\n").tar();

    private static String buildOn(DrydockConfig config) {
        try (Drydock d = Drydock.start(config)) {
            Response r = RestAssured.given().baseUri("http://127.0.0.1:" + d.port()).contentType("application/x-tar")
                    .body(CONTEXT).post("/v1.41/build?rm=1");
            assertThat(r.statusCode()).isEqualTo(200);
            for (String line : r.asString().split("\n")) {
                String id = line.isBlank() ? null : JsonPath.from(line).getString("aux.ID");
                if (id != null) {
                    return id;
                }
            }
            throw new AssertionError("no image built: " + r.asString());
        }
    }

    private static DrydockConfig fixedAt(Instant t) {
        return DrydockConfig.builder().host("tcp://127.0.0.1:0").fixedClock(t).build();
    }

    @Test
    void twoServersWithTheSameFixedClockBuildTheSameImageId() {
        Instant t = Instant.parse("2024-05-06T07:08:09Z");
        String first = buildOn(fixedAt(t));
        String second = buildOn(fixedAt(t));
        assertThat(second).isEqualTo(first);
        // The clock is part of what the ID depends on (as the created times are on a daemon).
        assertThat(buildOn(fixedAt(t.plusSeconds(1)))).isNotEqualTo(first);
    }
}
