package dev.drydock.net;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The addresses of one subnet of a network, as libnetwork's default IPAM hands them out: the network and
 * broadcast addresses are never given, the gateway and auxiliary addresses are reserved up front, and dynamic
 * addresses come from the IP range (the whole subnet by default), lowest free first.
 *
 * <p>Not thread-safe: the owning {@link VirtualNetwork} serializes access.
 */
public final class SubnetPool {
    private final Cidr subnet;
    private final Cidr ipRange;
    private final int gateway;
    private final Map<String, Integer> auxiliary;
    /** Offsets from the network address that are taken. */
    private final BitSet used = new BitSet();
    private int inUse;

    private SubnetPool(Cidr subnet, Cidr ipRange, Integer gateway, Map<String, Integer> auxiliary) {
        this.subnet = subnet.masked();
        this.ipRange = ipRange == null ? null : ipRange.masked();
        used.set(0);
        if (this.subnet.prefix() < 31) {
            used.set(offset(this.subnet.broadcast()));
        }
        this.auxiliary = new LinkedHashMap<>(auxiliary);
        for (int aux : auxiliary.values()) {
            if (!used.get(offset(aux))) {
                used.set(offset(aux));
                inUse++;
            }
        }
        if (gateway == null) {
            gateway = allocateDynamic();
        } else if (!used.get(offset(gateway))) {
            used.set(offset(gateway));
            inUse++;
        }
        this.gateway = gateway;
    }

    /**
     * A pool for a validated configuration: the gateway (first free address of the range when null) is reserved.
     *
     * @throws NetException when the range has no address left for the gateway
     */
    public static SubnetPool create(Cidr subnet, Cidr ipRange, Integer gateway, Map<String, Integer> auxiliary) {
        return new SubnetPool(subnet, ipRange, gateway, auxiliary);
    }

    public Cidr subnet() {
        return subnet;
    }

    /** The range dynamic addresses come from; null when it is the whole subnet. */
    public Cidr ipRange() {
        return ipRange;
    }

    public int gateway() {
        return gateway;
    }

    public Map<String, Integer> auxiliary() {
        return auxiliary;
    }

    /** Addresses taken (gateway, auxiliary and endpoints). */
    public int inUse() {
        return inUse;
    }

    public boolean contains(int ip) {
        return subnet.contains(ip);
    }

    private int offset(int ip) {
        return ip - subnet.network();
    }

    /** The lowest free address of the range. */
    public int allocateDynamic() {
        Cidr range = ipRange == null ? subnet : ipRange;
        int from = offset(range.network());
        long to = (long) offset(range.network()) + range.size();
        int free = used.nextClearBit(from);
        if (free < 0 || free >= to || (subnet.prefix() < 31 && free == offset(subnet.broadcast()))) {
            throw new NetException(NetException.Kind.FAILED,
                    "no available IPv4 addresses on this network's address pools: (" + subnet + ")");
        }
        used.set(free);
        inUse++;
        return subnet.network() + free;
    }

    /** Takes a specific address; Docker's errors when it is outside the subnet or already taken. */
    public void reserve(int ip) {
        if (!subnet.contains(ip)) {
            throw new NetException(NetException.Kind.FAILED, "Invalid address " + Ipv4.format(ip)
                    + ": It does not belong to any of this network's subnets");
        }
        if (used.get(offset(ip))) {
            throw new NetException(NetException.Kind.FORBIDDEN, "Address already in use");
        }
        used.set(offset(ip));
        inUse++;
    }

    /** Gives an endpoint's address back. */
    public void release(int ip) {
        if (subnet.contains(ip) && ip != gateway && !auxiliary.containsValue(ip) && used.get(offset(ip))) {
            used.clear(offset(ip));
            inUse--;
        }
    }

    /** Addresses of the range still free for dynamic allocation. */
    public long dynamicAvailable() {
        Cidr range = ipRange == null ? subnet : ipRange;
        int from = offset(range.network());
        long to = from + range.size();
        long taken = used.get(from, (int) Math.min(to, Integer.MAX_VALUE)).cardinality();
        return range.size() - taken;
    }
}
