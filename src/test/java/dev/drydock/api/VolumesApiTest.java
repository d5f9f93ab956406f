package dev.drydock.api;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Event;
import dev.drydock.engine.volumes.Volume;
import dev.drydock.engine.volumes.VolumeService;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The volume API through HTTP, against the daemon's shapes and texts (golden files and the reference dockerd). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VolumesApiTest {
    private static final Instant NOW = Instant.parse("2026-11-28T19:27:26.123456Z");
    private Drydock drydock;

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).idSeed(7).build());
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(drydock.port()).contentType("application/json");
    }

    private Response create(String body) {
        return api().body(body).post("/v1.55/volumes/create");
    }

    @Test
    void createReturnsTheVolumeExactlyAsTheDaemonShowsIt() {
        Response r = create("{\"Name\":\"gvol2\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.asString()).isEqualTo("{\"CreatedAt\":\"2026-11-28T19:27:26Z\",\"Driver\":\"local\",\"Labels\":null,"
                + "\"Mountpoint\":\"/var/lib/docker/volumes/gvol2/_data\",\"Name\":\"gvol2\",\"Options\":null,"
                + "\"Scope\":\"local\"}\n");
    }

    @Test
    void creatingAnExistingNameReturnsItUnchanged() {
        create("{\"Name\":\"keep\",\"Labels\":{\"a\":\"b\"},\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\"}}")
                .then().statusCode(201);
        Response again = create("{\"Name\":\"keep\",\"Labels\":{\"c\":\"d\"},\"Driver\":\"local\"}");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getMap("Labels")).isEqualTo(Map.of("a", "b"));
        assertThat(again.jsonPath().getMap("Options")).isEqualTo(Map.of("device", "tmpfs", "type", "tmpfs"));
        long creates = drydock.engine().events().history().stream()
                .filter(e -> e.type().equals("volume") && e.action().equals("create")).count();
        assertThat(creates).isEqualTo(1);
    }

    @Test
    void aVolumeWithoutANameIsAnonymousWithAGeneratedName() {
        Response r = create("{}");
        assertThat(r.statusCode()).isEqualTo(201);
        String name = r.jsonPath().getString("Name");
        assertThat(name).matches("[0-9a-f]{64}");
        assertThat(r.jsonPath().getMap("Labels")).isEqualTo(Map.of(Volume.ANONYMOUS_LABEL, ""));
        assertThat(r.jsonPath().getString("Mountpoint")).isEqualTo("/var/lib/docker/volumes/" + name + "/_data");
        // An empty body is an empty request, as on a current daemon.
        assertThat(api().post("/volumes/create").then().statusCode(201).extract().jsonPath().getString("Name"))
                .matches("[0-9a-f]{64}").isNotEqualTo(name);
    }

    @Test
    void badInputGetsTheDaemonsErrorsAndCreatesNothing() {
        assertError(create("{\"Name\":\"a\"}"), 400,
                "create a: volume name is too short, names should be at least two alphanumeric characters");
        assertError(create("{\"Name\":\"-bad\"}"), 400, "create -bad: \"-bad\" includes invalid characters for a local"
                + " volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
                + " directory, use absolute path");
        assertError(create("{\"Name\":\"has/slash\"}"), 400, "create has/slash: \"has/slash\" includes invalid"
                + " characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you"
                + " intended to pass a host directory, use absolute path");
        assertError(create("{\"Name\":\"vh2\",\"Driver\":\"foo\"}"), 404,
                "create vh2: error looking up volume plugin foo: plugin \"foo\" not found");
        assertError(create("{\"Name\":\"vh3\",\"DriverOpts\":{\"foo\":\"bar\"}}"), 400,
                "create vh3: invalid option: \"foo\"");
        assertError(create("{\"Name\":\"vh4\",\"DriverOpts\":{\"o\":\"bind\"}}"), 400,
                "create vh4: missing required option: \"device\"");
        assertError(create("{\"Name\":\"vh4\",\"DriverOpts\":{\"device\":\"/tmp\"}}"), 400,
                "create vh4: missing required option: \"type\"");
        assertError(create("{\"Name\":5}"), 400,
                "json: cannot unmarshal number into Go struct field CreateOptions.Name of type string");
        assertThat(api().get("/volumes").jsonPath().getList("Volumes")).isEmpty();
    }

    @Test
    void inspectAndRemoveAnswerForUnknownVolumesAsTheDaemonDoes() {
        assertError(api().get("/volumes/nonexistent"), 404, "get nonexistent: no such volume");
        assertError(api().delete("/volumes/nope"), 404, "get nope: no such volume");
        api().queryParam("force", "1").delete("/volumes/nope").then().statusCode(204);
    }

    @Test
    void inspectShowsLabelsOptionsAndTheClocksCreationTime() {
        create("{\"Name\":\"gvol\",\"Labels\":{\"purpose\":\"golden\"}}").then().statusCode(201);
        Response r = api().get("/v1.41/volumes/gvol");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("{\"CreatedAt\":\"2026-11-28T19:27:26Z\",\"Driver\":\"local\","
                + "\"Labels\":{\"purpose\":\"golden\"},\"Mountpoint\":\"/var/lib/docker/volumes/gvol/_data\","
                + "\"Name\":\"gvol\",\"Options\":null,\"Scope\":\"local\"}\n");
        Response list = api().get("/volumes");
        assertThat(list.asString()).isEqualTo("{\"Volumes\":[" + r.asString().trim() + "],\"Warnings\":null}\n");
    }

    @Test
    void listFiltersByNameDriverLabelAndDangling() {
        create("{\"Name\":\"vh1\",\"Labels\":{\"a\":\"b\"}}");
        create("{\"Name\":\"other\",\"Labels\":{\"a\":\"c\",\"x\":\"\"}}");
        create("{\"Name\":\"used\"}");
        drydock.engine().volumes().mount("used", "c0ffee");
        assertThat(names("{\"name\":[\"h1\"]}")).containsExactly("vh1");
        assertThat(names("{\"name\":[\"^o\"]}")).containsExactly("other");
        assertThat(names("{\"driver\":[\"loc\"]}")).isEmpty();
        assertThat(names("{\"driver\":[\"local\"]}")).containsExactly("vh1", "other", "used");
        assertThat(names("{\"label\":[\"a=b\"]}")).containsExactly("vh1");
        assertThat(names("{\"label\":[\"a\"]}")).containsExactly("vh1", "other");
        assertThat(names("{\"label\":[\"a\",\"x\"]}")).containsExactly("other");
        assertThat(names("{\"dangling\":[\"true\"]}")).containsExactly("vh1", "other");
        assertThat(names("{\"dangling\":{\"false\":true}}")).containsExactly("used");
        assertError(api().queryParam("filters", "{\"dangling\":[\"maybe\"]}").get("/volumes"), 400,
                "invalid filter 'dangling=maybe'");
        assertError(api().queryParam("filters", "{\"foo\":[\"x\"]}").get("/volumes"), 400, "invalid filter 'foo'");
    }

    private List<String> names(String filters) {
        Response r = api().queryParam("filters", filters).get("/volumes");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("Volumes.Name");
    }

    @Test
    void aVolumeInUseCannotBeRemovedEvenWithForce() {
        create("{\"Name\":\"gvol\"}");
        VolumeService volumes = drydock.engine().volumes();
        String id = "b4aba6a1263f4803d9700d9118518a7e04f616f065806edc356b080217eefe9b";
        volumes.mount("gvol", id);
        assertThat(volumes.inUseBy("gvol")).containsExactly(id);
        Response r = api().delete("/volumes/gvol");
        assertThat(r.statusCode()).isEqualTo(409);
        // The daemon's error bodies end with a newline, as Go's JSON encoder writes them (golden files).
        assertThat(r.asString()).isEqualTo("{\"message\":\"remove gvol: volume is in use - [" + id + "]\"}\n");
        assertThat(api().queryParam("force", "true").delete("/volumes/gvol").statusCode()).isEqualTo(409);
        volumes.release(id);
        api().delete("/volumes/gvol").then().statusCode(204);
        assertError(api().get("/volumes/gvol"), 404, "get gvol: no such volume");
        List<String> actions = drydock.engine().events().history().stream()
                .filter(e -> e.type().equals("volume")).map(e -> e.action() + " " + e.actorId()).toList();
        assertThat(actions).containsExactly("create gvol", "destroy gvol");
    }

    @Test
    void pruneRemovesUnusedAnonymousVolumesByDefaultAndNamedOnesWithAll() throws Exception {
        String anon = create("{}").jsonPath().getString("Name");
        String anonUsed = create("{}").jsonPath().getString("Name");
        create("{\"Name\":\"named\",\"Labels\":{\"keep\":\"no\"}}");
        create("{\"Name\":\"kept\",\"Labels\":{\"keep\":\"yes\"}}");
        create("{\"Name\":\"withopts\",\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\"}}");
        VolumeService volumes = drydock.engine().volumes();
        volumes.mount(anonUsed, "c1");
        write(volumes.get(anon), "/f", "hello");

        JsonPath first = api().post("/volumes/prune").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("VolumesDeleted")).containsExactly(anon);
        assertThat(first.getLong("SpaceReclaimed")).isEqualTo(5);

        JsonPath none = api().queryParam("filters", "{\"all\":[\"true\"],\"label!\":[\"keep=yes\"]}")
                .post("/volumes/prune").then().statusCode(200).extract().jsonPath();
        assertThat(none.getList("VolumesDeleted")).containsExactly("named");
        assertThat(names("{}")).containsExactly(anonUsed, "kept", "withopts");

        Response empty = api().post("/volumes/prune");
        assertThat(empty.asString()).isEqualTo("{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}\n");
        // Clients below API 1.42 prune every unused volume, named or not.
        assertThat(api().post("/v1.41/volumes/prune").jsonPath().getList("VolumesDeleted")).containsExactly("kept");
        assertError(api().queryParam("filters", "{\"all\":[\"x\"]}").post("/volumes/prune"), 400,
                "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax");
        assertError(api().queryParam("filters", "{\"dangling\":[\"true\"]}").post("/volumes/prune"), 400,
                "invalid filter 'dangling'");
        Event prune = drydock.engine().events().history().stream().filter(e -> e.action().equals("prune"))
                .findFirst().orElseThrow();
        assertThat(prune.attributes()).isEqualTo(Map.of("reclaimed", "5"));
    }

    @Test
    void updateIsRefusedAsOnADaemonOutsideASwarm() {
        create("{\"Name\":\"vh1\"}");
        assertError(api().queryParam("version", "1").body("{}").put("/volumes/vh1"), 503,
                "volume update only valid for cluster volumes, but swarm is unavailable");
    }

    @Test
    void diskUsageListsVolumesWithSizeAndRefCount() throws Exception {
        create("{\"Name\":\"big\"}");
        create("{\"Name\":\"idle\"}");
        create("{\"Name\":\"withopts\",\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\"}}");
        VolumeService volumes = drydock.engine().volumes();
        write(volumes.get("big"), "/a/b", "0123456789");
        volumes.mount("big", "c1");
        volumes.mount("big", "c2");
        JsonPath df = api().get("/v1.41/system/df").then().statusCode(200).extract().jsonPath();
        assertThat(df.getList("Volumes.Name")).containsExactly("big", "idle");
        assertThat(df.getMap("Volumes[0].UsageData")).isEqualTo(Map.of("RefCount", 2, "Size", 10));
        assertThat(df.getMap("Volumes[1].UsageData")).isEqualTo(Map.of("RefCount", 0, "Size", 0));
        JsonPath modern = api().get("/system/df").jsonPath();
        assertThat(modern.getInt("VolumeUsage.ActiveCount")).isEqualTo(1);
        assertThat(modern.getInt("VolumeUsage.TotalCount")).isEqualTo(2);
        assertThat(modern.getLong("VolumeUsage.TotalSize")).isEqualTo(10);
    }

    @Test
    void concurrentCreatesOfOneNameMakeOneVolume() throws Exception {
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int label = i;
                results.add(pool.submit(() -> {
                    go.await();
                    return create("{\"Name\":\"race\",\"Labels\":{\"who\":\"" + label + "\"}}");
                }));
            }
            go.countDown();
            Set<String> labels = new java.util.HashSet<>();
            for (Future<Response> f : results) {
                Response r = f.get();
                assertThat(r.statusCode()).isEqualTo(201);
                labels.add(r.jsonPath().getString("Labels.who"));
            }
            // Every caller got the same volume: the winner's labels.
            assertThat(labels).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(names("{}")).containsExactly("race");
        assertThat(drydock.engine().events().history().stream().filter(e -> e.action().equals("create")).count())
                .isEqualTo(1);
    }

    @Test
    void concurrentUseAndRemoveNeverLoseAVolumeThatIsInUse() throws Exception {
        VolumeService volumes = drydock.engine().volumes();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                String name = "v" + round;
                create("{\"Name\":\"" + name + "\"}");
                Future<Integer> remover = pool.submit(() -> api().delete("/volumes/" + name).statusCode());
                Future<Volume> user = pool.submit(() -> volumes.mount(name, "c" + name));
                Volume used = user.get();
                int status = remover.get();
                // Either the remove won (and the mount re-created it) or the mount won (and the remove got 409).
                assertThat(status).isIn(204, 409);
                assertThat(volumes.find(name)).contains(used);
                assertThat(volumes.inUseBy(name)).containsExactly("c" + name);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void write(Volume v, String path, String content) throws Exception {
        var view = new dev.drydock.fs.PathFsView(v.dataDir());
        view.mkdirs(dev.drydock.fs.Paths.parent(path));
        try (OutputStream out = view.write(path, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.exists(v.dataDir())).isTrue();
    }

    private static void assertError(Response r, int status, String message) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.jsonPath().getString("message")).isEqualTo(message);
    }
}
