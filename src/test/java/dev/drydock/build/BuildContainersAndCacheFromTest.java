package dev.drydock.build;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic builder's intermediate containers as clients see them (events, {@code docker ps -a}), and
 * {@code cachefrom}: an image whose local parent chain is gone still serves as cache when listed.
 */
class BuildContainersAndCacheFromTest {
    private static final Pattern RUNNING_IN = Pattern.compile(" ---> Running in ([0-9a-f]{12})\n");
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1:" + drydock.port()).basePath("/v1.41");
    }

    private static Response build(byte[] context, Map<String, ?> query) {
        Response r = api().contentType("application/x-tar").body(context).queryParams(query).post("/build");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r;
    }

    private static List<JsonPath> lines(Response r) {
        List<JsonPath> out = new ArrayList<>();
        for (String l : r.asString().split("\n")) {
            if (!l.isBlank()) {
                out.add(JsonPath.from(l));
            }
        }
        return out;
    }

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (JsonPath j : lines(r)) {
            sb.append(j.getString("stream") == null ? "" : j.getString("stream"));
        }
        return sb.toString();
    }

    private static String builtId(Response r) {
        for (JsonPath j : lines(r)) {
            if (j.getString("aux.ID") != null) {
                return j.getString("aux.ID");
            }
        }
        throw new AssertionError("no aux ID in " + r.asString());
    }

    private static List<String> runningIn(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = RUNNING_IN.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** "action id-prefix image" for each container event between two instants (seconds). */
    private static List<String> containerEvents(long since, long until) {
        Response r = api().queryParam("since", since).queryParam("until", until)
                .queryParam("filters", "{\"type\":[\"container\"]}").get("/events");
        List<String> out = new ArrayList<>();
        for (JsonPath e : lines(r)) {
            out.add(e.getString("Action") + " " + e.getString("Actor.ID").substring(0, 12) + " "
                    + e.getString("Actor.Attributes.image")
                    + (e.getString("Actor.Attributes.exitCode") == null ? "" : " exit=" + e.getString("Actor.Attributes.exitCode")));
        }
        return out;
    }

    private static long nowSeconds() {
        return drydock.engine().config().clock().instant().getEpochSecond();
    }

    @Test
    void everyStepGetsAContainerWithTheEngineEventsAndRmDecidesWhetherItStays() {
        api().post("/images/create?fromImage=busybox&tag=latest").then().statusCode(200).extract().asString();
        String busybox = api().get("/images/busybox/json").jsonPath().getString("Id");
        long t0 = nowSeconds();
        Response r = build(ContextTar.of("FROM busybox\nENV A=b\nRUN echo hi\n").tar(), Map.of("nocache", "1"));
        String text = text(r);
        List<String> ids = runningIn(text);
        assertThat(ids).hasSize(2);
        assertThat(text).contains("Removing intermediate container " + ids.get(0) + "\n")
                .contains("hi\nRemoving intermediate container " + ids.get(1) + "\n");
        String envStep = api().get("/images/" + builtId(r) + "/json").jsonPath().getString("Parent");
        List<String> events = containerEvents(t0, nowSeconds() + 1);
        // As the daemon: the config-only step's container is created and removed; the RUN's is attached, started,
        // dies with its exit code and is removed, each on the image of the step before.
        assertThat(events).containsSubsequence(
                "create " + ids.get(0) + " " + busybox,
                "destroy " + ids.get(0) + " " + busybox,
                "create " + ids.get(1) + " " + envStep,
                "attach " + ids.get(1) + " " + envStep,
                "start " + ids.get(1) + " " + envStep,
                "die " + ids.get(1) + " " + envStep + " exit=0",
                "destroy " + ids.get(1) + " " + envStep);
        for (String id : ids) {
            api().get("/containers/" + id + "/json").then().statusCode(404);
        }

        Response kept = build(ContextTar.of("FROM busybox\nENV A=b\nRUN echo hi\n").tar(),
                Map.of("nocache", "1", "rm", "0"));
        List<String> keptIds = runningIn(text(kept));
        assertThat(text(kept)).doesNotContain("Removing intermediate container");
        JsonPath ps = api().queryParam("all", "1").get("/containers/json").jsonPath();
        for (String id : keptIds) {
            assertThat(ps.getList("Id", String.class)).anyMatch(i -> i.startsWith(id));
        }
        JsonPath run = api().get("/containers/" + keptIds.get(1) + "/json").jsonPath();
        assertThat(run.getString("State.Status")).isEqualTo("exited");
        assertThat(run.getList("Config.Cmd")).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(api().get("/containers/" + keptIds.get(0) + "/json").jsonPath().getString("State.Status"))
                .isEqualTo("created");
    }

    @Test
    void aFailedRunKeepsItsContainerUnlessForceRm() {
        byte[] ctx = ContextTar.of("FROM busybox\nRUN echo failing; exit 3\n").tar();
        Response failed = build(ctx, Map.of());
        String id = runningIn(text(failed)).get(0);
        assertThat(failed.asString()).contains("returned a non-zero code: 3");
        JsonPath c = api().get("/containers/" + id + "/json").jsonPath();
        assertThat(c.getInt("State.ExitCode")).isEqualTo(3);
        String forced = text(build(ctx, Map.of("forcerm", "1")));
        String forcedId = runningIn(forced).get(0);
        assertThat(forced).contains("failing\nRemoving intermediate container " + forcedId + "\n");
        api().get("/containers/" + forcedId + "/json").then().statusCode(404);
    }

    @Test
    void cacheFromReusesTheStepsOfAnImageWithoutItsLocalParents() {
        String df = "FROM busybox\nENV A=1\nRUN echo built > /b\nCOPY f /f\nCMD [\"cat\", \"/b\"]\n";
        byte[] ctx = ContextTar.of(df).file("f", "data\n").tar();
        String source = builtId(build(ctx, Map.of("t", "cf-src:1")));
        // As if it came from elsewhere: saved, removed with its parents, the step cache dropped, loaded again.
        byte[] saved = api().get("/images/cf-src:1/get").then().statusCode(200).extract().asByteArray();
        api().delete("/images/cf-src:1").then().statusCode(200);
        api().post("/build/prune?all=1").then().statusCode(200);
        api().contentType("application/x-tar").body(saved).post("/images/load").then().statusCode(200);
        assertThat(api().get("/images/cf-src:1/json").jsonPath().getString("Parent")).isEmpty();

        String plain = text(build(ctx, Map.of()));
        assertThat(plain).doesNotContain("Using cache").contains("Running in");

        Response cached = build(ctx, Map.of("cachefrom", "[\"cf-src:1\"]"));
        assertThat(count(text(cached), " ---> Using cache\n")).isEqualTo(4);
        assertThat(text(cached)).doesNotContain("Running in");
        assertThat(builtId(cached)).isEqualTo(source);
        assertThat(text(cached)).contains("Successfully built " + source.substring(7, 19));

        // A changed file: the steps before the COPY still come from the source, the rest run.
        byte[] changed = ContextTar.of(df).file("f", "other\n").tar();
        String partly = text(build(changed, Map.of("cachefrom", "[\"cf-src:1\"]")));
        assertThat(count(partly, " ---> Using cache\n")).isEqualTo(2);
        assertThat(partly).contains("Step 5/5 : CMD [\"cat\", \"/b\"]\n ---> Running in");

        // With cachefrom, only the listed images serve: the local steps built above do not.
        String none = text(build(ctx, Map.of("cachefrom", "[\"no-such-image:1\"]")));
        assertThat(none).doesNotContain("Using cache");
    }

    @Test
    void aKeptWorkdirContainerShowsTheDirectoryItCreatedInItsDiff() {
        api().post("/images/create?fromImage=busybox&tag=latest").then().statusCode(200).extract().asString();
        Response r = build(ContextTar.of("FROM busybox\nWORKDIR /app/work\n").tar(), Map.of("nocache", "1", "rm", "0"));
        String id = runningIn(text(r)).get(0);
        JsonPath changes = api().get("/containers/" + id + "/changes").jsonPath();
        // As dockerd 20.10 answers for the kept WORKDIR container: A /app, A /app/work.
        assertThat(changes.getList("Path", String.class)).containsExactly("/app", "/app/work");
        assertThat(changes.getList("Kind", Integer.class)).containsExactly(1, 1);
        JsonPath img = api().get("/images/" + builtId(r) + "/json").jsonPath();
        JsonPath base = api().get("/images/busybox/json").jsonPath();
        assertThat(img.getList("RootFS.Layers")).hasSize(base.getList("RootFS.Layers").size() + 1);
        assertThat(img.getString("Config.WorkingDir")).isEqualTo("/app/work");
    }

    @Test
    void cacheFromUsesTheLocalStepsAnImageDescendsFromAndNoOthers() {
        byte[] ctx = ContextTar.of("FROM busybox\nENV CHAIN=1\nRUN echo chain > /c\nLABEL l=v\n").tar();
        String built = builtId(build(ctx, Map.of("t", "cf-chain:1")));
        // The image still has its local parents: its chain serves every step through the step cache.
        Response viaChain = build(ctx, Map.of("cachefrom", "[\"cf-chain:1\"]"));
        assertThat(count(text(viaChain), " ---> Using cache\n")).isEqualTo(3);
        assertThat(builtId(viaChain)).isEqualTo(built);
        // An image that does not descend from those steps lends none of them, though the step cache has them.
        String unrelated = text(build(ctx, Map.of("cachefrom", "[\"busybox\"]")));
        assertThat(unrelated).doesNotContain("Using cache");
        // A longer Dockerfile with the same first steps: the chain serves those, the new step runs.
        byte[] longer = ContextTar.of("FROM busybox\nENV CHAIN=1\nRUN echo chain > /c\nLABEL l=other\n").tar();
        String partly = text(build(longer, Map.of("cachefrom", "[\"cf-chain:1\"]")));
        assertThat(count(partly, " ---> Using cache\n")).isEqualTo(2);
    }
}
