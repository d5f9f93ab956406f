package dev.drydock.engine.networks;

import dev.drydock.engine.ApiVersions;
import dev.drydock.net.Endpoint;
import dev.drydock.net.PublishedPort;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Networks and endpoints in the JSON shapes the Engine API uses, for the API version the client speaks:
 * network inspect and list, and the container's {@code NetworkSettings} for container inspect and list.
 */
public final class NetworkViews {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private NetworkViews() {
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros trimmed. */
    public static String goTime(Instant t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        if (t.getNano() != 0) {
            String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        return sb.append('Z').toString();
    }

    /** A network as inspect (with its containers) or list (with an empty Containers map) shows it. */
    public static Map<String, Object> network(Network n, boolean withContainers, String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("Id", n.id());
        m.put("Created", goTime(n.created()));
        m.put("Scope", n.scope());
        m.put("Driver", n.driver());
        if (ApiVersions.atLeast(apiVersion, "1.47")) {
            m.put("EnableIPv4", n.enableIpv4());
        }
        m.put("EnableIPv6", n.enableIpv6());
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", n.ipamDriver());
        ipam.put("Options", n.ipamOptions());
        ipam.put("Config", n.ipamConfig());
        m.put("IPAM", ipam);
        m.put("Internal", n.internal());
        m.put("Attachable", n.attachable());
        m.put("Ingress", n.ingress());
        m.put("ConfigFrom", Map.of("Network", n.configFrom()));
        m.put("ConfigOnly", n.configOnly());
        Map<String, Object> containers = new LinkedHashMap<>();
        if (withContainers) {
            for (Endpoint e : n.fabric().endpoints()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("Name", e.containerName());
                c.put("EndpointID", e.id());
                c.put("MacAddress", e.mac());
                c.put("IPv4Address", e.cidr());
                c.put("IPv6Address", e.ipv6Cidr());
                containers.put(e.containerId(), c);
            }
        }
        m.put("Containers", containers);
        m.put("Options", n.options());
        m.put("Labels", n.labels());
        return m;
    }

    /** A list of networks as {@code GET /networks} shows it. */
    public static List<Map<String, Object>> list(Collection<Network> networks, String apiVersion) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Network n : networks) {
            out.add(network(n, false, apiVersion));
        }
        return out;
    }

    /** One entry of a container's {@code NetworkSettings.Networks} map. */
    public static Map<String, Object> endpointSettings(NetworkService.Attachment a, String shortId,
                                                       String apiVersion) {
        boolean modern = ApiVersions.atLeast(apiVersion, "1.44");
        EndpointConfig cfg = a.config();
        Endpoint ep = a.endpoint();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> ipamConfig = null;
        if (cfg.hasIpamConfig() || cfg.hasStaticIp()) {
            ipamConfig = new LinkedHashMap<>();
            if (cfg.ipv4Address() != null && !cfg.ipv4Address().isEmpty()) {
                ipamConfig.put("IPv4Address", cfg.ipv4Address());
            }
            if (cfg.ipv6Address() != null && !cfg.ipv6Address().isEmpty()) {
                ipamConfig.put("IPv6Address", cfg.ipv6Address());
            }
        }
        m.put("IPAMConfig", ipamConfig);
        m.put("Links", cfg.links() == null || cfg.links().isEmpty() ? null : cfg.links());
        List<String> aliases = cfg.aliases() == null ? new ArrayList<>() : new ArrayList<>(cfg.aliases());
        if (!ApiVersions.atLeast(apiVersion, "1.45") && ep != null && a.network().userDefined()
                && !aliases.contains(shortId)) {
            aliases.add(shortId);
        }
        String mac = ep != null ? ep.mac() : cfg.macAddress() == null ? "" : cfg.macAddress();
        if (modern) {
            m.put("MacAddress", mac);
        }
        m.put("Aliases", aliases.isEmpty() ? null : aliases);
        if (modern) {
            m.put("DriverOpts", cfg.driverOpts());
            if (ApiVersions.atLeast(apiVersion, "1.48")) {
                m.put("GwPriority", 0);
            }
        }
        m.put("NetworkID", a.network().id());
        m.put("EndpointID", ep == null ? "" : ep.id());
        m.put("Gateway", ep == null ? "" : ep.gatewayAddress());
        m.put("IPAddress", ep == null ? "" : ep.ipAddress());
        m.put("IPPrefixLen", ep == null ? 0 : ep.prefix());
        m.put("IPv6Gateway", ep == null ? "" : ep.ipv6Gateway());
        m.put("GlobalIPv6Address", ep == null ? "" : ep.ipv6());
        m.put("GlobalIPv6PrefixLen", ep == null ? 0 : ep.ipv6Prefix());
        if (!modern) {
            m.put("MacAddress", mac);
            m.put("DriverOpts", cfg.driverOpts());
        } else {
            m.put("DNSNames", ep == null || ep.dnsNames().isEmpty() ? null : ep.dnsNames());
        }
        return m;
    }

