package dev.drydock.apispec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.api.RouteTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** api-spec/openapi.yaml lists exactly the routes Drydock serves, and gives every JSON success a schema. */
class ApiSpecRoutesTest {
    private static Drydock drydock;
    private static ApiSpec spec;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
        spec = ApiSpec.load();
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static Set<String> served() {
        Set<String> out = new TreeSet<>();
        for (RouteTable.Route r : drydock.httpServer().routes()) {
            out.add(ApiSpec.operation(r.method(), r.path()));
        }
        return out;
    }

    @Test
    void everyServedRouteIsDescribedInApiSpec() {
        Set<String> missing = new TreeSet<>(served());
        missing.removeAll(spec.operations());
        assertThat(missing)
                .as("routes Drydock serves that api-spec/openapi.yaml does not describe (add them, see api-spec/README.md)")
                .isEmpty();
    }

    @Test
    void apiSpecListsNoRouteThatIsNotServed() {
        Set<String> extra = new TreeSet<>(spec.operations());
        extra.removeAll(served());
        assertThat(extra)
                .as("routes api-spec/openapi.yaml describes that Drydock does not serve")
                .isEmpty();
    }

    @Test
    void routeComparisonIgnoresParameterNames() {
        assertThat(ApiSpec.operation("get", "/containers/{id}/json"))
                .isEqualTo(ApiSpec.operation("GET", "/containers/<name>/json"))
                .isEqualTo("GET /containers/{}/json");
    }

