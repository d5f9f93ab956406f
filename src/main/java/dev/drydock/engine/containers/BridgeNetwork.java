package dev.drydock.engine.containers;

import dev.drydock.engine.Ids;

import java.util.BitSet;

/**
 * The default {@code bridge} network's address allocation (172.17.0.0/16, gateway 172.17.0.1), kept small and
 * replaceable: the networks service takes IPAM over later.
 */
public final class BridgeNetwork {
    private final Ids ids;
    private final String bridgeId;
    private final String hostId;
    private final String noneId;
    private final BitSet used = new BitSet();

    public BridgeNetwork(Ids ids) {
        this.ids = ids;
        this.bridgeId = ids.newId();
        this.hostId = ids.newId();
        this.noneId = ids.newId();
        used.set(0, 2);
    }

    /** The ID of a built-in network (bridge, host, none), or "" for any other name. */
    public String networkId(String name) {
        return switch (name) {
            case "bridge", "default" -> bridgeId;
            case "host" -> hostId;
            case "none" -> noneId;
            default -> "";
        };
    }

    /** Connects a starting container to its network mode's network. */
    public synchronized NetworkEndpoint connect(String networkMode) {
        String mode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default") ? "bridge"
                : networkMode;
        if (!mode.equals("bridge")) {
            return new NetworkEndpoint(mode, networkId(mode), mode.equals("host") || mode.equals("none") ? ""
                    : ids.newId(), "", 0, "", "");
        }
        int n = used.nextClearBit(2);
        if (n > 65534) {
            throw new IllegalStateException("no available IPv4 addresses on the bridge network");
        }
        used.set(n);
        int hi = n >> 8;
        int lo = n & 0xff;
        String ip = "172.17." + hi + "." + lo;
        String mac = String.format("02:42:ac:11:%02x:%02x", hi, lo);
        return new NetworkEndpoint("bridge", bridgeId, ids.newId(), ip, 16, "172.17.0.1", mac);
    }

    /** Releases a stopped container's address. */
    public synchronized void disconnect(NetworkEndpoint e) {
        if (e == null || !e.network().equals("bridge") || e.ipAddress().isEmpty()) {
            return;
        }
        String[] p = e.ipAddress().split("\\.");
        used.clear(Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]));
    }
}
