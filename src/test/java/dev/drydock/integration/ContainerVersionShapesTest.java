package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inspect and list follow the API version a client asks for, as the current daemon gates them: the 1.41 field set
 * (what a 20.10 daemon and the docker CLI of its time see) and the newest one (the 1.55 definition's fields).
 */
class ContainerVersionShapesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Drydock d;

    @BeforeAll
    static void start() {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        create(d, "shapes", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],"
                + "\"HostConfig\":{\"Annotations\":{\"org.example/a\":\"1\"}}}");
        create(d, "shapes-hc", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"Healthcheck\":"
                + "{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":3600000000000,\"StartPeriod\":3600000000000}}");
        api(d).post("/containers/shapes-hc/start").then().statusCode(204);
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static JsonNode listed(String version, String name) throws Exception {
        String body = api(d).get("/v" + version + "/containers/json?all=1").then().statusCode(200).extract().asString();
        for (JsonNode e : MAPPER.readTree(body)) {
            if (e.path("Names").path(0).asText().equals("/" + name)) {
                return e;
            }
        }
        throw new AssertionError(name + " not listed at " + version + ": " + body);
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theListAt141HasThe2010FieldSet() throws Exception {
        JsonNode e = listed("1.41", "shapes");
        // The field set of the reference 20.10 daemon's list (golden GET /containers/json?all=1).
        assertThat(keys(e)).containsExactly("Id", "Names", "Image", "ImageID", "Command", "Created", "Ports",
                "Labels", "State", "Status", "HostConfig", "NetworkSettings", "Mounts");
        assertThat(keys(e.path("HostConfig"))).containsExactly("NetworkMode");
    }

    @Test
    void annotationsAreListedFrom146AndHealthFrom152() throws Exception {
        assertThat(keys(listed("1.45", "shapes").path("HostConfig"))).containsExactly("NetworkMode");
        JsonNode at146 = listed("1.46", "shapes");
        assertThat(at146.path("HostConfig").path("Annotations").path("org.example/a").asText()).isEqualTo("1");
        assertThat(at146.has("Health")).isFalse();
        assertThat(listed("1.51", "shapes").has("Health")).isFalse();

        JsonNode newest = listed("1.55", "shapes");
        // The 1.55 definition's ContainerSummary order (ImageManifestDescriptor and sizes omitted when empty).
        assertThat(keys(newest)).containsExactly("Id", "Names", "Image", "ImageID", "Command", "Created", "Ports",
                "Labels", "State", "Status", "HostConfig", "NetworkSettings", "Mounts", "Health");
        assertThat(newest.path("Health").toString()).isEqualTo("{\"Status\":\"none\",\"FailingStreak\":0}");
        JsonNode checked = listed("1.52", "shapes-hc");
        assertThat(checked.path("Health").path("Status").asText()).isEqualTo("starting");
        assertThat(keys(checked.path("Health"))).containsExactly("Status", "FailingStreak");
    }

    @Test
    void theListedHealthFollowsTheContainerNotAStaleCachedEntry() throws Exception {
        create(d, "shapes-stop", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"Healthcheck\":"
                + "{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":3600000000000,\"StartPeriod\":3600000000000}}");
        assertThat(listed("1.55", "shapes-stop").path("Health").path("Status").asText()).isEqualTo("none");
        api(d).post("/containers/shapes-stop/start").then().statusCode(204);
        assertThat(listed("1.55", "shapes-stop").path("Health").path("Status").asText()).isEqualTo("starting");
        api(d).post("/containers/shapes-stop/kill").then().statusCode(204);
        // The wait's body (read on demand by rest-assured) comes once the container has exited.
        assertThat(api(d).post("/containers/shapes-stop/wait").then().statusCode(200).extract()
                .<Integer>path("StatusCode")).isEqualTo(137);
        assertThat(listed("1.55", "shapes-stop").path("Health").path("Status").asText())
                .as("a container that does not run lists none").isEqualTo("none");
    }

    @Test
    void inspectHasTheSameTopLevelFieldsAt141AndAtTheNewestVersion() throws Exception {
        // ImageManifestDescriptor (1.48+) is filled only by a containerd image store; the daemon omits it otherwise.
        List<String> expected = List.of("Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath",
                "HostnamePath", "HostsPath", "LogPath", "Name", "RestartCount", "Driver", "Platform", "MountLabel",
                "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig", "GraphDriver", "Mounts", "Config",
                "NetworkSettings");
        for (String v : List.of("1.41", "1.48", "1.55")) {
            JsonNode c = MAPPER.readTree(api(d).get("/v" + v + "/containers/shapes/json").then().statusCode(200)
                    .extract().asString());
            assertThat(keys(c)).as("inspect at " + v).containsExactlyElementsOf(expected);
        }
        JsonNode old = MAPPER.readTree(api(d).get("/v1.41/containers/shapes-hc/json").asString());
        JsonNode now = MAPPER.readTree(api(d).get("/v1.55/containers/shapes-hc/json").asString());
        // The deprecated top-level network fields are gone from 1.52 (the 1.55 definition has these four).
        assertThat(keys(now.path("NetworkSettings"))).containsExactly("SandboxID", "SandboxKey", "Ports", "Networks");
        assertThat(keys(old.path("NetworkSettings"))).contains("Bridge", "IPAddress", "MacAddress", "Networks");
    }

    @Test
    void emptyNamespaceModesTakeTheDaemonsDefaultsForItsCgroupV2Host() throws Exception {
        // As the reference daemon fills an empty CgroupnsMode/IpcMode (the CLI sends ""); on cgroup v2, which /info
        // reports, the cgroupns default is private at every API version.
        create(d, "modes-empty", "{\"Image\":\"busybox\",\"HostConfig\":{\"CgroupnsMode\":\"\",\"IpcMode\":\"\"}}");
        create(d, "modes-set",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"CgroupnsMode\":\"host\",\"IpcMode\":\"shareable\"}}");
        assertThat(api(d).get("/info").then().extract().<String>path("CgroupVersion")).isEqualTo("2");
        for (String v : List.of("1.41", "1.55")) {
            JsonNode empty = MAPPER.readTree(api(d).get("/v" + v + "/containers/modes-empty/json").asString());
            assertThat(empty.path("HostConfig").path("CgroupnsMode").asText()).isEqualTo("private");
            assertThat(empty.path("HostConfig").path("IpcMode").asText()).isEqualTo("private");
            JsonNode absent = MAPPER.readTree(api(d).get("/v" + v + "/containers/shapes/json").asString());
            assertThat(absent.path("HostConfig").path("CgroupnsMode").asText()).isEqualTo("private");
        }
        JsonNode set = MAPPER.readTree(api(d).get("/containers/modes-set/json").asString());
        assertThat(set.path("HostConfig").path("CgroupnsMode").asText()).isEqualTo("host");
        assertThat(set.path("HostConfig").path("IpcMode").asText()).isEqualTo("shareable");
    }
}
