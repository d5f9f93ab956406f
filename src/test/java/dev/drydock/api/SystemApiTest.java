package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The system endpoints field for field, in the shapes a real daemon answers (golden 20.10 files and API 1.55). */
class SystemApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start();
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return given().baseUri("http://127.0.0.1").port(drydock.port());
    }

    private static JsonNode json(Response res) throws Exception {
        assertThat(res.contentType()).isEqualTo("application/json");
        return JSON.readTree(res.asString());
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void assertDaemonHeaders(Response res, String apiVersion) {
        assertThat(res.header("Api-Version")).isEqualTo(apiVersion);
        assertThat(res.header("Ostype")).isEqualTo("linux");
        assertThat(res.header("Docker-Experimental")).isEqualTo("false");
        assertThat(res.header("Server")).isEqualTo("Docker/" + DrydockConfig.DEFAULT_ENGINE_VERSION + " (linux)");
    }

    @Test
    void pingAnswersOkWithTheDaemonsHeaders() {
        for (String path : List.of("/_ping", "/v1.41/_ping", "/v1.55/_ping")) {
            Response res = api().get(path);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.asString()).isEqualTo("OK");
            assertDaemonHeaders(res, "1.55");
            assertThat(res.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(res.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
            assertThat(res.header("Pragma")).isEqualTo("no-cache");
            assertThat(res.header("Builder-Version")).isEqualTo("1");
            assertThat(res.header("Swarm")).isEqualTo("inactive");
            assertThat(res.header("Content-Length")).isEqualTo("2");
        }
    }

    @Test
    void headPingHasTheHeadersAndNoBody() {
        Response res = api().head("/_ping");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.asByteArray()).isEmpty();
        assertThat(res.header("Content-Length")).isEqualTo("0");
        assertThat(res.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(res.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
        assertThat(res.header("Pragma")).isEqualTo("no-cache");
        assertThat(res.header("Swarm")).isEqualTo("inactive");
        assertDaemonHeaders(res, "1.55");
    }

    @Test
    void versionHasEveryFieldOfTheDaemon() throws Exception {
        Response res = api().get("/v1.41/version");
        assertThat(res.statusCode()).isEqualTo(200);
        assertDaemonHeaders(res, "1.55");
        JsonNode v = json(res);
        assertThat(keys(v)).contains("Platform", "Components", "Version", "ApiVersion", "MinAPIVersion", "GitCommit",
                "GoVersion", "Os", "Arch", "KernelVersion", "BuildTime");
        assertThat(v.get("Platform").has("Name")).isTrue();
        assertThat(v.get("Version").asText()).isEqualTo(DrydockConfig.DEFAULT_ENGINE_VERSION);
        assertThat(v.get("ApiVersion").asText()).isEqualTo("1.55");
        assertThat(v.get("MinAPIVersion").asText()).isEqualTo("1.24");
        assertThat(v.get("Os").asText()).isEqualTo("linux");
        assertThat(v.get("BuildTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}\\+00:00");
        JsonNode engine = v.get("Components").get(0);
        assertThat(engine.get("Name").asText()).isEqualTo("Engine");
        assertThat(keys(engine.get("Details"))).containsExactlyInAnyOrder("ApiVersion", "Arch", "BuildTime",
                "Experimental", "GitCommit", "GoVersion", "KernelVersion", "MinAPIVersion", "Os");
        List<String> components = new ArrayList<>();
        v.get("Components").forEach(c -> components.add(c.get("Name").asText()));
        assertThat(components).containsExactly("Engine", "containerd", "runc", "docker-init");
        for (JsonNode c : v.get("Components")) {
            assertThat(keys(c)).containsExactly("Name", "Version", "Details");
        }
    }

    @Test
    void versionRangeAndEngineVersionFollowTheConfiguration() throws Exception {
        try (Drydock d = Drydock.start(DrydockConfig.builder().apiVersion("1.50").minApiVersion("1.44")
                .engineVersion("28.5.1").build())) {
            RequestSpecification api = given().baseUri("http://127.0.0.1").port(d.port());
            JsonNode v = JSON.readTree(api.get("/version").asString());
            assertThat(v.get("ApiVersion").asText()).isEqualTo("1.50");
            assertThat(v.get("MinAPIVersion").asText()).isEqualTo("1.44");
            assertThat(v.get("Version").asText()).isEqualTo("28.5.1");
            Response old = api.get("/v1.43/version");
            assertThat(old.statusCode()).isEqualTo(400);
            assertThat(old.asString()).isEqualTo("{\"message\":\"client version 1.43 is too old. Minimum supported API "
                    + "version is 1.44, please upgrade your client to a newer version\"}\n");
            assertThat(api.get("/v1.51/_ping").statusCode()).isEqualTo(400);
            assertThat(api.get("/_ping").header("Api-Version")).isEqualTo("1.50");
            assertThat(api.get("/_ping").header("Server")).isEqualTo("Docker/28.5.1 (linux)");
        }
    }

    /** Every field of the golden 20.10 /info (API 1.41), except the kernel-memory pair newer daemons omit. */
    private static final Set<String> INFO_FIELDS_141 = Set.of("ID", "Containers", "ContainersRunning",
            "ContainersPaused", "ContainersStopped", "Images", "Driver", "DriverStatus", "Plugins", "MemoryLimit",
            "SwapLimit", "CpuCfsPeriod", "CpuCfsQuota", "CPUShares", "CPUSet", "PidsLimit", "IPv4Forwarding",
            "BridgeNfIptables", "BridgeNfIp6tables", "Debug", "NFd", "OomKillDisable", "NGoroutines", "SystemTime",
            "LoggingDriver", "CgroupDriver", "CgroupVersion", "NEventsListener", "KernelVersion", "OperatingSystem",
            "OSVersion", "OSType", "Architecture", "IndexServerAddress", "RegistryConfig", "NCPU", "MemTotal",
            "GenericResources", "DockerRootDir", "HttpProxy", "HttpsProxy", "NoProxy", "Name", "Labels",
            "ExperimentalBuild", "ServerVersion", "Runtimes", "DefaultRuntime", "Swarm", "LiveRestoreEnabled",
            "Isolation", "InitBinary", "ContainerdCommit", "RuncCommit", "InitCommit", "SecurityOptions", "Warnings");

    @Test
    void infoAt141HasEveryFieldTheGoldenDaemonHad() throws Exception {
        JsonNode info = json(api().get("/v1.41/info"));
        assertThat(keys(info)).containsAll(INFO_FIELDS_141);
        assertThat(keys(info)).doesNotContain("Containerd", "FirewallBackend");
        assertThat(keys(info.get("RegistryConfig"))).contains("AllowNondistributableArtifactsCIDRs",
                "AllowNondistributableArtifactsHostnames", "InsecureRegistryCIDRs", "IndexConfigs", "Mirrors");
        assertThat(keys(info.get("Plugins"))).containsExactly("Volume", "Network", "Authorization", "Log");
        assertThat(keys(info.get("Swarm"))).containsExactly("NodeID", "NodeAddr", "LocalNodeState",
                "ControlAvailable", "Error", "RemoteManagers");
        assertThat(keys(info.get("ContainerdCommit"))).containsExactly("ID", "Expected");
        assertThat(keys(info.get("Runtimes").get("runc"))).containsExactly("path");
        assertThat(info.get("ID").asText()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        assertThat(info.get("OSType").asText()).isEqualTo("linux");
        assertThat(info.get("Containers").isInt()).isTrue();
        assertThat(info.get("Warnings").isNull()).isTrue();
    }

    @Test
    void infoAtTheNewestVersionHasTheNewerFields() throws Exception {
        JsonNode info = json(api().get("/info"));
        assertThat(keys(info)).contains("Containerd", "FirewallBackend", "CDISpecDirs", "DefaultAddressPools");
        assertThat(keys(info)).doesNotContain("BridgeNfIptables", "BridgeNfIp6tables");
        assertThat(keys(info.get("ContainerdCommit"))).containsExactly("ID");
        assertThat(keys(info.get("Runtimes").get("runc"))).contains("path", "status");
        assertThat(info.get("ServerVersion").asText()).isEqualTo(DrydockConfig.DEFAULT_ENGINE_VERSION);
        assertThat(info.get("NEventsListener").asInt()).isZero();
    }

    @Test
    void diskUsageBelow152ListsTheObjects() throws Exception {
        JsonNode df = json(api().get("/v1.51/system/df"));
        assertThat(keys(df)).containsExactly("LayersSize", "Images", "Containers", "Volumes", "BuildCache");
        assertThat(df.get("Images").isArray()).isTrue();
        assertThat(df.get("LayersSize").asLong()).isZero();
    }

    @Test
    void diskUsageFrom152SummarizesEachKindWithItemsWhenVerbose() throws Exception {
        JsonNode plain = json(api().get("/v1.52/system/df"));
        assertThat(keys(plain)).containsExactly("ImageUsage", "ContainerUsage", "VolumeUsage", "BuildCacheUsage");
        assertThat(keys(plain.get("ImageUsage"))).containsExactly("ActiveCount", "TotalCount", "Reclaimable", "TotalSize");
        JsonNode verbose = json(api().queryParam("verbose", "1").get("/v1.52/system/df"));
        assertThat(keys(verbose.get("VolumeUsage"))).containsExactly("ActiveCount", "TotalCount", "Reclaimable",
                "TotalSize", "Items");
        JsonNode brief = json(api().queryParam("verbose", "false").get("/v1.52/system/df"));
        assertThat(keys(brief.get("VolumeUsage"))).containsExactly("ActiveCount", "TotalCount", "Reclaimable",
                "TotalSize");
    }

    @Test
    void diskUsageByType() throws Exception {
        JsonNode df = json(api().queryParam("type", "volume").queryParam("verbose", "1").get("/system/df"));
        assertThat(keys(df)).containsExactly("VolumeUsage");
        Response bad = api().queryParam("type", "bogus").get("/system/df");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).isEqualTo("unknown object type: bogus");
        // Before 1.42 the type filter did not exist: everything comes back.
        assertThat(keys(json(api().queryParam("type", "bogus").get("/v1.41/system/df")))).contains("Images", "Volumes");
        Response badVerbose = api().queryParam("verbose", "maybe").get("/system/df");
        assertThat(badVerbose.statusCode()).isEqualTo(400);
        assertThat(json(badVerbose).get("message").asText()).isEqualTo("invalid value for verbose: maybe");
    }

    @Test
    void authAcceptsAnyLoginWhenNoCredentialsAreConfigured() throws Exception {
        Response res = api().contentType("application/json")
                .body("{\"username\":\"me\",\"password\":\"x\",\"serveraddress\":\"https://index.docker.io/v1/\"}")
                .post("/auth");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.asString()).isEqualTo("{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}\n");
    }

    @Test
    void configuredCredentialsRejectOthersWithTheDaemonsMessage() throws Exception {
        try (Drydock d = Drydock.start(DrydockConfig.builder().credential("alice", "s3cret").build())) {
            RequestSpecification api = given().baseUri("http://127.0.0.1").port(d.port()).contentType("application/json");
            assertThat(api.body("{\"username\":\"alice\",\"password\":\"s3cret\"}").post("/auth").statusCode())
                    .isEqualTo(200);
            Response wrong = api.body("{\"username\":\"alice\",\"password\":\"nope\","
                    + "\"serveraddress\":\"https://index.docker.io/v1/\"}").post("/auth");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("message").asText())
                    .isEqualTo("Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password");
            Response other = api.body("{\"username\":\"bob\",\"password\":\"s3cret\",\"serveraddress\":\"localhost:5000\"}")
                    .post("/auth");
            assertThat(json(other).get("message").asText())
                    .isEqualTo("Get \"https://localhost:5000/v2/\": unauthorized: incorrect username or password");
        }
    }
}
