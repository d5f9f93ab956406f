package dev.drydock.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One network of the virtual fabric: its address pools and the endpoints attached to it, indexed by address and
 * by DNS name. Thread-safe; each change is atomic.
 */
public final class VirtualNetwork {
    /** How containers on the network reach each other and the host. */
    public enum Kind {
        /** A bridge (default or user-defined) or overlay: addresses from pools, reachable by address. */
        ROUTED,
        /** {@code host}: containers use the host's stack. */
        HOST,
        /** {@code none}: loopback only. */
        NULL
    }

    private final String id;
    private final String name;
    private final Kind kind;
    private final boolean embeddedDns;
    private final boolean defaultBridge;
    private final boolean icc;
    private final boolean internal;
    private final List<SubnetPool> pools;
    /** The IPv6 subnet of an EnableIPv6 network, set before the network is used; null without IPv6. */
    private volatile Ipv6Pool ipv6;
    private final Map<String, Endpoint> byContainer = new LinkedHashMap<>();
    private final Map<Integer, Endpoint> byIp = new HashMap<>();
    private final Map<String, List<Endpoint>> byName = new HashMap<>();

    /**
     * @param embeddedDns   whether containers resolve each other by name here (user-defined networks)
     * @param defaultBridge whether this is the default {@code bridge} network (links and /etc/hosts only)
     * @param icc           whether containers may talk to each other (bridge option enable_icc)
     */
    public VirtualNetwork(String id, String name, Kind kind, boolean embeddedDns, boolean defaultBridge, boolean icc,
                          List<SubnetPool> pools) {
        this(id, name, kind, embeddedDns, defaultBridge, icc, false, pools);
    }

