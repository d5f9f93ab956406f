package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /volumes}: create (named and anonymous), inspect, list filters, remove, prune and the
 * {@code get NAME: no such volume} error. Requests carry {@link #commonPrefix()} so both targets answer as the same
 * API version; every volume made here has a unique name or label and is removed afterwards.
 */
public abstract class VolumeContract extends HostContract {
    private static final String RUN_LABEL = "drydock.contract.run";
    private static final String ROLE_LABEL = "drydock.contract.role";
    private final String run = uniqueName("run");
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreatedVolumes() {
        for (String name : created) {
            client.delete(commonPrefix() + "/volumes/" + name);
        }
        created.clear();
    }

    private JsonNode create(String body) {
        HostResponse r = client.post(commonPrefix() + "/volumes/create", body);
        assertThat(r.status()).as("create %s: %s", body, r).isEqualTo(201);
        JsonNode v = assertJsonConforms("POST", "/volumes/create", r);
        created.add(v.path("Name").asText());
        return v;
    }

    private JsonNode createLabelled(String name, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(RUN_LABEL, run);
        StringBuilder l = new StringBuilder();
        all.forEach((k, v) -> l.append(l.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v)
                .append('"'));
        return create("{" + (name == null ? "" : "\"Name\":\"" + name + "\",") + "\"Labels\":{" + l + "}}");
    }

    private JsonNode inspect(String name) {
        HostResponse r = client.get(commonPrefix() + "/volumes/" + name);
        assertThat(r.status()).as("inspect %s: %s", name, r).isEqualTo(200);
        return assertJsonConforms("GET", "/volumes/{name}", r);
    }

    private List<String> listNames(Map<String, List<String>> f) {
        HostResponse r = client.get(commonPrefix() + "/volumes?filters=" + filters(f));
        assertThat(r.status()).as("list %s: %s", f, r).isEqualTo(200);
        JsonNode body = assertJsonConforms("GET", "/volumes", r);
        assertThat(body.path("Warnings").isNull() || body.path("Warnings").isEmpty()).as("Warnings: %s", body).isTrue();
        List<String> out = new ArrayList<>();
        body.path("Volumes").forEach(v -> out.add(v.path("Name").asText()));
        return out;
    }

    @Test
    void namedVolumeIsCreatedInspectedAndCreatedAgainUnchanged() {
        String name = uniqueName("vol");
        JsonNode v = createLabelled(name, Map.of(ROLE_LABEL, "named"));
        assertThat(v.path("Name").asText()).isEqualTo(name);
        assertThat(v.path("Driver").asText()).isEqualTo("local");
        assertThat(v.path("Scope").asText()).isEqualTo("local");
        assertThat(v.path("Options").isNull()).as("Options without driver options: %s", v).isTrue();
        assertThat(v.path("Labels").path(ROLE_LABEL).asText()).isEqualTo("named");
        assertThat(v.path("Labels").path(RUN_LABEL).asText()).isEqualTo(run);
        assertThat(v.path("Mountpoint").asText()).endsWith("/volumes/" + name + "/_data");
        assertThat(OffsetDateTime.parse(v.path("CreatedAt").asText())).as("CreatedAt is RFC 3339").isNotNull();

        assertThat(inspect(name)).as("inspect shows what create answered").isEqualTo(v);
        JsonNode again = create("{\"Name\":\"" + name + "\"}");
        assertThat(again.path("CreatedAt").asText()).as("creating a taken name answers the volume there")
                .isEqualTo(v.path("CreatedAt").asText());
        assertThat(again.path("Labels").path(ROLE_LABEL).asText()).isEqualTo("named");
    }

    @Test
    void volumeWithoutNameIsAnonymousWithAGeneratedName() {
        JsonNode v = create("{}");
        String name = v.path("Name").asText();
        assertThat(name).matches("[0-9a-f]{64}");
        assertThat(v.path("Driver").asText()).isEqualTo("local");
        assertThat(v.path("Mountpoint").asText()).endsWith("/volumes/" + name + "/_data");
        assertThat(inspect(name).path("Name").asText()).isEqualTo(name);
    }

    @Test
    void listFiltersByNameLabelDriverAndDangling() {
        String a = uniqueName("vol") + "-a";
        String b = uniqueName("vol") + "-b";
        createLabelled(a, Map.of(ROLE_LABEL, "a"));
        createLabelled(b, Map.of(ROLE_LABEL, "b"));
        String mine = RUN_LABEL + "=" + run;

        assertThat(listNames(Map.of("name", List.of(a)))).containsExactly(a);
        assertThat(listNames(Map.of("label", List.of(mine)))).containsExactlyInAnyOrder(a, b);
        assertThat(listNames(Map.of("label", List.of(mine, ROLE_LABEL + "=b")))).as("label values all apply")
                .containsExactly(b);
        assertThat(listNames(Map.of("label", List.of(mine, ROLE_LABEL)))).as("a label key alone")
                .containsExactlyInAnyOrder(a, b);
        assertThat(listNames(Map.of("label", List.of(mine), "driver", List.of("local"))))
                .containsExactlyInAnyOrder(a, b);
        assertThat(listNames(Map.of("label", List.of(mine), "dangling", List.of("true"))))
                .as("no container uses them").containsExactlyInAnyOrder(a, b);
        assertThat(listNames(Map.of("label", List.of(mine), "dangling", List.of("false")))).isEmpty();
        assertThat(listNames(Map.of("name", List.of(uniqueName("absent"))))).isEmpty();
    }

    @Test
    void unknownListFilterIsABadRequest() {
        HostResponse r = client.get(commonPrefix() + "/volumes?filters=" + filters(Map.of("nope", List.of("x"))));
        // Engine 20.10 capitalises the message, newer Engines do not.
        assertThat(errorMessage(r, 400)).isEqualToIgnoringCase("invalid filter 'nope'");
    }

    @Test
    void removedVolumeIsGoneWithNoSuchVolume() {
        String name = uniqueName("vol");
        create("{\"Name\":\"" + name + "\"}");
        HostResponse removed = client.delete(commonPrefix() + "/volumes/" + name);
        assertThat(removed.status()).as("%s", removed).isEqualTo(204);
        assertThat(removed.body()).isEmpty();
        created.remove(name);

        assertThat(errorMessage(client.get(commonPrefix() + "/volumes/" + name), 404))
                .isEqualTo("get " + name + ": no such volume");
        assertThat(errorMessage(client.delete(commonPrefix() + "/volumes/" + name), 404))
                .isEqualTo("get " + name + ": no such volume");
        assertThat(listNames(Map.of("name", List.of(name)))).isEmpty();
    }

    @Test
    void pruneRemovesUnusedVolumesMatchingTheFilter() {
        String token = uniqueName("token");
        String one = uniqueName("prune");
        String two = uniqueName("prune");
        String keep = uniqueName("keep");
        createLabelled(one, Map.of("drydock.contract.prune", token));
        createLabelled(two, Map.of("drydock.contract.prune", token));
        createLabelled(keep, Map.of());

        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("label", List.of("drydock.contract.prune=" + token));
        if (atLeast("1.42")) {
            // From API 1.42 a prune spares named volumes unless asked for all.
            f.put("all", List.of("true"));
        }
        HostResponse r = client.post(commonPrefix() + "/volumes/prune?filters=" + filters(f), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode report = assertJsonConforms("POST", "/volumes/prune", r);
        assertThat(report.path("VolumesDeleted")).extracting(JsonNode::asText).containsExactlyInAnyOrder(one, two);
        assertThat(report.path("SpaceReclaimed").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(client.get(commonPrefix() + "/volumes/" + one).status()).isEqualTo(404);
        assertThat(inspect(keep).path("Name").asText()).isEqualTo(keep);
    }

    @Test
    void pruneFromApi142SparesNamedVolumesUnlessAll() {
        if (!serverAtLeast("1.42")) {
            skipBecause("the server's API " + apiVersion() + " predates 1.42, where prune began to spare named volumes");
        }
        String token = uniqueName("token");
        String named = uniqueName("named");
        createLabelled(named, Map.of("drydock.contract.prune", token));
        String anonymous = createLabelled(null, Map.of("drydock.contract.prune", token)).path("Name").asText();
        String label = "drydock.contract.prune=" + token;

        HostResponse r = client.post("/v1.42/volumes/prune?filters=" + filters(Map.of("label", List.of(label))), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(assertJsonConforms("POST", "/volumes/prune", r).path("VolumesDeleted"))
                .extracting(JsonNode::asText).containsExactly(anonymous);
        assertThat(inspect(named).path("Name").asText()).isEqualTo(named);

        r = client.post("/v1.42/volumes/prune?filters="
                + filters(Map.of("label", List.of(label), "all", List.of("true"))), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(assertJsonConforms("POST", "/volumes/prune", r).path("VolumesDeleted"))
                .extracting(JsonNode::asText).containsExactly(named);
    }
}
