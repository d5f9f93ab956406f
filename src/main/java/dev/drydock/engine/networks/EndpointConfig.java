package dev.drydock.engine.networks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's requested settings on one network ({@code EndpointSettings} as sent to create or connect).
 *
 * @param ipv4Address static IPv4 address (IPAMConfig.IPv4Address), or null
 * @param ipv6Address static IPv6 address (IPAMConfig.IPv6Address), or null
 * @param hasIpamConfig whether the request carried an IPAMConfig object (echoed back as {@code {}} then)
 * @param aliases     network-scoped aliases, or null
 * @param links       legacy links {@code name:alias}, or null
 * @param macAddress  requested MAC address, or null
 * @param driverOpts  driver options, or null
 */
public record EndpointConfig(String ipv4Address, String ipv6Address, boolean hasIpamConfig, List<String> aliases,
                             List<String> links, String macAddress, Map<String, String> driverOpts) {

    /** No particular settings. */
    public static final EndpointConfig NONE = new EndpointConfig(null, null, false, null, null, null, null);

    /** Only aliases. */
    public static EndpointConfig withAliases(List<String> aliases) {
        return new EndpointConfig(null, null, false, aliases, null, null, null);
    }

    /** A static IPv4 address. */
    public static EndpointConfig withIp(String ipv4) {
        return new EndpointConfig(ipv4, null, true, null, null, null, null);
    }

    public boolean hasStaticIp() {
        return (ipv4Address != null && !ipv4Address.isEmpty()) || (ipv6Address != null && !ipv6Address.isEmpty());
    }

    /** Parses one {@code EndpointSettings} object of a connect or container create request (null: none). */
    public static EndpointConfig fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return NONE;
        }
        JsonNode ipam = n.get("IPAMConfig");
        boolean hasIpam = ipam != null && ipam.isObject();
        return new EndpointConfig(hasIpam ? text(ipam, "IPv4Address") : null,
                hasIpam ? text(ipam, "IPv6Address") : null, hasIpam, strings(n.get("Aliases")),
                strings(n.get("Links")), text(n, "MacAddress"), stringMap(n.get("DriverOpts")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> l = new ArrayList<>();
        n.forEach(v -> l.add(v.asText()));
        return l;
    }

    private static Map<String, String> stringMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return m;
    }
}