    @Test
    void everyJsonSuccessResponseHasACompilableSchema() {
        List<String> without = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = spec.document().path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                Iterator<Map.Entry<String, JsonNode>> responses = op.getValue().path("responses").fields();
                while (responses.hasNext()) {
                    Map.Entry<String, JsonNode> r = responses.next();
                    int status = Integer.parseInt(r.getKey());
                    if (status / 100 != 2) {
                        continue;
                    }
                    JsonNode content = r.getValue().path("content");
                    Iterator<String> types = content.fieldNames();
                    while (types.hasNext()) {
                        String type = types.next();
                        if (type.startsWith("application/json") && spec.responseSchema(op.getKey(), p.getKey(),
                                status, type).isEmpty()) {
                            without.add(op.getKey() + " " + p.getKey() + " " + status + " " + type);
                        }
                    }
                }
            }
        }
        assertThat(without).as("JSON success responses without a schema").isEmpty();
    }

    @Test
    void errorResponseSchemaRequiresAMessage() {
        ObjectMapper m = new ObjectMapper();
        var schema = spec.componentSchema("ErrorResponse");
        assertThat(schema.validate(m.createObjectNode().put("message", "page not found"))).isEmpty();
        assertThat(schema.validate(m.createObjectNode().put("error", "x"))).isNotEmpty();
    }

    @Test
    void schemasAllowExtraFieldsAndNullsWhereDaemonsSendThem() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode event = m.readTree("{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v\","
                + "\"Attributes\":null},\"scope\":\"local\",\"time\":1,\"timeNano\":1000000000,\"NewField\":true}");
        assertThat(spec.problems("GET", "/events", 200, "application/json", event)).isEmpty();
        JsonNode noActor = m.readTree("{\"Type\":\"volume\",\"Action\":\"create\",\"time\":1,\"timeNano\":1}");
        assertThat(spec.problems("GET", "/events", 200, "application/json", noActor)).isNotEmpty();
    }

    @Test
    void networkAndVolumeSchemasTakeGoNilsAndRefuseMissingKeys() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String id = "a".repeat(64);
        JsonNode network = m.readTree("{\"Name\":\"n\",\"Id\":\"" + id + "\",\"Created\":\"2026-01-01T00:00:00Z\","
                + "\"Scope\":\"local\",\"Driver\":\"bridge\",\"EnableIPv6\":false,\"IPAM\":{\"Driver\":\"default\","
                + "\"Options\":null,\"Config\":null},\"Internal\":false,\"Attachable\":false,\"Ingress\":false,"
                + "\"Options\":null,\"Labels\":null,\"Status\":{}}");
        assertThat(spec.problems("GET", "/networks/{id}", 200, "application/json", network)).isEmpty();
        JsonNode noId = ((com.fasterxml.jackson.databind.node.ObjectNode) network.deepCopy()).without("Id");
        assertThat(spec.problems("GET", "/networks/{id}", 200, "application/json", noId)).isNotEmpty();

        JsonNode list = m.readTree("{\"Volumes\":[{\"Name\":\"v\",\"Driver\":\"local\",\"Mountpoint\":\"/m\","
                + "\"Labels\":null,\"Scope\":\"local\",\"Options\":null}],\"Warnings\":null}");
        assertThat(spec.problems("GET", "/volumes", 200, "application/json", list)).isEmpty();
        JsonNode badScope = m.readTree("{\"Volumes\":[{\"Name\":\"v\",\"Driver\":\"local\",\"Mountpoint\":\"/m\","
                + "\"Labels\":null,\"Scope\":\"planet\",\"Options\":null}]}");
        assertThat(spec.problems("GET", "/volumes", 200, "application/json", badScope)).isNotEmpty();
        assertThat(spec.problems("POST", "/volumes/prune", 200, "application/json",
                m.readTree("{\"VolumesDeleted\":null,\"SpaceReclaimed\":0}"))).isEmpty();
    }

    @Test
    void imageSchemasTakeEngine2010NullsAndRefuseBrokenShapes() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String id = "sha256:" + "b".repeat(64);
        // As Engine 20.10 lists an image: nulls for empty lists and maps, -1 for what it did not count.
        String summary = "{\"Containers\":-1,\"Created\":1795895387,\"Id\":\"" + id + "\",\"Labels\":null,"
                + "\"ParentId\":\"\",\"RepoDigests\":null,\"RepoTags\":[\"busybox:latest\"],\"SharedSize\":-1,"
                + "\"Size\":1982384,\"VirtualSize\":1982384}";
        assertThat(spec.problems("GET", "/images/json", 200, "application/json", m.readTree("[" + summary + "]")))
                .isEmpty();
        assertThat(spec.problems("GET", "/images/json", 200, "application/json",
                m.readTree("[" + summary.replace(id, "fc5c6c69cdd9") + "]"))).as("an Id without sha256:").isNotEmpty();
        assertThat(spec.problems("GET", "/images/json", 200, "application/json",
                m.readTree("[" + summary.replace("\"Size\":1982384,", "") + "]"))).as("no Size").isNotEmpty();

        JsonNode inspect = m.readTree("{\"Id\":\"" + id + "\",\"RepoTags\":[],\"RepoDigests\":[],\"Config\":null,"
                + "\"Architecture\":\"amd64\",\"Os\":\"linux\",\"Size\":0,\"GraphDriver\":{\"Data\":null,\"Name\":\"vfs\"},"
                + "\"RootFS\":{\"Type\":\"layers\"},\"Metadata\":{\"LastTagTime\":\"0001-01-01T00:00:00Z\"}}");
        assertThat(spec.problems("GET", "/images/{name}/json", 200, "application/json", inspect)).isEmpty();
        JsonNode noRootFs = ((com.fasterxml.jackson.databind.node.ObjectNode) inspect.deepCopy()).without("RootFS");
        assertThat(spec.problems("GET", "/images/{name}/json", 200, "application/json", noRootFs)).isNotEmpty();

        assertThat(spec.problems("GET", "/images/{name}/history", 200, "application/json", m.readTree(
                "[{\"Comment\":\"\",\"Created\":1,\"CreatedBy\":\"\",\"Id\":\"<missing>\",\"Size\":0,\"Tags\":null}]")))
                .isEmpty();
        assertThat(spec.problems("DELETE", "/images/{name}", 200, "application/json",
                m.readTree("[{\"Untagged\":\"a:b\"},{\"Deleted\":\"" + id + "\"}]"))).isEmpty();
        assertThat(spec.problems("DELETE", "/images/{name}", 200, "application/json", m.readTree("[{}]")))
                .as("a removal record that says nothing").isNotEmpty();
        assertThat(spec.problems("POST", "/images/prune", 200, "application/json",
                m.readTree("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}"))).isEmpty();

        for (String line : List.of("{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"30af5fd501a2\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"progress\":\"[=>  ]\","
                        + "\"id\":\"30af5fd501a2\"}",
                "{\"errorDetail\":{\"message\":\"denied\"},\"error\":\"denied\"}",
                "{\"stream\":\"Loaded image: a:b\\n\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"t\",\"Digest\":\"sha256:0\",\"Size\":1}}")) {
            assertThat(spec.problems("POST", "/images/create", 200, "application/json", m.readTree(line)))
                    .as(line).isEmpty();
        }
        assertThat(spec.problems("POST", "/images/create", 200, "application/json", m.readTree("{}"))).isNotEmpty();
        assertThat(spec.problems("POST", "/images/load", 200, "application/json",
                m.readTree("{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":-1}}"))).isNotEmpty();
    }

    @Test
    void containerSchemasTakeEngine2010ShapesAndRefuseBrokenOnes() throws Exception {
        ObjectMapper m = new ObjectMapper();
        String id = "c".repeat(64);
        String summary = "{\"Id\":\"" + id + "\",\"Names\":[\"/web\"],\"Image\":\"busybox\",\"ImageID\":\"sha256:"
                + "d".repeat(64) + "\",\"Command\":\"sleep 30\",\"Created\":1795898679,\"Ports\":[],\"Labels\":{},"
                + "\"State\":\"running\",\"Status\":\"Up Less than a second\",\"HostConfig\":{\"NetworkMode\":\"default\"},"
                + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,"
                + "\"NetworkID\":\"n\",\"DriverOpts\":null}}},\"Mounts\":[]}";
        assertThat(spec.problems("GET", "/containers/json", 200, "application/json", m.readTree("[" + summary + "]")))
                .isEmpty();
        assertThat(spec.problems("GET", "/containers/json", 200, "application/json",
                m.readTree("[" + summary.replace("\"running\"", "\"sleeping\"") + "]"))).as("unknown state").isNotEmpty();

        String state = "{\"Status\":\"exited\",\"Running\":false,\"Paused\":false,\"Restarting\":false,"
                + "\"OOMKilled\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":137,\"Error\":\"\","
                + "\"StartedAt\":\"2026-11-28T20:44:40.287008552Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}";
        String inspect = "{\"Id\":\"" + id + "\",\"Created\":\"2026-11-28T20:44:39.27746668Z\",\"Path\":\"sleep\","
                + "\"Args\":[\"30\"],\"State\":" + state + ",\"Image\":\"sha256:" + "d".repeat(64) + "\","
                + "\"Name\":\"/web\",\"RestartCount\":0,\"ExecIDs\":null,\"HostConfig\":{\"Binds\":null,"
                + "\"PortBindings\":null,\"Mounts\":null},\"GraphDriver\":{\"Data\":null,\"Name\":\"vfs\"},\"Mounts\":[],"
                + "\"Config\":{\"Env\":null,\"Cmd\":[\"sleep\",\"30\"],\"Labels\":{}},\"NetworkSettings\":{\"Ports\":{},"
                + "\"Networks\":{}}}";
        assertThat(spec.problems("GET", "/containers/{id}/json", 200, "application/json", m.readTree(inspect)))
                .isEmpty();
        assertThat(spec.problems("GET", "/containers/{id}/json", 200, "application/json",
                m.readTree(inspect.replace("\"Name\":\"/web\"", "\"Name\":\"web\"")))).as("a name without /").isNotEmpty();
        assertThat(spec.problems("POST", "/containers/{id}/wait", 200, "application/json",
                m.readTree("{\"Error\":null,\"StatusCode\":137}"))).isEmpty();
        assertThat(spec.problems("POST", "/containers/create", 201, "application/json",
                m.readTree("{\"Id\":\"" + id + "\",\"Warnings\":[]}"))).isEmpty();
        assertThat(spec.problems("GET", "/containers/{id}/top", 200, "application/json",
                m.readTree("{\"Processes\":[[\"root\",\"1\"]],\"Titles\":[\"UID\",\"PID\"]}"))).isEmpty();
    }
}
