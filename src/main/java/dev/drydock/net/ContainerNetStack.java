package dev.drydock.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container's view of the fabric, shaped like the runtime's per-process network API (resolve, connect,
 * listen, interfaces, routes) so a thin adapter can implement it.
 */
public final class ContainerNetStack {
    private final NetFabric fabric;
    private final String containerId;

    public ContainerNetStack(NetFabric fabric, String containerId) {
        this.fabric = fabric;
        this.containerId = containerId;
    }

    public String containerId() {
        return containerId;
    }

    /** Resolves a name as getaddrinfo in the container would. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<String> ips = fabric.resolveAll(containerId, host);
        if (ips.isEmpty()) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(InetAddress.getByAddress(host, Ipv4.bytes(Ipv4.parse(ip))));
        }
        return out;
    }

    /** The first address a name resolves to. */
    public Optional<String> resolveFirst(String host) {
        return fabric.resolve(containerId, host);
    }

    /** Whether an ICMP echo to the host would be answered. */
    public boolean reachable(String host) {
        return fabric.reachable(containerId, host);
    }

    /** Sends one ICMP echo of {@code payload} data bytes and counts it on the interfaces; whether it is answered. */
    public boolean echo(String host, int payload) {
        return fabric.echo(containerId, host, payload);
    }

    /** Each interface's counters by name ({@code lo}, {@code eth0}, ...), as {@link #interfaces()} names them. */
    public Map<String, InterfaceCounters.Snapshot> statistics() {
        return fabric.statistics(containerId);
    }

    public VirtualConnection connect(String host, int port) throws IOException {
        return fabric.connect(containerId, host, port);
    }

    public VirtualListener listen(int port, ConnectionHandler handler) throws IOException {
        return fabric.listen(containerId, port, handler);
    }

    /**
     * Listens on {@code port}, recording the addresses the program bound ({@code ::}, {@code 0.0.0.0}, both, ...).
     */
    public VirtualListener listen(List<String> bindAddresses, int port, ConnectionHandler handler)
        throws IOException {
        return fabric.listen(containerId, bindAddresses, port, handler);
    }

    /** The addresses {@code port} was bound to: {@code ::} unless the program chose others. */
    public List<String> boundAddresses(int port) {
        return fabric.sandbox(containerId).map(s -> s.boundAddresses(port)).orElse(List.of("::"));
    }

    public List<Integer> listeningPorts() {
        return fabric.sandbox(containerId).map(Sandbox::listeningPorts).orElse(List.of());
    }

    /**
     * The interfaces: {@code lo}, then {@code eth0}, {@code eth1}, ... one per endpoint in join order.
     *
     * @return {name, mac, address, prefix, mtu} rows
     */
    public List<Interface> interfaces() {
        List<Interface> out = new ArrayList<>();
        out.add(new Interface("lo", "00:00:00:00:00:00", "127.0.0.1", 8, 65536));
        Optional<Sandbox> sb = fabric.sandbox(containerId);
        if (sb.isPresent()) {
            int i = 0;
            for (Endpoint e : sb.get().endpoints()) {
                out.add(new Interface("eth" + i++, e.mac(), e.ipAddress(), e.prefix(), 1500));
            }
        }
        return out;
    }

    /** The routing table: the first endpoint's gateway as default route, then each subnet on its interface. */
    public List<RouteEntry> routes() {
        List<RouteEntry> out = new ArrayList<>();
        Optional<Sandbox> sb = fabric.sandbox(containerId);
        if (sb.isEmpty()) {
            return out;
        }
        List<Endpoint> eps = sb.get().endpoints();
        if (!eps.isEmpty()) {
            out.add(new RouteEntry("default", eps.get(0).gatewayAddress(), "eth0", null));
        }
        int i = 0;
        for (Endpoint e : eps) {
            Cidr net = new Cidr(e.ip(), e.prefix()).masked();
            out.add(new RouteEntry(net.toString(), null, "eth" + i++, e.ipAddress()));
        }
        return out;
    }

    /** The container's /etc/hosts. */
    public String hostsFile() {
        return fabric.hostsFile(containerId);
    }

    /** The container's /etc/resolv.conf. */
    public String resolvConf() {
        return fabric.resolvConf(containerId);
    }

    /** A network interface. */
    public record Interface(String name, String mac, String address, int prefix, int mtu) {
    }

    /** A route: destination {@code default} or a CIDR, via a gateway (null on-link), on a device, from a source. */
    public record RouteEntry(String destination, String gateway, String device, String source) {
    }
}
