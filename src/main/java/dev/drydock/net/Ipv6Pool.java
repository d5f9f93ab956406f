package dev.drydock.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.TreeSet;

/**
 * The IPv6 subnet of an {@code EnableIPv6} network: a gateway (the first address unless given) and the addresses
 * handed to endpoints, lowest free first, as Docker's default IPAM allocates them.
 */
public final class Ipv6Pool {
    private final BigInteger network;
    private final int prefix;
    private final BigInteger gateway;
    private final TreeSet<BigInteger> used = new TreeSet<>();

    private Ipv6Pool(BigInteger network, int prefix, BigInteger gateway) {
        this.network = network;
        this.prefix = prefix;
        this.gateway = gateway;
    }

    /**
     * A pool for a subnet such as {@code 2001:db8:1::/64}.
     *
     * @param gateway the configured gateway, or null/empty for the subnet's first address
     * @throws IllegalArgumentException when the subnet or gateway is not IPv6
     */
    public static Ipv6Pool create(String subnet, String gateway) {
        int slash = subnet.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + subnet);
        }
        int prefix = Integer.parseInt(subnet.substring(slash + 1));
        BigInteger base = parse(subnet.substring(0, slash));
        BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)
                .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        BigInteger net = base.and(mask);
        BigInteger gw = gateway == null || gateway.isEmpty() ? net.add(BigInteger.ONE) : parse(gateway);
        return new Ipv6Pool(net, prefix, gw);
    }

    private static BigInteger parse(String address) {
        if (!address.contains(":")) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
        try {
            return new BigInteger(1, InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + address, e);
        }
    }

    public int prefix() {
        return prefix;
    }

    public String gateway() {
        return format(gateway);
    }

    /** The lowest free address after the network address, skipping the gateway. */
    public synchronized String allocate() {
        BigInteger a = network.add(BigInteger.ONE);
        while (a.equals(gateway) || used.contains(a)) {
            a = a.add(BigInteger.ONE);
        }
        if (a.bitLength() > 128 || a.subtract(network).bitLength() > 128 - prefix) {
            throw new NetException(NetException.Kind.FAILED, "no available IPv6 addresses on this network's address pools");
        }
        used.add(a);
        return format(a);
    }

    public synchronized void release(String address) {
        if (address != null && !address.isEmpty()) {
            used.remove(parse(address));
        }
    }

    /** RFC 5952 text, as Go prints addresses: lower case, the longest run of two or more zero groups as "::". */
    static String format(BigInteger v) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = v.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