    /** The container's {@code NetworkSettings.Networks} map, keyed by network name. */
    public static Map<String, Object> networks(NetworkService service, String containerId, String apiVersion) {
        String shortId = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
        Map<String, Object> m = new LinkedHashMap<>();
        for (NetworkService.Attachment a : service.attachments(containerId)) {
            m.put(a.network().name(), endpointSettings(a, shortId, apiVersion));
        }
        return m;
    }

    /**
     * The container's {@code NetworkSettings.Ports}: each exposed or published port, with its host bindings
     * while running (null when exposed only).
     *
     * @param exposed container port keys such as {@code 80/tcp}, in the container's order
     */
    public static Map<String, Object> ports(NetworkService service, String containerId, Collection<String> exposed) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!service.running(containerId) || service.isolated(containerId)) {
            return m;
        }
        for (String key : exposed) {
            m.put(key.contains("/") ? key : key + "/tcp", null);
        }
        for (PublishedPort p : service.published(containerId)) {
            String key = p.containerPort() + "/" + p.proto();
            @SuppressWarnings("unchecked")
            List<Map<String, String>> l = (List<Map<String, String>>) m.get(key);
            if (l == null) {
                l = new ArrayList<>();
                m.put(key, l);
            }
            Map<String, String> b = new LinkedHashMap<>();
            b.put("HostIp", p.hostIp());
            b.put("HostPort", String.valueOf(p.hostPort()));
            l.add(b);
        }
        return m;
    }

    /** {@code Ports} of a container in {@code GET /containers/json}. */
    public static List<Map<String, Object>> summaryPorts(NetworkService service, String containerId,
                                                         Collection<String> exposed) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (service.isolated(containerId)) {
            return out;
        }
        for (PublishedPort p : service.published(containerId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", p.hostIp());
            m.put("PrivatePort", p.containerPort());
            m.put("PublicPort", p.hostPort());
            m.put("Type", p.proto());
            out.add(m);
        }
        for (String key : exposed) {
            String[] parts = key.split("/");
            int port = Integer.parseInt(parts[0]);
            String proto = parts.length > 1 ? parts[1] : "tcp";
            boolean published = service.published(containerId).stream()
                    .anyMatch(p -> p.containerPort() == port && p.proto().equals(proto));
            if (!published) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("PrivatePort", port);
                m.put("Type", proto);
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The whole {@code NetworkSettings} object of container inspect: before API 1.52 with the legacy top-level
     * fields (filled from the default bridge endpoint), from 1.52 on only SandboxID, SandboxKey, Ports, Networks.
     *
     * @param sandboxId the container's sandbox ID (64 hex) while running, or empty
     */
    public static Map<String, Object> networkSettings(NetworkService service, String containerId, String sandboxId,
                                                      Collection<String> exposed, String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        String key = sandboxId == null || sandboxId.isEmpty() ? "" : "/var/run/docker/netns/" + sandboxId.substring(0,
                Math.min(12, sandboxId.length()));
        Map<String, Object> networks = networks(service, containerId, apiVersion);
        Map<String, Object> ports = ports(service, containerId, exposed);
        if (ApiVersions.atLeast(apiVersion, "1.52")) {
            m.put("SandboxID", sandboxId == null ? "" : sandboxId);
            m.put("SandboxKey", key);
            m.put("Ports", ports);
            m.put("Networks", networks);
            return m;
        }
        Endpoint bridge = null;
        for (NetworkService.Attachment a : service.attachments(containerId)) {
            if (a.network().name().equals("bridge") && a.network().predefined()) {
                bridge = a.endpoint();
            }
        }
        m.put("Bridge", "");
        m.put("SandboxID", sandboxId == null ? "" : sandboxId);
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("Ports", ports);
        m.put("SandboxKey", key);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        m.put("EndpointID", bridge == null ? "" : bridge.id());
        m.put("Gateway", bridge == null ? "" : bridge.gatewayAddress());
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", bridge == null ? "" : bridge.ipAddress());
        m.put("IPPrefixLen", bridge == null ? 0 : bridge.prefix());
        m.put("IPv6Gateway", "");
        m.put("MacAddress", bridge == null ? "" : bridge.mac());
        m.put("Networks", networks);
        return m;
    }

    /** {@code NetworkSettings} of a container in {@code GET /containers/json}: only the Networks map. */
    public static Map<String, Object> summaryNetworkSettings(NetworkService service, String containerId,
                                                             String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Networks", networks(service, containerId, apiVersion));
        return m;
    }
}
