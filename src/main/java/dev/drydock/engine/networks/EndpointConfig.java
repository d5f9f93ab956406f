package dev.drydock.engine.networks;

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
}
