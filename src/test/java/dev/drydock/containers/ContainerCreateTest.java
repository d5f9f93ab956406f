package dev.drydock.containers;

import dev.drydock.Drydock;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.drydock.containers.ContainerTestSupport.api;
import static dev.drydock.containers.ContainerTestSupport.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** {@code POST /containers/create}: stored config, merging with the image, names and Docker's errors. */
@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class ContainerCreateTest {
    static Drydock d;

    @BeforeAll
    static void start() {
        d = ContainerTestSupport.start();
    }

    @AfterAll
    static void stop() {
        d.close();
    }

    @Test
    void createAnswers201WithIdAndEmptyWarnings() {
        api(d).queryParam("name", "g_lc").body("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}")
                .post("/containers/create")
                .then().statusCode(201).contentType("application/json")
                .body("Id", matchesPattern("[0-9a-f]{64}"))
                .body("Warnings", hasSize(0));
    }

    @Test
    void createdContainerEchoesConfigMergedWithImage() {
        String id = create(d, "merged", "{\"Image\":\"busybox\",\"Env\":[\"A=1\"],\"Labels\":{\"purpose\":\"golden\"},"
                + "\"Tty\":null,\"OpenStdin\":null,\"HostConfig\":{\"Binds\":[\"gvol:/data\"]}}");
        api(d).get("/v1.50/containers/merged/json").then().statusCode(200)
                .body("Id", equalTo(id))
                .body("Name", equalTo("/merged"))
                .body("Path", equalTo("sh"))
                .body("Args", hasSize(0))
                .body("Image", equalTo(TestImages.BUSYBOX_ID))
                .body("State.Status", equalTo("created"))
                .body("State.StartedAt", equalTo("0001-01-01T00:00:00Z"))
                .body("Config.Hostname", equalTo(id.substring(0, 12)))
                .body("Config.Env", equalTo(List.of(
                        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1")))
                .body("Config.Cmd", equalTo(List.of("sh")))
                .body("Config.Entrypoint", nullValue())
                .body("Config.Image", equalTo("busybox"))
                .body("Config.Tty", equalTo(false))
                .body("Config.Labels", equalTo(Map.of("purpose", "golden")))
                .body("HostConfig.Binds", equalTo(List.of("gvol:/data")))
                .body("HostConfig.NetworkMode", equalTo("default"))
                .body("HostConfig.RestartPolicy.Name", equalTo(""))
                .body("HostConfig.LogConfig.Type", equalTo("json-file"))
                .body("HostConfig.ShmSize", equalTo(67108864))
                .body("Mounts[0].Type", equalTo("volume"))
                .body("Mounts[0].Name", equalTo("gvol"))
                .body("Mounts[0].Source", equalTo("/var/lib/docker/volumes/gvol/_data"))
                .body("Mounts[0].Destination", equalTo("/data"))
                .body("Mounts[0].Mode", equalTo("z"))
                .body("NetworkSettings.Networks.bridge.NetworkID", equalTo(""))
                .body("NetworkSettings.IPAddress", equalTo(""));
    }

    @Test
    void inspectKeepsDockerFieldOrder() {
        create(d, "ordered", "{\"Image\":\"busybox\"}");
        String body = api(d).get("/containers/ordered/json").then().statusCode(200).extract().asString();
        List<String> top = List.of("\"Id\"", "\"Created\"", "\"Path\"", "\"Args\"", "\"State\"", "\"Image\"",
                "\"ResolvConfPath\"", "\"HostnamePath\"", "\"HostsPath\"", "\"LogPath\"", "\"Name\"",
                "\"RestartCount\"", "\"Driver\"", "\"Platform\"", "\"MountLabel\"", "\"ProcessLabel\"",
                "\"AppArmorProfile\"", "\"ExecIDs\"", "\"HostConfig\"", "\"GraphDriver\"", "\"Mounts\"",
                "\"Config\"", "\"NetworkSettings\"");
        int last = -1;
        for (String key : top) {
            int at = body.indexOf(key + ":", last + 1);
            assertThat(at).as(key).isGreaterThan(last);
            last = at;
        }
        assertThat(body).contains("\"MaskedPaths\":[\"/proc/asound\"").contains("\"ConsoleSize\":[0,0]")
                .contains("\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,\"Labels\":{}");
    }

    @Test
    void cmdReplacesImageCmdAndEntrypointResetsIt() {
        create(d, "web_cmd", "{\"Image\":\"web:1\",\"Cmd\":[\"--debug\"],\"Env\":[\"MODE=dev\"],"
                + "\"Labels\":{\"tier\":\"container\"}}");
        api(d).get("/containers/web_cmd/json").then().statusCode(200)
                .body("Path", equalTo("/entry.sh"))
                .body("Args", equalTo(List.of("--debug")))
                .body("Config.Entrypoint", equalTo(List.of("/entry.sh")))
                .body("Config.Env", equalTo(List.of("PATH=/bin", "MODE=dev")))
                .body("Config.WorkingDir", equalTo("/app"))
                .body("Config.User", equalTo("www"))
                .body("Config.StopSignal", equalTo("SIGQUIT"))
                .body("Config.ExposedPorts", equalTo(Map.of("80/tcp", Map.of())))
                .body("Config.Labels", equalTo(Map.of("maintainer", "web team", "tier", "container")));

        create(d, "web_ep", "{\"Image\":\"web:1\",\"Entrypoint\":[\"/bin/sh\"]}");
        api(d).get("/containers/web_ep/json").then().statusCode(200)
                .body("Path", equalTo("/bin/sh"))
                .body("Args", hasSize(0))
                .body("Config.Cmd", nullValue());

        create(d, "web_default", "{\"Image\":\"web:1\"}");
        api(d).get("/containers/web_default/json").then()
                .body("Args", equalTo(List.of("serve", "--port", "80")))
                .body("Mounts[0].Destination", equalTo("/data"))
                .body("Mounts[0].Name", matchesPattern("[0-9a-f]{64}"));
    }

    @Test
    void stringCmdIsOneArgument() {
        create(d, "strcmd", "{\"Image\":\"busybox\",\"Cmd\":\"echo hi\"}");
        api(d).get("/containers/strcmd/json").then().body("Config.Cmd", equalTo(List.of("echo hi")));
    }

    @Test
    void missingImageIs404WithFamiliarName() {
        api(d).body("{\"Image\":\"nonexistent:latest\",\"Cmd\":[\"true\"]}").post("/containers/create")
                .then().statusCode(404).contentType("application/json")
                .body("message", equalTo("No such image: nonexistent:latest"));
        api(d).body("{\"Image\":\"nosuch\"}").post("/containers/create")
                .then().statusCode(404).body("message", equalTo("No such image: nosuch:latest"));
    }

    @Test
    void nameConflictIs409WithDockersMessage() {
        String id = create(d, "g_running", "{\"Image\":\"busybox\"}");
        api(d).queryParam("name", "g_running").body("{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}")
                .post("/containers/create").then().statusCode(409)
                .body("message", equalTo("Conflict. The container name \"/g_running\" is already in use by container \""
                        + id + "\". You have to remove (or rename) that container to be able to reuse that name."));
        api(d).queryParam("name", "/g_running").body("{\"Image\":\"busybox\"}")
                .post("/containers/create").then().statusCode(409);
    }

    @Test
    void invalidNamesAre400() {
        for (String bad : List.of("bad name", "a", "-x", "x/y", "_abc")) {
            api(d).queryParam("name", bad).body("{\"Image\":\"busybox\"}").post("/containers/create")
                    .then().statusCode(400).body("message", equalTo("Invalid container name (" + bad
                            + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
        }
        create(d, "ok.name-1_x", "{\"Image\":\"busybox\"}");
    }

    @Test
    void generatedNamesAreAdjectiveUnderscoreSurname() {
        String id = create(d, null, "{\"Image\":\"busybox\"}");
        String name = api(d).get("/containers/" + id + "/json").then().extract().path("Name");
        assertThat(name).matches("/[a-z]+_[a-z]+\\d?");
    }

    @Test
    void badRequestsGetDockersMessages() {
        api(d).body("{}").post("/containers/create").then().statusCode(400)
                .body("message", equalTo("Config cannot be empty in order to create a container"));
        api(d).body("{\"Image\":\"\"}").post("/containers/create").then().statusCode(400)
                .body("message", equalTo("No command specified"));
        api(d).body("{\"Image\":\"BusyBox\"}").post("/containers/create").then().statusCode(400)
                .body("message", equalTo("invalid reference format: repository name must be lowercase"));
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"bogus\"}}}")
                .post("/containers/create").then().statusCode(400)
                .body("message", equalTo("invalid restart policy 'bogus'"));
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}")
                .post("/containers/create").then().statusCode(400)
                .body("message", equalTo("can't create 'AutoRemove' container with restart policy"));
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":2}}}")
                .post("/containers/create").then().statusCode(400)
                .body("message", equalTo("maximum retry count cannot be used with restart policy 'always'"));
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":1000}}")
                .post("/containers/create").then().statusCode(400)
                .body("message", equalTo("Minimum memory limit allowed is 6MB"));
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"abc\"}]}}}")
                .post("/containers/create").then().statusCode(400)
                .body("message", equalTo("invalid port specification: \"abc\""));
    }

    @Test
    void malformedJsonGetsGoDecoderMessagesPerApiVersion() {
        api(d).body("{\"Image\": \"busybox\", \"Cmd\": [tru").post("/v1.41/containers/create")
                .then().statusCode(500).body("message", equalTo("unexpected EOF"));
        api(d).body("{bad").post("/v1.41/containers/create").then().statusCode(500)
                .body("message", equalTo("invalid character 'b' looking for beginning of object key string"));
        api(d).body("{\"Image\":123}").post("/v1.41/containers/create").then().statusCode(500)
                .body("message", equalTo("json: cannot unmarshal number into Go struct field "
                        + "ContainerConfigWrapper.Image of type string"));
        api(d).post("/v1.41/containers/create").then().statusCode(500).body("message", equalTo("EOF"));
        api(d).body("{bad").post("/v1.47/containers/create").then().statusCode(400)
                .body("message", equalTo("invalid JSON: invalid character 'b' looking for beginning of object key string"));
        api(d).body("{\"Tty\":\"yes\",\"Image\":\"busybox\"}").post("/containers/create").then().statusCode(400)
                .body("message", equalTo("invalid JSON: json: cannot unmarshal string into Go struct field "
                        + "ContainerConfigWrapper.Tty of type bool"));
    }

    @Test
    void formContentTypeIsRefused() {
        RestAssured.given().baseUri("http://127.0.0.1").port(d.port())
                .contentType("application/x-www-form-urlencoded").body("{\"Image\":\"busybox\"}")
                .post("/v1.41/containers/create").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.matchesPattern(
                        "Content-Type specified \\(application/x-www-form-urlencoded.*\\) must be 'application/json'"));
    }

    @Test
    void createPublishesCreateEventWithImageNameAndLabels() {
        String id = create(d, "evt", "{\"Image\":\"busybox\",\"Labels\":{\"x\":\"y\"}}");
        var e = d.engine().events().history().stream()
                .filter(ev -> ev.actorId().equals(id) && ev.action().equals("create")).findFirst().orElseThrow();
        assertThat(e.type()).isEqualTo("container");
        assertThat(e.attributes()).containsEntry("image", "busybox").containsEntry("name", "evt")
                .containsEntry("x", "y");
    }

    @Test
    void concurrentCreatesWithOneNameYieldExactlyOneContainer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> api(d).queryParam("name", "contended")
                        .body("{\"Image\":\"busybox\"}").post("/containers/create").statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : results) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(201, 409);
            assertThat(codes.stream().filter(c -> c == 201)).hasSize(1);
            Set<String> generated = new HashSet<>();
            List<Future<String>> anon = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                anon.add(pool.submit(() -> create(d, null, "{\"Image\":\"busybox\"}")));
            }
            for (Future<String> f : anon) {
                generated.add(d.engine().containers().get(f.get()).name());
            }
            assertThat(generated).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
