package dev.drydock.containers;

import dev.drydock.Drydock;
import dev.drydock.api.Json;
import dev.drydock.engine.Filters;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerQuery;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.engine.containers.ContainerViews;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.drydock.containers.ContainerTestSupport.api;
import static dev.drydock.containers.ContainerTestSupport.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /containers/json} answers from each container's cached rendering: its bytes must stay exactly the
 * summary maps' serialization, for every API version and with size, and follow every change of a container.
 */
class ContainerListRenderingTest {
    /** Starting with the version the previous check ended with, so a change meets the entries cached before it. */
    private static final String[] VERSIONS = {"", "/v1.41", "/v1.44", "/v1.48", "/v1.52", ""};

    private MutableClock clock;
    private Drydock d;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-28T19:27:26.192830772Z"));
        d = ContainerTestSupport.start(clock);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    /** The list as the summary maps render it, straight through the HTTP layer's mapper. */
    private byte[] expected(boolean size, String apiVersion) {
        Instant now = d.engine().containers().now();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Container c : ContainerQuery.select(d.engine().containers(), true, -1, Filters.empty())) {
            out.add(ContainerViews.summary(c, size, now, d.engine().networks(), apiVersion));
        }
        return Json.line(out);
    }

    private void assertListsAsMapsRender() {
        for (String prefix : VERSIONS) {
            String version = prefix.isEmpty() ? null : prefix.substring(2);
            for (int size = 0; size <= 1; size++) {
                // Twice: the first may render, the second answers from the cache.
                for (int round = 0; round < 2; round++) {
                    byte[] body = api(d).queryParam("all", 1).queryParam("size", size)
                            .get(prefix + "/containers/json").then().statusCode(200)
                            .contentType("application/json").extract().asByteArray();
                    assertThat(new String(body, StandardCharsets.UTF_8)).as("%s size=%d round %d", prefix, size, round)
                            .isEqualTo(new String(expected(size == 1, version), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void listIsTheSummaryByteForByteThroughEveryChange() {
        api(d).body("{\"Name\":\"backend\"}").post("/networks/create").then().statusCode(201);
        create(d, "plain", "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"a b\"],\"Labels\":{\"k\":\"v\\\"q\"}}");
        create(d, "web", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}},"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]},"
                + "\"Binds\":[\"data:/data\"]}}");
        create(d, "onnet", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],\"HostConfig\":{\"NetworkMode\":\"backend\"},"
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"backend\":{\"Aliases\":[\"db\"]}}}}");
        assertListsAsMapsRender();

        // Seeding (a test's state control) moves a created container's creation time back.
        d.engine().containers().seed("plain", ContainerStatus.CREATED, 0, Instant.parse("2026-11-01T08:00:00Z"),
                null, null);
        assertListsAsMapsRender();

        api(d).post("/containers/web/start").then().statusCode(204);
        api(d).post("/containers/onnet/start").then().statusCode(204);
        clock.advance(Duration.ofSeconds(75));
        assertListsAsMapsRender();

        api(d).queryParam("name", "renamed").post("/containers/plain/rename").then().statusCode(204);
        api(d).post("/containers/web/pause").then().statusCode(204);
        api(d).body("{\"Container\":\"onnet\"}").post("/networks/bridge/connect").then().statusCode(200);
        clock.advance(Duration.ofHours(3));
        assertListsAsMapsRender();

        api(d).post("/containers/web/unpause").then().statusCode(204);
        api(d).queryParam("t", 0).post("/containers/web/stop").then().statusCode(204);
        api(d).body("{\"Container\":\"onnet\"}").post("/networks/backend/disconnect").then().statusCode(200);
        api(d).body("{\"RestartPolicy\":{\"Name\":\"always\"}}").post("/containers/renamed/update")
                .then().statusCode(200);
        assertListsAsMapsRender();

        api(d).queryParam("force", 1).delete("/containers/onnet").then().statusCode(204);
        clock.advance(Duration.ofDays(20));
        assertListsAsMapsRender();
    }
}
