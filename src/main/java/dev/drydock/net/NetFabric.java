package dev.drydock.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The virtual network of one Drydock instance: networks, running containers' sandboxes, name resolution as
 * Docker's embedded DNS and /etc/hosts give it, in-process connections between containers' listeners, and the
 * real host sockets of published ports.
 *
 * <p>Topology changes (join, leave) are atomic; lookups and connections read concurrently.
 */
public final class NetFabric implements AutoCloseable {
    /** The embedded DNS server's address in containers on user-defined networks. */
    public static final String EMBEDDED_DNS = "127.0.0.11";
    /** The upstream name servers written to resolv.conf when the user gives none (Docker's fallback). */
    public static final List<String> DEFAULT_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

    private final Map<String, VirtualNetwork> networks = new ConcurrentHashMap<>();
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    /** Containers sharing another's namespace ({@code --network container:X}): ID to the owner's ID. */
    private final Map<String, String> shared = new ConcurrentHashMap<>();
    /** Listeners of containers on the host network, by port. */
    private final Map<Integer, ConnectionHandler> hostListeners = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final HostPorts hostPorts;

    /** A fabric whose published ports bind {@code defaultBindAddress} when a binding names no host IP. */
    public NetFabric(String defaultBindAddress) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drydock-net-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.hostPorts = new HostPorts(this, defaultBindAddress, executor);
    }

    /** The executor connection handlers and forwarders run on. */
    public ExecutorService executor() {
        return executor;
    }

    /** The published ports. */
    public HostPorts hostPorts() {
        return hostPorts;
    }

    // ---- topology ----

    public void addNetwork(VirtualNetwork network) {
        networks.put(network.id(), network);
    }

    public void removeNetwork(String networkId) {
        networks.remove(networkId);
    }

    public Optional<VirtualNetwork> network(String networkId) {
        return Optional.ofNullable(networks.get(networkId));
    }

    /** Opens a started container's namespace; replaces a stale one with the same ID. */
    public Sandbox openSandbox(SandboxSpec spec) {
        Sandbox sb = new Sandbox(spec);
        Sandbox old = sandboxes.put(spec.containerId(), sb);
        if (old != null) {
            closeSandbox(old);
        }
        return sb;
    }

    /** Makes {@code containerId} use {@code ownerId}'s namespace, as {@code --network container:OWNER} does. */
    public void shareSandbox(String containerId, String ownerId) {
        shared.put(containerId, ownerId);
    }

    /** The container's namespace (its owner's when shared), if it is running. */
    public Optional<Sandbox> sandbox(String containerId) {
        String owner = shared.getOrDefault(containerId, containerId);
        return Optional.ofNullable(sandboxes.get(owner));
    }

    /**
     * Attaches a running container to a network.
     *
     * @throws NetException the network's refusal (address in use, duplicate endpoint, ...)
     */
    public synchronized Endpoint join(String containerId, String networkId, String endpointId, Integer requestedIp,
                                      List<String> aliases, List<String> dnsNames, String mac) {
        Sandbox sb = sandboxes.get(containerId);
        VirtualNetwork net = networks.get(networkId);
        if (sb == null || net == null) {
            throw new NetException(NetException.Kind.NOT_FOUND, "network " + networkId + " not found");
        }
        Endpoint e = net.attach(endpointId, containerId, sb.spec().name(), requestedIp, aliases, dnsNames, mac);
        sb.put(e);
        return e;
    }

    /** A container was renamed: on every network it is attached to, the embedded DNS answers to the new name. */
    public synchronized void rename(String containerId, String oldName, String newName) {
        Sandbox sb = sandboxes.get(containerId);
        for (VirtualNetwork net : networks.values()) {
            Endpoint e = net.rename(containerId, oldName, newName);
            if (e != null && sb != null) {
                sb.put(e);
            }
        }
    }

    /** Detaches a container from a network; the endpoint removed, or null when it was not attached. */
    public synchronized Endpoint leave(String containerId, String networkId) {
        VirtualNetwork net = networks.get(networkId);
        Sandbox sb = sandboxes.get(containerId);
        if (sb != null) {
            sb.remove(networkId);
        }
        return net == null ? null : net.detach(containerId);
    }

    /**
     * Closes a stopped container's namespace: its published ports and listeners close, it leaves every network.
     *
     * @return the endpoints it had
     */
    public synchronized List<Endpoint> closeSandbox(String containerId) {
        shared.remove(containerId);
        shared.values().removeIf(containerId::equals);
        Sandbox sb = sandboxes.remove(containerId);
        if (sb == null) {
            hostPorts.unpublish(containerId);
            return List.of();
        }
        return closeSandbox(sb);
    }

    private List<Endpoint> closeSandbox(Sandbox sb) {
        hostPorts.unpublish(sb.containerId());
        if (sb.spec().mode() == SandboxSpec.Mode.HOST) {
            for (Integer port : sb.listeningPorts()) {
                hostPorts.closeHostListener(port);
                hostListeners.remove(port);
            }
        }
        sb.listeners.clear();
        sb.boundAddresses.clear();
        List<Endpoint> removed = new ArrayList<>();
        for (Endpoint e : sb.endpoints()) {
            VirtualNetwork net = networks.get(e.networkId());
            if (net != null) {
                net.detach(sb.containerId());
            }
            sb.remove(e.networkId());
            removed.add(e);
        }
        return removed;
    }

    // ---- name resolution ----

    /** The first address {@code name} resolves to for the container, as its /etc/hosts and DNS give it. */
    public Optional<String> resolve(String containerId, String name) {
        List<String> all = resolveAll(containerId, name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Every address {@code name} resolves to: literal addresses, localhost, the container's own hostname,
     * {@code --add-host} entries, links; then, on user-defined networks only, other containers' names, aliases
     * and short IDs (optionally qualified with the network's name) through the embedded DNS.
     */
    public List<String> resolveAll(String containerId, String name) {
        if (name == null || name.isEmpty()) {
            return List.of();
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (Ipv4.isValid(n)) {
            return List.of(n);
        }
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.equals("ip6-localhost") || lower.equals("ip6-loopback")) {
            return List.of("127.0.0.1");
        }
        Sandbox sb = sandbox(containerId).orElse(null);
        if (sb == null) {
            return List.of();
        }
        SandboxSpec spec = sb.spec();
        for (String[] h : HostsFile.extraHosts(spec.extraHosts())) {
            if (h[0].equalsIgnoreCase(n)) {
                return List.of(h[1]);
            }
        }
        if (isSelfName(spec, lower)) {
            if (spec.mode() == SandboxSpec.Mode.HOST) {
                return List.of("127.0.0.1");
            }
            Endpoint p = sb.primary();
            return p == null ? List.of() : List.of(p.ipAddress());
        }
        for (SandboxSpec.Link link : spec.links()) {
            if (link.alias().equalsIgnoreCase(n) || link.name().equalsIgnoreCase(n)
                    || shortId(link.containerId()).equalsIgnoreCase(n)) {
                Optional<String> ip = addressSeenBy(sb, link.containerId());
                if (ip.isPresent()) {
                    return List.of(ip.get());
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (Endpoint own : sb.endpoints()) {
            VirtualNetwork net = networks.get(own.networkId());
            if (net == null || !net.embeddedDns()) {
                continue;
            }
            List<Endpoint> hits = net.lookup(n);
            if (hits.isEmpty() && lower.endsWith("." + net.name().toLowerCase(Locale.ROOT))) {
                hits = net.lookup(n.substring(0, n.length() - net.name().length() - 1));
            }
            for (Endpoint e : hits) {
                if (!found.contains(e.ipAddress())) {
                    found.add(e.ipAddress());
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
        }
        return found;
    }

    private static boolean isSelfName(SandboxSpec spec, String lower) {
        String h = spec.hostname() == null ? "" : spec.hostname().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
            return false;
        }
        return lower.equals(h) || (!spec.domainname().isEmpty()
                && lower.equals(h + "." + spec.domainname().toLowerCase(Locale.ROOT)));
    }

    /** The target's address on a network the viewer shares with it (the default bridge first). */
    private Optional<String> addressSeenBy(Sandbox viewer, String targetId) {
        Sandbox target = sandbox(targetId).orElse(null);
        if (target == null) {
            return Optional.empty();
        }
        for (Endpoint mine : viewer.endpoints()) {
            Endpoint theirs = target.endpoint(mine.networkId());
            if (theirs != null) {
                return Optional.of(theirs.ipAddress());
            }
        }
        return Optional.empty();
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    // ---- connections ----

    /** True when the container can reach {@code host} (what ping reports): itself, or a peer on a shared network. */
    public boolean reachable(String containerId, String host) {
        Optional<String> ip = resolve(containerId, host);
        Sandbox sb = sandbox(containerId).orElse(null);
        if (ip.isEmpty() || sb == null) {
            return false;
        }
        int addr = Ipv4.parse(ip.get());
        if (sb.owns(addr) || sb.spec().mode() == SandboxSpec.Mode.HOST) {
            return true;
        }
        boolean wayOut = false;
        for (Endpoint own : sb.endpoints()) {
            VirtualNetwork net = networks.get(own.networkId());
            if (net != null && (net.isGateway(addr) || (net.endpointAt(addr) != null && net.icc()))) {
                return true;
            }
            wayOut |= net != null && !net.internal();
        }
        // Beyond every container network: the (simulated) outside answers through a network's gateway, unless
        // the container is on --internal networks only.
        for (VirtualNetwork net : networks.values()) {
            if (net.inSubnet(addr)) {
                return false;
            }
        }
        return wayOut;
    }

    /**
     * Sends one ICMP echo request from the container (what each ping does) and counts it, and the reply when one
     * comes, on the interfaces it crosses: loopback for the container's own addresses, the interface on the
     * network the peer shares (the peer's own interface too), else the first interface, where the default route is.
     *
     * @param payload the echo's data bytes (ping's {@code -s}, 56 by default)
     * @return whether a reply comes back, as {@link #reachable} says
     */
    public boolean echo(String containerId, String host, int payload) {
        boolean answered = reachable(containerId, host);
        Sandbox sb = sandbox(containerId).orElse(null);
        Optional<String> ip = resolve(containerId, host);
        if (sb == null || ip.isEmpty() || sb.spec().mode() == SandboxSpec.Mode.HOST) {
            return answered;
        }
        long frame = 14 + 20 + 8 + Math.max(0, payload);
        int addr = Ipv4.parse(ip.get());
        if (sb.owns(addr)) {
            InterfaceCounters lo = sb.loopback();
            lo.sent(2, 2 * frame);
            lo.received(2, 2 * frame);
            return answered;
        }
        InterfaceCounters out = null;
        InterfaceCounters peerIf = null;
        for (Endpoint own : sb.endpoints()) {
            VirtualNetwork net = networks.get(own.networkId());
            if (net == null) {
                continue;
            }
            Endpoint target = net.endpointAt(addr);
            if (target != null || net.isGateway(addr)) {
                out = sb.counters(own.networkId());
                if (target != null && net.icc()) {
                    Sandbox peer = sandboxes.get(target.containerId());
                    peerIf = peer == null ? null : peer.counters(net.id());
                }
                break;
            }
        }
        if (out == null) {
            Endpoint p = sb.primary();
            out = p == null ? null : sb.counters(p.networkId());
        }
        if (out != null) {
            out.sent(1, frame);
            if (answered) {
                out.received(1, frame);
            }
        }
        if (peerIf != null) {
            peerIf.received(1, frame);
            peerIf.sent(1, frame);
        }
        return answered;
    }

    /**
     * The container's interfaces' counters in the order its interfaces are named: {@code lo}, then {@code eth0},
     * {@code eth1}, ... one per endpoint in join order; empty when it has no namespace of its own running.
     */
    public LinkedHashMap<String, InterfaceCounters.Snapshot> statistics(String containerId) {
        LinkedHashMap<String, InterfaceCounters.Snapshot> out = new LinkedHashMap<>();
        Sandbox sb = sandbox(containerId).orElse(null);
        if (sb == null) {
            return out;
        }
        out.put("lo", sb.loopback().snapshot());
        int i = 0;
        for (Endpoint e : sb.endpoints()) {
            InterfaceCounters c = sb.counters(e.networkId());
            out.put("eth" + i++, c == null ? InterfaceCounters.Snapshot.ZERO : c.snapshot());
        }
        return out;
    }

    /**
     * Opens a connection from a container to {@code host:port}; the target's handler runs on the fabric's executor.
     *
     * @throws UnknownHostException  when the name does not resolve for this container
     * @throws NoRouteToHostException when the address is on no network the container shares
     * @throws ConnectException      "Connection refused" when nothing listens on the port
     */
    public VirtualConnection connect(String containerId, String host, int port) throws IOException {
        Sandbox sb = sandbox(containerId).orElseThrow(() -> new NoRouteToHostException("Network is unreachable"));
        String ip = resolve(containerId, host).orElseThrow(() -> new UnknownHostException(host));
        int addr = Ipv4.parse(ip);
        if (sb.spec().mode() == SandboxSpec.Mode.HOST) {
            if (Ipv4.isLoopback(addr) || addr == 0) {
                return connectOnHost(ip, port);
            }
        } else if (sb.owns(addr) || addr == 0) {
            return dial(sb, "127.0.0.1:" + sb.nextEphemeralPort(), ip, port, sb.loopback(), sb.loopback());
        }
        for (Endpoint own : sb.endpoints()) {
            VirtualNetwork net = networks.get(own.networkId());
            if (net == null) {
                continue;
            }
            Endpoint target = net.endpointAt(addr);
            if (target != null && net.icc()) {
                Sandbox peer = sandboxes.get(target.containerId());
                if (peer != null) {
                    return dial(peer, own.ipAddress() + ":" + sb.nextEphemeralPort(), ip, port,
                            sb.counters(own.networkId()), peer.counters(net.id()));
                }
            }
            if (net.isGateway(addr)) {
                // The gateway is the host: its published ports answer there, as docker-proxy's do.
                HostPorts.Binding b = hostPorts.bindingOn(port);
                if (b == null || !(b.hostIp().isEmpty() || b.hostIp().equals("0.0.0.0") || b.hostIp().equals(ip))) {
                    new Wire(sb.counters(own.networkId()), null).refused();
                    throw new ConnectException("Connection refused");
                }
                return connectFromHost(b.containerId(), b.containerPort(), own.ipAddress() + ":" + sb.nextEphemeralPort(),
                        sb.counters(own.networkId()));
            }
        }
        throw new NoRouteToHostException("No route to host");
    }

    /** Connects from the host into a running container's listener (what a published port's forwarder does). */
    public VirtualConnection connectFromHost(String containerId, int port, String remoteAddress) throws IOException {
        return connectFromHost(containerId, port, remoteAddress, null);
    }

    /**
     * Connects through the host into a container's published port; the traffic arrives on the container's first
     * interface (where the port is published), and leaves {@code client}'s when a container dialled it.
     */
    private VirtualConnection connectFromHost(String containerId, int port, String remoteAddress,
                                              InterfaceCounters client) throws IOException {
        Sandbox sb = sandbox(containerId).orElseThrow(() -> new ConnectException("Connection refused"));
        Endpoint p = sb.primary();
        String local = p == null ? "127.0.0.1" : p.ipAddress();
        return dial(sb, remoteAddress, local, port, client, p == null ? null : sb.counters(p.networkId()));
    }

    /**
     * Serves an accepted host socket of a published port with the container's listener on {@code port}, on a
     * fabric thread, the socket itself being the program's connection (no pipe, no forwarding threads).
     *
     * @param onEnd runs once the handler returned and the socket is closed
     * @throws ConnectException when the container is not running or nothing listens on the port
     */
    void serveFromHost(String containerId, int port, java.net.Socket socket, Runnable onEnd) throws IOException {
        Sandbox sb = sandbox(containerId).orElseThrow(() -> new ConnectException("Connection refused"));
        ConnectionHandler h = sb.listeners.get(port);
        if (h == null) {
            throw new ConnectException("Connection refused");
        }
        Endpoint p = sb.primary();
        serveSocket(h, socket, (p == null ? "127.0.0.1" : p.ipAddress()) + ":" + port, onEnd,
                p == null ? null : sb.counters(p.networkId()));
    }

    /** Runs {@code h} over an accepted host socket on a fabric thread; the socket closes when it returns. */
    void serveSocket(ConnectionHandler h, java.net.Socket socket, String local, Runnable onEnd) throws IOException {
        serveSocket(h, socket, local, onEnd, null);
    }

    /** As {@link #serveSocket(ConnectionHandler, java.net.Socket, String, Runnable)}, counted on {@code iface}. */
    private void serveSocket(ConnectionHandler h, java.net.Socket socket, String local, Runnable onEnd,
                             InterfaceCounters iface) throws IOException {
        VirtualConnection accepted = new HostSocketConnection(socket,
                socket.getInetAddress().getHostAddress() + ":" + socket.getPort(), local);
        VirtualConnection c = accepted;
        if (iface != null) {
            Wire wire = new Wire(null, iface);
            wire.handshake();
            c = new CountedConnection(accepted, wire, false, true);
        }
        VirtualConnection conn = c;
        executor.execute(() -> {
            try {
                h.handle(conn);
            } catch (IOException | RuntimeException ignored) {
                // The client went away or the program failed: the connection just closes.
            } finally {
                conn.close();
                onEnd.run();
            }
        });
    }

    private VirtualConnection connectOnHost(String ip, int port) throws IOException {
        ConnectionHandler h = hostListeners.get(port);
        if (h != null) {
            return start(h, "127.0.0.1:" + (40000 + (port % 20000)), ip + ":" + port, null, null);
        }
        HostPorts.Binding b = hostPorts.bindingOn(port);
        if (b != null) {
            return connectFromHost(b.containerId(), b.containerPort(), "127.0.0.1:" + (40000 + (port % 20000)));
        }
        throw new ConnectException("Connection refused");
    }

    /**
     * Connects to the target's listener; {@code from} is the caller's {@code ip:port}, the traffic leaves
     * {@code clientIf} and arrives on {@code serverIf} (null for an interface no container owns).
     */
    private VirtualConnection dial(Sandbox target, String from, String toIp, int port, InterfaceCounters clientIf,
                                   InterfaceCounters serverIf) throws IOException {
        ConnectionHandler h = target.listeners.get(port);
        if (h == null) {
            new Wire(clientIf, serverIf).refused();
            throw new ConnectException("Connection refused");
        }
        return start(h, from, toIp + ":" + port, clientIf, serverIf);
    }

    private VirtualConnection start(ConnectionHandler h, String from, String to, InterfaceCounters clientIf,
                                    InterfaceCounters serverIf) {
        VirtualConnection[] pair = VirtualConnection.pair(from, to);
        if (clientIf != null || serverIf != null) {
            Wire wire = new Wire(clientIf, serverIf);
            wire.handshake();
            pair[0] = new CountedConnection(pair[0], wire, true, false);
            pair[1] = new CountedConnection(pair[1], wire, false, false);
        }
        VirtualConnection server = pair[1];
        executor.execute(() -> {
            try {
                h.handle(server);
            } catch (IOException | RuntimeException ignored) {
                // The peer went away or the program failed: the connection just closes.
            } finally {
                server.close();
            }
        });
        return pair[0];
    }

    /**
     * Listens on a port on every address of the container; on the host network this binds the real host port.
     *
     * @throws java.net.BindException "Address already in use" when the port is taken
     */
    public VirtualListener listen(String containerId, int port, ConnectionHandler handler) throws IOException {
        return listen(containerId, List.of("::"), port, handler);
    }

    /**
     * Listens as {@link #listen(String, int, ConnectionHandler)}, recording the addresses the program bound (one
     * socket each: {@code 0.0.0.0} and {@code ::} for a server listening on both families).
     */
    public VirtualListener listen(String containerId, List<String> bindAddresses, int port, ConnectionHandler handler)
        throws IOException {
        List<String> addresses = List.copyOf(bindAddresses);
        Sandbox sb = sandbox(containerId).orElseThrow(() -> new IOException("Network is down"));
        if (sb.listeners.putIfAbsent(port, handler) != null) {
            throw new java.net.BindException("Address already in use");
        }
        sb.boundAddresses.put(port, addresses);
        if (sb.spec().mode() == SandboxSpec.Mode.HOST) {
            try {
                hostPorts.openHostListener(port, handler);
                hostListeners.put(port, handler);
            } catch (IOException e) {
                sb.listeners.remove(port, handler);
                sb.boundAddresses.remove(port, addresses);
                throw e;
            }
        }
        return new VirtualListener() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                boolean removed = sb.listeners.remove(port, handler);
                if (removed) {
                    sb.boundAddresses.remove(port, addresses);
                }
                if (removed && sb.spec().mode() == SandboxSpec.Mode.HOST) {
                    hostListeners.remove(port, handler);
                    hostPorts.closeHostListener(port);
                }
            }
        };
    }

    // ---- files ----

    /** The container's /etc/hosts as Docker writes it. */
    public String hostsFile(String containerId) {
        Sandbox sb = sandbox(containerId).orElse(null);
        if (sb == null) {
            return HostsFile.BASE;
        }
        List<String[]> linkLines = new ArrayList<>();
        Endpoint primary = sb.primary();
        VirtualNetwork primaryNet = primary == null ? null : networks.get(primary.networkId());
        if (primaryNet != null && primaryNet.defaultBridge()) {
            for (SandboxSpec.Link link : sb.spec().links()) {
                Optional<String> ip = addressSeenBy(sb, link.containerId());
                ip.ifPresent(a -> linkLines.add(new String[]{a, link.alias(), shortId(link.containerId()), link.name()}));
            }
        }
        return HostsFile.render(sb.spec(), primary, linkLines);
    }

    /** The container's /etc/resolv.conf as Docker writes it. */
    public String resolvConf(String containerId) {
        Sandbox sb = sandbox(containerId).orElse(null);
        if (sb == null) {
            return ResolvConf.render(List.of(), List.of(), List.of(), false);
        }
        boolean embedded = false;
        if (sb.spec().mode() == SandboxSpec.Mode.NETWORKED) {
            for (Endpoint e : sb.endpoints()) {
                VirtualNetwork net = networks.get(e.networkId());
                embedded |= net != null && net.embeddedDns();
            }
        }
        return ResolvConf.render(sb.spec().dns(), sb.spec().dnsSearch(), sb.spec().dnsOptions(), embedded);
    }

    /** Every network, in no particular order. */
    public Collection<VirtualNetwork> networks() {
        return networks.values();
    }

    /** Closes every published port and stops the handlers' threads. */
    @Override
    public void close() {
        hostPorts.closeAll();
        executor.shutdownNow();
    }
}
