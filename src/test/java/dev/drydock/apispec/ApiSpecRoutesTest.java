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
}
