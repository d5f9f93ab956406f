package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /networks}: the predefined networks, create (with and without IPAM config), inspect, list filters,
 * remove, and the errors clients match on. Requests carry {@link #commonPrefix()} so both targets answer as the
 * same API version; every network made here has a unique name and is removed afterwards.
 */
public abstract class NetworkContract extends HostContract {
    private static final String RUN_LABEL = "drydock.contract.run";
    private final String run = uniqueName("run");
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeCreatedNetworks() {
        for (String id : created) {
            client.delete(commonPrefix() + "/networks/" + id);
        }
        created.clear();
    }

    private HostResponse create(String body) {
        HostResponse r = client.post(commonPrefix() + "/networks/create", body);
        if (r.status() == 201) {
            created.add(r.json().path("Id").asText());
        }
        return r;
    }

    private String createBody(String name, String ipam) {
        return "{\"Name\":\"" + name + "\",\"CheckDuplicate\":true,\"Labels\":{\"" + RUN_LABEL + "\":\"" + run + "\"}"
                + (ipam == null ? "" : ",\"IPAM\":" + ipam) + "}";
    }

    private JsonNode inspect(String idOrName) {
        HostResponse r = client.get(commonPrefix() + "/networks/" + idOrName);
        assertThat(r.status()).as("inspect %s: %s", idOrName, r).isEqualTo(200);
        return assertJsonConforms("GET", "/networks/{id}", r);
    }

    private JsonNode list(Map<String, List<String>> f) {
        HostResponse r = client.get(commonPrefix() + "/networks?filters=" + filters(f));
        assertThat(r.status()).as("list %s: %s", f, r).isEqualTo(200);
        return assertJsonConforms("GET", "/networks", r);
    }

    private static List<String> names(JsonNode networks) {
        List<String> out = new ArrayList<>();
        networks.forEach(n -> out.add(n.path("Name").asText()));
        return out;
    }

    @Test
    void predefinedNetworksArePresentWithTheirShapes() {
        HostResponse r = client.get(commonPrefix() + "/networks");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode all = assertJsonConforms("GET", "/networks", r);
        Map<String, String> drivers = Map.of("bridge", "bridge", "host", "host", "none", "null");
        for (Map.Entry<String, String> e : drivers.entrySet()) {
            JsonNode listed = null;
            for (JsonNode n : all) {
                if (n.path("Name").asText().equals(e.getKey())) {
                    listed = n;
                }
            }
            assertThat(listed).as("network %s in %s", e.getKey(), names(all)).isNotNull();
            assertThat(listed.path("Driver").asText()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(listed.path("Scope").asText()).as(e.getKey()).isEqualTo("local");
            assertThat(listed.path("IPAM").path("Driver").asText()).as(e.getKey()).isEqualTo("default");

            JsonNode inspected = inspect(e.getKey());
            assertThat(inspected.path("Id").asText()).isEqualTo(listed.path("Id").asText());
            assertThat(inspect(listed.path("Id").asText().substring(0, 12)).path("Name").asText())
                    .as("inspect by ID prefix").isEqualTo(e.getKey());
        }
        JsonNode bridge = inspect("bridge");
        assertThat(bridge.path("Options").path("com.docker.network.bridge.default_bridge").asText()).isEqualTo("true");
        JsonNode pool = bridge.path("IPAM").path("Config").path(0);
        assertThat(pool.path("Subnet").asText()).as("bridge subnet: %s", bridge).isNotEmpty();
        assertThat(pool.path("Gateway").asText()).as("bridge gateway: %s", bridge).isNotEmpty();
        for (String addressless : new String[]{"host", "none"}) {
            assertThat(inspect(addressless).path("IPAM").path("Config")).as(addressless).isEmpty();
        }
    }

    @Test
    void createWithoutIpamAllocatesASubnetThenInspectListAndRemove() {
        String name = uniqueName("net");
        HostResponse r = create(createBody(name, null));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode createdBody = assertJsonConforms("POST", "/networks/create", r);
        String id = createdBody.path("Id").asText();
        assertThat(createdBody.path("Warning").asText("")).isEmpty();

        JsonNode n = inspect(name);
        assertThat(n.path("Id").asText()).isEqualTo(id);
        assertThat(n.path("Name").asText()).isEqualTo(name);
        assertThat(n.path("Driver").asText()).isEqualTo("bridge");
        assertThat(n.path("Scope").asText()).isEqualTo("local");
        assertThat(n.path("Internal").asBoolean()).isFalse();
        assertThat(n.path("Attachable").asBoolean()).isFalse();
        assertThat(n.path("EnableIPv6").asBoolean()).isFalse();
        assertThat(n.path("Labels").path(RUN_LABEL).asText()).isEqualTo(run);
        assertThat(n.path("Containers").isObject() && n.path("Containers").isEmpty()).as("Containers: %s", n).isTrue();
        assertThat(n.path("IPAM").path("Driver").asText()).isEqualTo("default");
        JsonNode pools = n.path("IPAM").path("Config");
        assertThat(pools).as("an allocated pool: %s", n).hasSize(1);
        assertThat(pools.path(0).path("Subnet").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+");
        assertThat(pools.path(0).path("Gateway").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(inspect(id).path("Name").asText()).as("inspect by ID").isEqualTo(name);

        JsonNode byName = list(Map.of("name", List.of(name)));
        assertThat(names(byName)).containsExactly(name);
        assertThat(byName.path(0).path("Id").asText()).isEqualTo(id);
        assertThat(names(list(Map.of("id", List.of(id))))).containsExactly(name);
        assertThat(names(list(Map.of("label", List.of(RUN_LABEL + "=" + run))))).containsExactly(name);
        assertThat(names(list(Map.of("name", List.of(name), "type", List.of("builtin"))))).isEmpty();

        HostResponse removed = client.delete(commonPrefix() + "/networks/" + id);
        assertThat(removed.status()).as("%s", removed).isEqualTo(204);
        assertThat(removed.body()).isEmpty();
        created.remove(id);
        assertThat(errorMessage(client.get(commonPrefix() + "/networks/" + name), 404))
                .isEqualTo("network " + name + " not found");
        assertThat(errorMessage(client.delete(commonPrefix() + "/networks/" + name), 404))
                .isEqualTo("network " + name + " not found");
        assertThat(list(Map.of("name", List.of(name)))).isEmpty();
    }

    @Test
    void createWithIpamKeepsTheGivenPoolAndRefusesAnOverlappingOne() {
        // A random /24 in 10.0.0.0/8: parallel runs against one Engine must not pick the same subnet.
        String net = "10." + ThreadLocalRandom.current().nextInt(100, 200) + "."
                + ThreadLocalRandom.current().nextInt(0, 256);
        String name = uniqueName("ipam");
        String ipam = "{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"" + net + ".0/24\",\"IPRange\":\"" + net
                + ".128/25\",\"Gateway\":\"" + net + ".1\"}]}";
        HostResponse r = create(createBody(name, ipam));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertJsonConforms("POST", "/networks/create", r);

        JsonNode pools = inspect(name).path("IPAM").path("Config");
        assertThat(pools).hasSize(1);
        assertThat(pools.path(0).path("Subnet").asText()).isEqualTo(net + ".0/24");
        assertThat(pools.path(0).path("IPRange").asText()).isEqualTo(net + ".128/25");
        assertThat(pools.path(0).path("Gateway").asText()).isEqualTo(net + ".1");

        String overlapping = "{\"Config\":[{\"Subnet\":\"" + net + ".0/25\"}]}";
        HostResponse refused = create(createBody(uniqueName("overlap"), overlapping));
        assertThat(errorMessage(refused, 403)).contains("Pool overlaps with other one on this address space");
    }

    @Test
    void takenNameIsAConflictWithCheckDuplicate() {
        String name = uniqueName("dup");
        assertThat(create(createBody(name, null)).status()).isEqualTo(201);
        HostResponse again = create(createBody(name, null));
        assertThat(errorMessage(again, 409)).isEqualTo("network with name " + name + " already exists");
    }

    @Test
    void predefinedNetworksCannotBeRemoved() {
        for (String name : new String[]{"bridge", "host", "none"}) {
            assertThat(errorMessage(client.delete(commonPrefix() + "/networks/" + name), 403))
                    .isEqualTo(name + " is a pre-defined network and cannot be removed");
        }
    }

    @Test
    void unknownListFilterIsABadRequest() {
        HostResponse r = client.get(commonPrefix() + "/networks?filters=" + filters(Map.of("nope", List.of("x"))));
        // Engine 20.10 capitalises the message, newer Engines do not.
        assertThat(errorMessage(r, 400)).isEqualToIgnoringCase("invalid filter 'nope'");
    }

    @Test
    void pruneRemovesUnusedNetworksMatchingTheFilter() {
        String name = uniqueName("prune");
        String keep = uniqueName("keep");
        String token = uniqueName("token");
        String pruneLabel = "{\"Name\":\"" + name + "\",\"Labels\":{\"drydock.contract.prune\":\"" + token + "\"}}";
        assertThat(create(pruneLabel).status()).isEqualTo(201);
        assertThat(create(createBody(keep, null)).status()).isEqualTo(201);

        HostResponse r = client.post(commonPrefix() + "/networks/prune?filters="
                + filters(Map.of("label", List.of("drydock.contract.prune=" + token))), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode report = assertJsonConforms("POST", "/networks/prune", r);
        assertThat(report.path("NetworksDeleted")).extracting(JsonNode::asText).containsExactly(name);
        assertThat(client.get(commonPrefix() + "/networks/" + name).status()).isEqualTo(404);
        assertThat(inspect(keep).path("Name").asText()).isEqualTo(keep);
    }

    @Test
    void aContainerOnlyOnAnInternalNetworkPublishesNothing() {
        String box = "busybox:latest";
        if (client.get(commonPrefix() + "/images/" + box + "/json").status() == 404) {
            // Drydock pulls from its simulated registry; an Engine without busybox cannot run this contract.
            client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
        }
        if (client.get(commonPrefix() + "/images/" + box + "/json").status() == 404) {
            skipBecause(box + " is not present on " + target.name());
        }
        String internal = uniqueName("internal");
        String open = uniqueName("open");
        assertThat(create("{\"Name\":\"" + internal + "\",\"Internal\":true}").status()).isEqualTo(201);
        assertThat(create(createBody(open, null)).status()).isEqualTo(201);
        assertThat(inspect(internal).path("Internal").asBoolean()).isTrue();
        JsonNode onInternal = runPublishing(internal);
        // dockerd runs it, keeps the binding asked for, and publishes nothing: no Ports at all.
        assertThat(onInternal.path("HostConfig").path("PortBindings").path("80/tcp").get(0).path("HostIp").asText())
                .isEqualTo("127.0.0.1");
        assertThat(onInternal.path("NetworkSettings").path("Ports").isObject()).isTrue();
        assertThat(onInternal.path("NetworkSettings").path("Ports").size()).isZero();
        JsonNode onOpen = runPublishing(open);
        JsonNode bound = onOpen.path("NetworkSettings").path("Ports").path("80/tcp");
        assertThat(bound.size()).as("%s", onOpen.path("NetworkSettings")).isEqualTo(1);
        assertThat(bound.get(0).path("HostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(bound.get(0).path("HostPort").asText()).matches("[1-9][0-9]*");
    }

    @Test
    void anIpv6NetworkGivesEndpointsGlobalIpv6Addresses() {
        if (client.get(commonPrefix() + "/images/busybox:latest/json").status() == 404) {
            client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
        }
        if (client.get(commonPrefix() + "/images/busybox:latest/json").status() == 404) {
            skipBecause("busybox:latest is not present on " + target.name());
        }
        String name = uniqueName("six");
        int block = ThreadLocalRandom.current().nextInt(0x100, 0xfff);
        String subnet = "2001:db8:" + Integer.toHexString(block) + "::/64";
        assertThat(create("{\"Name\":\"" + name + "\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":[{\"Subnet\":\""
                + subnet + "\"}]}}").status()).isEqualTo(201);
        JsonNode net = inspect(name);
        assertThat(net.path("EnableIPv6").asBoolean()).isTrue();
        JsonNode ep = runPublishing(name).path("NetworkSettings").path("Networks").path(name);
        String prefix = "2001:db8:" + Integer.toHexString(block) + "::";
        assertThat(ep.path("GlobalIPv6Address").asText()).isEqualTo(prefix + "2");
        assertThat(ep.path("GlobalIPv6PrefixLen").asInt()).isEqualTo(64);
        assertThat(ep.path("IPv6Gateway").asText()).isEqualTo(prefix + "1");
    }

    @Test
    void aContainerWideMacAddressIsTheMainEndpointsAndAnEndpointOnlyOneIsIgnoredAt141() {
        if (client.get(commonPrefix() + "/images/busybox:latest/json").status() == 404) {
            client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
        }
        if (client.get(commonPrefix() + "/images/busybox:latest/json").status() == 404) {
            skipBecause("busybox:latest is not present on " + target.name());
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String mac = String.format("02:42:de:ad:%02x:%02x", rnd.nextInt(256), rnd.nextInt(256));
        JsonNode wide = runWith("{\"Image\":\"busybox:latest\",\"Cmd\":[\"sleep\",\"300\"],\"MacAddress\":\""
                + mac + "\"}");
        assertThat(wide.path("Config").path("MacAddress").asText()).isEqualTo(mac);
        assertThat(wide.path("NetworkSettings").path("MacAddress").asText()).isEqualTo(mac);
        assertThat(wide.path("NetworkSettings").path("Networks").path("bridge").path("MacAddress").asText())
                .isEqualTo(mac);

        String net = uniqueName("mac");
        assertThat(create(createBody(net, null)).status()).isEqualTo(201);
        JsonNode endpointOnly = runWith("{\"Image\":\"busybox:latest\",\"Cmd\":[\"sleep\",\"300\"],"
                + "\"HostConfig\":{\"NetworkMode\":\"" + net + "\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\""
                + net + "\":{\"MacAddress\":\"" + mac + "\"}}}}");
        assertThat(endpointOnly.path("Config").has("MacAddress")).as("Config of %s", endpointOnly.path("Config"))
                .isFalse();
        assertThat(endpointOnly.path("NetworkSettings").path("Networks").path(net).path("MacAddress").asText())
                .as("an address of its own").matches("02:42:[0-9a-f:]{11}").isNotEqualTo(mac);

        HostResponse host = client.post(commonPrefix() + "/containers/create?name=" + uniqueName("machost"),
                "{\"Image\":\"busybox:latest\",\"Cmd\":[\"true\"],\"MacAddress\":\"" + mac
                        + "\",\"HostConfig\":{\"NetworkMode\":\"host\"}}");
        assertThat(errorMessage(host, 400)).isEqualTo("conflicting options: mac-address and the network mode");
    }

    /** Creates and starts a container from a create body; its inspect (the container is removed). */
    private JsonNode runWith(String body) {
        return runWith("mac", body);
    }

    private JsonNode runWith(String namePrefix, String body) {
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + uniqueName(namePrefix), body);
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        try {
            assertThat(client.post(commonPrefix() + "/containers/" + id + "/start", null).status()).isEqualTo(204);
            HostResponse inspect = client.get(commonPrefix() + "/containers/" + id + "/json");
            assertThat(inspect.status()).isEqualTo(200);
            return inspect.json();
        } finally {
            client.delete(commonPrefix() + "/containers/" + id + "?force=1");
        }
    }

    /** Runs a busybox that sleeps on the network with 80/tcp bound to a random loopback port; its inspect. */
    private JsonNode runPublishing(String network) {
        return runWith("pub", "{\"Image\":\"busybox:latest\",\"Cmd\":[\"sleep\",\"300\"],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"HostConfig\":{\"NetworkMode\":\"" + network + "\",\"PortBindings\":{\"80/tcp\":"
                + "[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
    }
}