    /**
     * @param internal whether the network has no way out ({@code --internal}): only its own subnet is reachable
     */
    public VirtualNetwork(String id, String name, Kind kind, boolean embeddedDns, boolean defaultBridge, boolean icc,
                          boolean internal, List<SubnetPool> pools) {
        this.internal = internal;
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.embeddedDns = embeddedDns;
        this.defaultBridge = defaultBridge;
        this.icc = icc;
        this.pools = List.copyOf(pools);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean embeddedDns() {
        return embeddedDns;
    }

    public boolean defaultBridge() {
        return defaultBridge;
    }

    public boolean icc() {
        return icc;
    }

    /** Gives the network an IPv6 subnet (EnableIPv6): each endpoint gets an address from it too. */
    public void ipv6(Ipv6Pool pool) {
        this.ipv6 = pool;
    }

    /** True for an {@code --internal} network: no route beyond its own subnet. */
    public boolean internal() {
        return internal;
    }

    /** True when the address lies in one of the network's subnets. */
    public boolean inSubnet(int ip) {
        for (SubnetPool p : pools) {
            if (p.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    public List<SubnetPool> pools() {
        return pools;
    }

    /** The subnets, in configuration order. */
    public List<Cidr> subnets() {
        List<Cidr> l = new ArrayList<>();
        for (SubnetPool p : pools) {
            l.add(p.subnet());
        }
        return l;
    }

    /**
     * Attaches a container: a dynamic address from the first pool with room, or {@code requestedIp}.
     *
     * @throws NetException "Address already in use", an address outside every subnet, or a full network
     */
    public synchronized Endpoint attach(String endpointId, String containerId, String containerName, Integer requestedIp,
                                        List<String> aliases, List<String> dnsNames, String mac) {
        if (byContainer.containsKey(containerId)) {
            throw new NetException(NetException.Kind.FORBIDDEN,
                    "endpoint with name " + containerName + " already exists in network " + name);
        }
        if (pools.isEmpty()) {
            throw new NetException(NetException.Kind.FORBIDDEN, "network " + name + " has no address pools");
        }
        SubnetPool pool = null;
        int ip;
        if (requestedIp != null) {
            for (SubnetPool p : pools) {
                if (p.contains(requestedIp)) {
                    pool = p;
                    break;
                }
            }
            if (pool == null) {
                throw new NetException(NetException.Kind.FAILED, "Invalid address " + Ipv4.format(requestedIp)
                        + ": It does not belong to any of this network's subnets");
            }
            pool.reserve(requestedIp);
            ip = requestedIp;
        } else {
            NetException last = null;
            ip = 0;
            for (SubnetPool p : pools) {
                try {
                    ip = p.allocateDynamic();
                    pool = p;
                    break;
                } catch (NetException e) {
                    last = e;
                }
            }
            if (pool == null) {
                throw last;
            }
        }
        Ipv6Pool v6 = ipv6;
        String ip6 = "";
        if (v6 != null) {
            try {
                ip6 = v6.allocate();
            } catch (NetException full) {
                pool.release(ip);
                throw full;
            }
        }
        Endpoint e = new Endpoint(endpointId, id, name, containerId, containerName, ip, pool.subnet().prefix(),
                pool.gateway(), mac == null || mac.isEmpty() ? Endpoint.macFor(ip) : mac, aliases, dnsNames,
                ip6, v6 == null ? 0 : v6.prefix(), v6 == null ? "" : v6.gateway());
        byContainer.put(containerId, e);
        byIp.put(ip, e);
        for (String n : dnsNames) {
            byName.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e);
        }
        return e;
    }

    /**
     * The container was renamed: its endpoint answers to the new name (not the old one) from now on; its other
     * names (aliases, short ID, hostname) stay. The updated endpoint, or null when it is not attached here.
     */
    public synchronized Endpoint rename(String containerId, String oldName, String newName) {
        Endpoint e = byContainer.get(containerId);
        if (e == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String n : e.dnsNames()) {
            List<Endpoint> l = byName.get(n.toLowerCase(Locale.ROOT));
            if (l != null) {
                l.remove(e);
                if (l.isEmpty()) {
                    byName.remove(n.toLowerCase(Locale.ROOT));
                }
            }
            String renamed = n.equals(oldName) ? newName : n;
            if (!names.contains(renamed)) {
                names.add(renamed);
            }
        }
        Endpoint r = new Endpoint(e.id(), e.networkId(), e.networkName(), containerId, newName, e.ip(), e.prefix(),
                e.gateway(), e.mac(), e.aliases(), names, e.ipv6(), e.ipv6Prefix(), e.ipv6Gateway());
        byContainer.put(containerId, r);
        byIp.put(r.ip(), r);
        for (String n : names) {
            byName.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
        }
        return r;
    }

    /** Detaches a container and frees its address; the endpoint that was removed, or null. */
    public synchronized Endpoint detach(String containerId) {
        Endpoint e = byContainer.remove(containerId);
        if (e == null) {
            return null;
        }
        byIp.remove(e.ip());
        for (String n : e.dnsNames()) {
            List<Endpoint> l = byName.get(n.toLowerCase(Locale.ROOT));
            if (l != null) {
                l.remove(e);
                if (l.isEmpty()) {
                    byName.remove(n.toLowerCase(Locale.ROOT));
                }
            }
        }
        for (SubnetPool p : pools) {
            if (p.contains(e.ip())) {
                p.release(e.ip());
                break;
            }
        }
        Ipv6Pool v6 = ipv6;
        if (v6 != null) {
            v6.release(e.ipv6());
        }
        return e;
    }

    public synchronized Endpoint endpointOf(String containerId) {
        return byContainer.get(containerId);
    }

    public synchronized Endpoint endpointAt(int ip) {
        return byIp.get(ip);
    }

    /** The endpoints answering to a DNS name (case-insensitive), in attach order. */
    public synchronized List<Endpoint> lookup(String dnsName) {
        List<Endpoint> l = byName.get(dnsName.toLowerCase(Locale.ROOT));
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Every endpoint, in attach order. */
    public synchronized Collection<Endpoint> endpoints() {
        return List.copyOf(byContainer.values());
    }

    public synchronized int endpointCount() {
        return byContainer.size();
    }

    /** True when the address is a gateway of this network. */
    public boolean isGateway(int ip) {
        for (SubnetPool p : pools) {
            if (p.gateway() == ip) {
                return true;
            }
        }
        return false;
    }
}
