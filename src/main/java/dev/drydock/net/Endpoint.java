package dev.drydock.net;

import java.util.List;

/**
 * A container's attachment to one network: its address there and the names it answers to on it.
 *
 * @param id            the endpoint ID (64 hex)
 * @param networkId     the network's ID
 * @param networkName   the network's name
 * @param containerId   the container's full ID
 * @param containerName the container's name, without the leading slash
 * @param ip            the IPv4 address
 * @param prefix        the subnet's prefix length
 * @param gateway       the subnet's gateway
 * @param mac           the MAC address ({@code 02:42:} followed by the IPv4 bytes)
 * @param aliases       the network aliases the user gave
 * @param dnsNames      every name the embedded DNS answers with this address (container name, aliases, short ID)
 * @param ipv6          the IPv6 address on an {@code EnableIPv6} network, or ""
 * @param ipv6Prefix    the IPv6 subnet's prefix length, or 0
 * @param ipv6Gateway   the IPv6 gateway, or ""
 */
public record Endpoint(String id, String networkId, String networkName, String containerId, String containerName,
                       int ip, int prefix, int gateway, String mac, List<String> aliases, List<String> dnsNames,
                       String ipv6, int ipv6Prefix, String ipv6Gateway) {

    public Endpoint {
        aliases = List.copyOf(aliases);
        dnsNames = List.copyOf(dnsNames);
    }

    /** {@code ipv6/prefix}, as network inspect shows it, or "" without IPv6. */
    public String ipv6Cidr() {
        return ipv6.isEmpty() ? "" : ipv6 + "/" + ipv6Prefix;
    }

    /** The address in dotted form. */
    public String ipAddress() {
        return Ipv4.format(ip);
    }

    /** The gateway in dotted form. */
    public String gatewayAddress() {
        return Ipv4.format(gateway);
    }

    /** {@code ip/prefix}, as network inspect shows it. */
    public String cidr() {
        return ipAddress() + "/" + prefix;
    }

    /** Docker's MAC for an IPv4 address: the 02:42 prefix followed by the four address bytes. */
    public static String macFor(int ip) {
        // By hand: String.format cost as much as the rest of a container's network start.
        char[] mac = "02:42:00:00:00:00".toCharArray();
        for (int i = 0; i < 4; i++) {
            int b = (ip >>> (24 - 8 * i)) & 0xff;
            mac[6 + 3 * i] = Character.forDigit(b >>> 4, 16);
            mac[7 + 3 * i] = Character.forDigit(b & 0xf, 16);
        }
        return new String(mac);
    }
}
