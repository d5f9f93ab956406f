package dev.drydock.engine.networks;

import dev.drydock.engine.ApiVersions;
import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.EventBus;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Timestamps;
import dev.drydock.net.Cidr;
import dev.drydock.net.ContainerNetStack;
import dev.drydock.net.DefaultPools;
import dev.drydock.net.Endpoint;
import dev.drydock.net.Ipv4;
import dev.drydock.net.NetException;
import dev.drydock.net.NetFabric;
import dev.drydock.net.PortRequest;
import dev.drydock.net.PublishedPort;
import dev.drydock.net.SandboxSpec;
import dev.drydock.net.SubnetPool;
import dev.drydock.net.VirtualNetwork;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Networks and container endpoints: {@code /networks} and everything containers need from the network
 * (endpoints at start, NetworkSettings, /etc/hosts, resolv.conf, published ports).
 *
 * <p>One lock serializes network and endpoint changes; each change is visible before its event is published.
 */
public final class NetworkService implements AutoCloseable {
    /** The networks that exist from the start and cannot be created or removed. */
    public static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");
    static final String NOT_SWARM_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";

    private final EngineConfig config;
    private final EventBus events;
    private final NetFabric fabric;
    private final Object lock = new Object();
    /** By ID, in creation order. */
    private final Map<String, Network> networks = new LinkedHashMap<>();
    /** Names are looked up at every container create ("bridge"): an index keeps that O(1) with many networks. */
    private final Map<String, List<Network>> byName = new HashMap<>();
    private final Map<String, ContainerNet> containers = new ConcurrentHashMap<>();
    private volatile ContainerDirectory directory = ContainerDirectory.EMPTY;
    private volatile SwarmState swarm = SwarmState.INACTIVE;

    /** Creates the service with its predefined networks ({@code none}, {@code host}, {@code bridge}). */
    public NetworkService(EngineConfig config, EventBus events, String portBindAddress) {
        this.config = config;
        this.events = events;
        this.fabric = new NetFabric(portBindAddress);
        Instant now = config.clock().instant();
        add(predefined("none", "null", now, List.of(), Map.of(), VirtualNetwork.Kind.NULL));
        add(predefined("host", "host", now, List.of(), Map.of(), VirtualNetwork.Kind.HOST));
        Map<String, String> bridgeOpts = new LinkedHashMap<>();
        bridgeOpts.put("com.docker.network.bridge.default_bridge", "true");
        bridgeOpts.put("com.docker.network.bridge.enable_icc", "true");
        bridgeOpts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        bridgeOpts.put("com.docker.network.bridge.host_binding_ipv4", fabric.hostPorts().defaultBindAddress());
        bridgeOpts.put("com.docker.network.bridge.name", "docker0");
        bridgeOpts.put("com.docker.network.driver.mtu", "1500");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("Subnet", "172.17.0.0/16");
        cfg.put("Gateway", "172.17.0.1");
        add(predefined("bridge", "bridge", now, List.of(cfg), bridgeOpts, VirtualNetwork.Kind.ROUTED));
    }

    private Network predefined(String name, String driver, Instant now, List<Map<String, Object>> ipam,
                               Map<String, String> options, VirtualNetwork.Kind kind) {
        String id = config.ids().newId();
        List<SubnetPool> pools = new ArrayList<>();
        if (name.equals("bridge")) {
            pools.add(SubnetPool.create(Cidr.parse("172.17.0.0/16"), null, Ipv4.parse("172.17.0.1"), Map.of()));
        }
        VirtualNetwork v = new VirtualNetwork(id, name, kind, false, name.equals("bridge"), true, pools);
        return new Network(id, name, driver, "local", now, name.equals("bridge"), false, "default", null, ipam,
                false, false, false, false, "", options, Map.of(), true, false, v);
    }

    private void add(Network n) {
        networks.put(n.id(), n);
        byName.computeIfAbsent(n.name(), k -> new ArrayList<>(1)).add(n);
        fabric.addNetwork(n.fabric());
    }

    private void drop(Network n) {
        networks.remove(n.id());
        List<Network> named = byName.get(n.name());
        if (named != null && named.remove(n) && named.isEmpty()) {
            byName.remove(n.name());
        }
        fabric.removeNetwork(n.id());
    }

    /** The virtual network fabric (resolution, connections, published ports). */
    public NetFabric fabric() {
        return fabric;
    }

    /** Lets the network routes find containers; the containers service registers itself here. */
    public void setContainerDirectory(ContainerDirectory directory) {
        this.directory = directory == null ? ContainerDirectory.EMPTY : directory;
    }

    // ------------------------------------------------------------------ networks

    /** The result of a create: the ID and Docker's warning (empty unless a duplicate name was allowed). */
    public record CreateResult(String id, String warning) {
    }

    /**
     * Creates a network as {@code POST /networks/create} does for a client speaking {@code apiVersion}.
     *
     * @throws EngineException Docker's errors; nothing is created then
     */
    public CreateResult create(NetworkCreateRequest req, String apiVersion) {
        boolean modern = ApiVersions.atLeast(apiVersion, "1.44");
        Network created;
        String warning = "";
        synchronized (lock) {
            String name = req.name() == null ? "" : req.name();
            if (name.isEmpty()) {
                throw EngineException.internal("invalid name: ");
            }
            if (PREDEFINED.contains(name)) {
                throw EngineException.forbidden("operation is not permitted on predefined " + name + " network ");
            }
            String driver = req.driver() == null || req.driver().isEmpty() ? "bridge" : req.driver();
            switch (driver) {
                case "bridge", "overlay", "macvlan", "ipvlan" -> {
                }
                case "host", "null" -> throw EngineException.forbidden(
                        "only one instance of \"" + driver + "\" network is allowed");
                default -> throw EngineException.notFound("plugin \"" + driver + "\" not found");
            }
            String ipamDriver = req.ipamDriver() == null || req.ipamDriver().isEmpty() ? "default" : req.ipamDriver();
            if (!ipamDriver.equals("default") && !ipamDriver.equals("null")) {
                throw EngineException.notFound("plugin \"" + ipamDriver + "\" not found");
            }
            Network existing = byName(name);
            if (existing != null) {
                if (modern || Boolean.TRUE.equals(req.checkDuplicate())) {
                    throw EngineException.conflict("network with name " + name + " already exists");
                }
                warning = "Network with name " + name + " (id : " + existing.id() + ") already exists";
            }
            boolean overlay = driver.equals("overlay");
            if (overlay && !swarm.active()) {
                throw EngineException.internal(NOT_SWARM_MANAGER);
            }
            List<IpamValidator.Pool> pools = IpamValidator.validate(
                    req.ipamConfig() == null ? List.of() : req.ipamConfig(), req.enableIpv6(), modern);
            boolean userSubnets = !pools.isEmpty();
            checkOverlaps(pools);
            boolean ipv4 = req.enableIpv4() == null || req.enableIpv4();
            List<Map<String, Object>> ipamView = new ArrayList<>();
            List<SubnetPool> subnetPools = new ArrayList<>();
            if (userSubnets) {
                for (NetworkCreateRequest.IpamConfig c : req.ipamConfig()) {
                    ipamView.add(echo(c));
                }
                for (IpamValidator.Pool p : pools) {
                    subnetPools.add(SubnetPool.create(p.subnet(), p.ipRange(), p.gateway(), p.aux()));
                }
            } else if (ipv4 && !req.configOnly()) {
                Cidr subnet = overlay ? nextOverlaySubnet() : DefaultPools.next(allSubnets());
                SubnetPool pool = SubnetPool.create(subnet, null, null, Map.of());
                subnetPools.add(pool);
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("Subnet", subnet.toString());
                cfg.put("Gateway", Ipv4.format(pool.gateway()));
                ipamView.add(cfg);
                if (req.ipamConfig() != null) {
                    for (NetworkCreateRequest.IpamConfig c : req.ipamConfig()) {
                        if (c.subnet() != null && c.subnet().contains(":")) {
                            ipamView.add(echo(c));
                        }
                    }
                }
            }
            if (req.enableIpv6() && ipamView.stream().noneMatch(m -> String.valueOf(m.get("Subnet")).contains(":"))) {
                Map<String, Object> v6 = new LinkedHashMap<>();
                String ula = ulaSubnet();
                v6.put("Subnet", ula + "/64");
                v6.put("Gateway", ula + "1");
                ipamView.add(v6);
            }
            String id = overlay ? swarmId() : config.ids().newId();
            Map<String, String> options = new LinkedHashMap<>(req.options() == null ? Map.of() : req.options());
            if (overlay) {
                options.putIfAbsent("com.docker.network.driver.overlay.vxlanid_list",
                        String.valueOf(4096 + countOverlays() + 1));
            }
            boolean icc = !"false".equals(options.get("com.docker.network.bridge.enable_icc"));
            VirtualNetwork v = new VirtualNetwork(id, name, VirtualNetwork.Kind.ROUTED, true, false, icc,
                    req.internal(), subnetPools);
            if (req.enableIpv6()) {
                for (Map<String, Object> cfg : ipamView) {
                    String subnet = String.valueOf(cfg.get("Subnet"));
                    if (subnet.contains(":")) {
                        Object gw = cfg.get("Gateway");
                        v.ipv6(dev.drydock.net.Ipv6Pool.create(subnet, gw == null ? null : gw.toString()));
                        break;
                    }
                }
            }
            created = new Network(id, name, driver, overlay ? "swarm" : "local", config.clock().instant(), ipv4,
                    req.enableIpv6(), ipamDriver, req.ipamOptions(), ipamView, req.internal(), req.attachable(),
                    req.ingress(), req.configOnly(), req.configFrom() == null ? "" : req.configFrom(), options,
                    req.labels() == null ? Map.of() : new LinkedHashMap<>(req.labels()), false, userSubnets, v);
            add(created);
        }
        publish("create", created, null);
        return new CreateResult(created.id(), warning);
    }

    private static Map<String, Object> echo(NetworkCreateRequest.IpamConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.subnet() != null && !c.subnet().isEmpty()) {
            m.put("Subnet", c.subnet());
        }
        if (c.ipRange() != null && !c.ipRange().isEmpty()) {
            m.put("IPRange", c.ipRange());
        }
        if (c.gateway() != null && !c.gateway().isEmpty()) {
            m.put("Gateway", c.gateway());
        }
        if (c.auxAddresses() != null && !c.auxAddresses().isEmpty()) {
            m.put("AuxiliaryAddresses", c.auxAddresses());
        }
        return m;
    }

    private void checkOverlaps(List<IpamValidator.Pool> pools) {
        List<Cidr> taken = allSubnets();
        for (IpamValidator.Pool p : pools) {
            for (Cidr t : taken) {
                if (t.overlaps(p.subnet())) {
                    throw EngineException.forbidden("Pool overlaps with other one on this address space");
                }
            }
            taken.add(p.subnet());
        }
    }

    private List<Cidr> allSubnets() {
        List<Cidr> l = new ArrayList<>();
        for (Network n : networks.values()) {
            l.addAll(n.fabric().subnets());
        }
        return l;
    }

    private Cidr nextOverlaySubnet() {
        List<Cidr> taken = allSubnets();
        for (int i = 0; i < 65536; i++) {
            Cidr c = new Cidr(Ipv4.parse("10.0.0.0") + (i << 8), 24);
            if (taken.stream().noneMatch(c::overlaps)) {
                return c;
            }
        }
        throw EngineException.notFound("could not find an available, non-overlapping IPv4 address pool among the "
                + "defaults to assign to the network");
    }

    private int countOverlays() {
        int n = 0;
        for (Network net : networks.values()) {
            n += net.driver().equals("overlay") ? 1 : 0;
        }
        return n;
    }

    private String ulaSubnet() {
        String hex = config.ids().newId();
        return "fd" + hex.substring(0, 2) + ":" + hex.substring(2, 6) + ":" + hex.substring(6, 10) + "::";
    }

    /** A swarm object ID: 25 lowercase base-36 characters. */
    String swarmId() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append(alphabet.charAt(config.ids().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private Network byName(String name) {
        for (Network n : networks.values()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Finds a network as Docker does: full ID, then exact name, then unique ID prefix.
     *
     * @throws EngineException 404 {@code network X not found}, or ambiguous names and prefixes
     */
    public Network get(String idOrName) {
        synchronized (lock) {
            return find(idOrName).orElseThrow(() -> EngineException.notFound("network " + idOrName + " not found"));
        }
    }

    /** Finds a network, or empty. */
    public Optional<Network> find(String idOrName) {
        synchronized (lock) {
            if (idOrName == null || idOrName.isEmpty()) {
                return Optional.empty();
            }
            Network byId = networks.get(idOrName);
            if (byId != null) {
                return Optional.of(byId);
            }
            List<Network> named = byName.getOrDefault(idOrName, List.of());
            if (named.size() == 1) {
                return Optional.of(named.get(0));
            }
            if (named.size() > 1) {
                throw EngineException.badRequest("network " + idOrName + " is ambiguous (" + named.size()
                        + " matches found on name)");
            }
            List<Network> prefixed = new ArrayList<>();
            for (Network n : networks.values()) {
                if (n.id().startsWith(idOrName)) {
                    prefixed.add(n);
                }
            }
            if (prefixed.size() > 1) {
                throw EngineException.badRequest("network " + idOrName + " is ambiguous (" + prefixed.size()
                        + " matches found based on ID prefix)");
            }
            return prefixed.isEmpty() ? Optional.empty() : Optional.of(prefixed.get(0));
        }
    }

    /** Inspect with {@code scope}: a network of another scope is not found. */
    public Network get(String idOrName, String scope) {
        Network n = get(idOrName);
        if (scope != null && !scope.isEmpty() && !scope.equals(n.scope())) {
            throw EngineException.notFound("network " + idOrName + " not found");
        }
        return n;
    }

    /** Every network, in creation order. */
    public List<Network> all() {
        synchronized (lock) {
            return new ArrayList<>(networks.values());
        }
    }

    private static final Set<String> LIST_FILTERS = Set.of("dangling", "driver", "id", "label", "name", "scope",
            "type");

    /** {@code GET /networks} with Docker's filters. */
    public List<Network> list(Filters filters) {
        filters.validate(LIST_FILTERS);
        for (String t : filters.get("type")) {
            if (!t.equals("custom") && !t.equals("builtin")) {
                throw EngineException.badRequest("invalid filter: 'type'='" + t + "'");
            }
        }
        Boolean dangling = null;
        if (filters.contains("dangling")) {
            var values = filters.get("dangling");
            String v = values.size() == 1 ? values.iterator().next().toLowerCase(java.util.Locale.ROOT) : "";
            if (v.equals("true") || v.equals("1")) {
                dangling = true;
            } else if (v.equals("false") || v.equals("0")) {
                dangling = false;
            } else {
                throw EngineException.badRequest("invalid value for filter 'dangling', must be \"true\" (or \"1\"), "
                        + "or \"false\" (or \"0\")");
            }
        }
        List<Network> out = new ArrayList<>();
        for (Network n : all()) {
            if (!filters.exactMatch("driver", n.driver()) || !filters.exactMatch("scope", n.scope())
                    || !contains(filters, "name", n.name()) || !contains(filters, "id", n.id())
                    || !filters.matchKeyValues("label", n.labels())) {
                continue;
            }
            if (filters.contains("type") && !filters.get("type").contains(n.predefined() ? "builtin" : "custom")) {
                continue;
            }
            if (dangling != null) {
                boolean unused = !n.predefined() && n.fabric().endpointCount() == 0;
                if (unused != dangling) {
                    continue;
                }
            }
            out.add(n);
        }
        return out;
    }

    private static boolean contains(Filters f, String key, String value) {
        if (!f.contains(key) || f.get(key).isEmpty()) {
            return true;
        }
        for (String v : f.get(key)) {
            if (value.contains(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes a network.
     *
     * @throws EngineException 403 for predefined networks or while containers are attached; 404 when missing
     */
    public void remove(String idOrName) {
        Network n;
        synchronized (lock) {
            n = get(idOrName);
            if (n.predefined()) {
                throw EngineException.forbidden(n.name() + " is a pre-defined network and cannot be removed");
            }
            if (n.fabric().endpointCount() > 0) {
                throw EngineException.forbidden("error while removing network: network " + n.name() + " id "
                        + n.id() + " has active endpoints");
            }
            drop(n);
            for (ContainerNet c : containers.values()) {
                c.configs.remove(n.id());
            }
        }
        publish("destroy", n, null);
    }

    private static final Set<String> PRUNE_FILTERS = Set.of("until", "label", "label!");

    /** {@code POST /networks/prune}: removes unused user-defined networks; their names, in creation order. */
    public List<String> prune(Filters filters) {
        filters.validate(PRUNE_FILTERS);
        Long until = null;
        for (String u : filters.get("until")) {
            until = Timestamps.parseNanos(u, config.clock());
        }
        List<Network> removed = new ArrayList<>();
        synchronized (lock) {
            for (Network n : new ArrayList<>(networks.values())) {
                if (n.predefined() || n.fabric().endpointCount() > 0 || n.ingress()
                        || n.scope().equals("swarm")) {
                    continue;
                }
                if (until != null && Timestamps.toNanos(n.created()) >= until) {
                    continue;
                }
                if (!filters.matchKeyValues("label", n.labels()) || !notLabels(filters, n.labels())) {
                    continue;
                }
                drop(n);
                removed.add(n);
            }
        }
        List<String> names = new ArrayList<>();
        for (Network n : removed) {
            publish("destroy", n, null);
            names.add(n.name());
        }
        return names;
    }

    private static boolean notLabels(Filters f, Map<String, String> labels) {
        for (String v : f.get("label!")) {
            int eq = v.indexOf('=');
            if (eq < 0 ? labels.containsKey(v) : v.substring(eq + 1).equals(labels.get(v.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    private void publish(String action, Network n, String containerId) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (containerId != null) {
            attrs.put("container", containerId);
        }
        attrs.put("name", n.name());
        attrs.put("type", n.driver());
        events.publish("network", action, n.id(), attrs, n.scope());
    }

    // ------------------------------------------------------------------ endpoints

    /** A container's network state: its mode, its per-network settings, and its sandbox while running. */
    static final class ContainerNet {
        /** Replaced (under the service lock) when the container is renamed. */
        volatile ContainerRef ref;
        final String mode;
        /** Network ID to requested settings, in connect order. */
        final Map<String, EndpointConfig> configs = new LinkedHashMap<>();
        volatile boolean running;
        volatile List<PublishedPort> published = List.of();
        /** Running on internal networks only: nothing published, no Ports shown. */
        volatile boolean isolated;

        ContainerNet(ContainerRef ref, String mode) {
            this.ref = ref;
            this.mode = mode;
        }
    }

    /**
     * Records a new container's networks ({@code HostConfig.NetworkMode} and
     * {@code NetworkingConfig.EndpointsConfig}); called by container create. Nothing is allocated until start.
     *
     * @param networkMode {@code ""}/{@code default}/{@code bridge}, {@code host}, {@code none},
     *                    {@code container:ID}, or a network name or ID
     * @param endpoints   per network name or ID, the requested settings (may be empty)
     * @throws EngineException 404 {@code network X not found}, 400 for static addresses where Docker refuses them
     */
    public void register(ContainerRef ref, String networkMode, Map<String, EndpointConfig> endpoints) {
        String mode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default")
                ? "bridge" : networkMode;
        Map<String, EndpointConfig> eps = endpoints == null ? Map.of() : endpoints;
        synchronized (lock) {
            ContainerNet c;
            if (mode.startsWith("container:")) {
                c = new ContainerNet(ref, mode);
            } else {
                Network primary = get(mode);
                c = new ContainerNet(ref, primary.name().equals("host") || primary.name().equals("none")
                        ? primary.name() : primary.id());
                EndpointConfig cfg = eps.getOrDefault(mode, eps.getOrDefault(primary.name(),
                        eps.getOrDefault(primary.id(), EndpointConfig.NONE)));
                if (!primary.name().equals("host") && !primary.name().equals("none")) {
                    checkStatic(primary, cfg);
                }
                c.configs.put(primary.id(), cfg);
                for (var e : eps.entrySet()) {
                    Network n = get(e.getKey());
                    if (n.id().equals(primary.id())) {
                        continue;
                    }
                    if (PREDEFINED.contains(primary.name()) && !primary.name().equals("bridge")
                            || PREDEFINED.contains(n.name()) && !n.name().equals("bridge")) {
                        throw EngineException.badRequest("Container cannot be connected to network endpoints: "
                                + String.join(", ", eps.keySet()));
                    }
                    checkStatic(n, e.getValue());
                    c.configs.put(n.id(), e.getValue());
                }
            }
            containers.put(ref.id(), c);
        }
    }

    private void checkStatic(Network n, EndpointConfig cfg) {
        if (cfg == null || !cfg.hasStaticIp()) {
            return;
        }
        if (n.predefined()) {
            throw EngineException.badRequest("user specified IP address is supported on user defined networks only");
        }
        if (!n.userSubnets()) {
            throw EngineException.badRequest("user specified IP address is supported only when connecting to "
                    + "networks with user configured subnets");
        }
        String ip = cfg.ipv4Address();
        if (ip != null && !ip.isEmpty()) {
            Integer addr = Ipv4.tryParse(ip);
            if (addr == null) {
                throw EngineException.internal("Invalid IPv4 address: " + ip + ")");
            }
            boolean inside = n.fabric().subnets().stream().anyMatch(s -> s.contains(addr));
            if (!inside) {
                throw EngineException.internal("Invalid address " + ip
                        + ": It does not belong to any of this network's subnets");
            }
        }
    }

    /**
     * What a container's namespace is made of at start (besides its networks, which were registered at create).
     *
     * @param links {@code name:alias} (or {@code name}) per legacy link
     * @param ports the ports to publish on the host
     */
    public record StartOptions(String hostname, String domainname, List<String> extraHosts, List<String> links,
                               List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                               List<PortRequest> ports) {

        /** Nothing beyond the defaults. */
        public static StartOptions defaults() {
            return new StartOptions(null, "", List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** Only published ports. */
        public static StartOptions withPorts(List<PortRequest> ports) {
            return new StartOptions(null, "", List.of(), List.of(), List.of(), List.of(), List.of(), ports);
        }
    }

    /**
     * Starts a registered container's networking: opens its sandbox, joins every network (allocating addresses,
     * one {@code connect} event each), and publishes its ports. All or nothing.
     *
     * @return the ports bound on the host
     * @throws EngineException Docker's errors (address in use, port already allocated, ...); nothing stays open
     */
    public List<PublishedPort> start(String containerId, StartOptions opts) {
        ContainerNet c = containers.get(containerId);
        if (c == null) {
            throw EngineException.notFound("No such container: " + containerId);
        }
        List<Network> joined = new ArrayList<>();
        synchronized (lock) {
            if (c.running) {
                return c.published;
            }
            SandboxSpec.Mode mode = c.mode.equals("host") ? SandboxSpec.Mode.HOST
                    : c.mode.equals("none") ? SandboxSpec.Mode.NONE : SandboxSpec.Mode.NETWORKED;
            String hostname = opts.hostname() == null || opts.hostname().isEmpty() ? c.ref.hostname() : opts.hostname();
            List<SandboxSpec.Link> links = new ArrayList<>();
            for (String l : opts.links()) {
                int colon = l.indexOf(':');
                String target = colon < 0 ? l : l.substring(0, colon);
                String alias = colon < 0 ? target : l.substring(colon + 1);
                target = target.startsWith("/") ? target.substring(1) : target;
                alias = alias.contains("/") ? alias.substring(alias.lastIndexOf('/') + 1) : alias;
                Optional<ContainerRef> t = directory.find(target);
                if (t.isPresent()) {
                    links.add(new SandboxSpec.Link(t.get().id(), t.get().name(), alias));
                }
            }
            SandboxSpec spec = new SandboxSpec(c.ref.id(), c.ref.name(), hostname, opts.domainname(), mode,
                    opts.extraHosts(), links, opts.dns(), opts.dnsSearch(), opts.dnsOptions());
            if (c.mode.startsWith("container:")) {
                String target = c.mode.substring("container:".length());
                ContainerRef owner = directory.find(target).orElseThrow(
                        () -> EngineException.notFound("No such container: " + target));
                ContainerNet o = containers.get(owner.id());
                if (o == null || !o.running) {
                    throw EngineException.conflict("cannot join network of a non running container: " + target);
                }
                fabric.shareSandbox(c.ref.id(), owner.id());
                c.running = true;
                return List.of();
            }
            fabric.openSandbox(spec);
            try {
                for (var e : c.configs.entrySet()) {
                    Network n = networks.get(e.getKey());
                    if (n == null || n.fabric().kind() != VirtualNetwork.Kind.ROUTED) {
                        continue;
                    }
                    join(c, n, e.getValue());
                    joined.add(n);
                }
                // Only --internal networks: no gateway out, so dockerd publishes nothing (and shows no Ports).
                c.isolated = mode == SandboxSpec.Mode.NETWORKED && joined.stream().allMatch(Network::internal);
                if (mode != SandboxSpec.Mode.NONE && !c.isolated && !opts.ports().isEmpty()) {
                    Endpoint first = fabric.sandbox(c.ref.id()).map(s -> s.primary()).orElse(null);
                    String epId = first == null ? config.ids().newId() : first.id();
                    c.published = List.copyOf(fabric.hostPorts().publish(c.ref.id(), c.ref.name(), epId,
                            mode == SandboxSpec.Mode.HOST ? List.of() : opts.ports()));
                }
            } catch (NetException e) {
                fabric.closeSandbox(c.ref.id());
                throw toEngine(e);
            }
            c.running = true;
        }
        for (Network n : joined) {
            publish("connect", n, c.ref.id());
        }
        return c.published;
    }

    private Endpoint join(ContainerNet c, Network n, EndpointConfig cfg) {
        Integer ip = cfg.ipv4Address() == null || cfg.ipv4Address().isEmpty() ? null : Ipv4.parse(cfg.ipv4Address());
        List<String> aliases = cfg.aliases() == null ? List.of() : cfg.aliases();
        List<String> dns = new ArrayList<>();
        if (n.userDefined()) {
            dns.add(c.ref.name());
            for (String a : aliases) {
                if (!dns.contains(a)) {
                    dns.add(a);
                }
            }
            if (!dns.contains(c.ref.shortId())) {
                dns.add(c.ref.shortId());
            }
            if (!dns.contains(c.ref.hostname())) {
                dns.add(c.ref.hostname());
            }
        }
        return fabric.join(c.ref.id(), n.id(), config.ids().newId(), ip, aliases, dns, cfg.macAddress());
    }

    /**
     * Stops a container's networking: published ports close, it leaves every network (one {@code disconnect}
     * event each) and its addresses are freed. Idempotent.
     */
    public void stop(String containerId) {
        ContainerNet c = containers.get(containerId);
        List<Endpoint> left;
        synchronized (lock) {
            if (c == null || !c.running) {
                return;
            }
            c.running = false;
            c.published = List.of();
            left = fabric.closeSandbox(containerId);
        }
        for (Endpoint e : left) {
            Network n = networks.get(e.networkId());
            if (n != null) {
                publish("disconnect", n, containerId);
            }
        }
    }

    /** Forgets a removed container (stopping its networking first if needed). */
    public void forget(String containerId) {
        stop(containerId);
        containers.remove(containerId);
    }

    /**
     * Connects a container to a network ({@code POST /networks/{id}/connect}); a running container joins at
     * once, a stopped one on its next start.
     */
    public void connect(String networkIdOrName, String containerIdOrName, EndpointConfig cfg) {
        Network n = get(networkIdOrName);
        ContainerRef ref = lookupContainer(containerIdOrName);
        connect(n, ref, cfg == null ? EndpointConfig.NONE : cfg);
    }

    private ContainerRef lookupContainer(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            throw EngineException.badRequest("invalid name or ID supplied: \"\"");
        }
        return directory.find(idOrName).orElseThrow(() -> EngineException.notFound("No such container: " + idOrName));
    }

    /** Engine-level connect for a known container. */
    public void connect(Network n, ContainerRef ref, EndpointConfig cfg) {
        boolean joined = false;
        synchronized (lock) {
            ContainerNet c = containers.computeIfAbsent(ref.id(), k -> new ContainerNet(ref, "bridge"));
            if (n.name().equals("host") || c.mode.equals("host")) {
                throw EngineException.badRequest(
                        "container cannot be disconnected from host network or connected to host network");
            }
            if (n.name().equals("none") || c.mode.equals("none")) {
                throw EngineException.badRequest("container cannot be connected to multiple networks with one of "
                        + "the networks in private (none) mode");
            }
            if (c.mode.startsWith("container:")) {
                throw EngineException.badRequest("container sharing network namespace with another container or "
                        + "host cannot be connected to any other network");
            }
            if (n.scope().equals("swarm") && !n.attachable()) {
                throw EngineException.forbidden("Could not attach to network " + n.name()
                        + ": rpc error: code = PermissionDenied desc = network " + n.name() + " not manually attachable");
            }
            checkStatic(n, cfg);
            if (c.configs.containsKey(n.id())) {
                throw EngineException.forbidden("endpoint with name " + ref.name() + " already exists in network "
                        + n.name());
            }
            if (c.running) {
                try {
                    join(c, n, cfg);
                } catch (NetException e) {
                    throw toEngine(e);
                }
                joined = true;
            }
            c.configs.put(n.id(), cfg);
        }
        if (joined) {
            publish("connect", n, ref.id());
        }
    }

    /** Disconnects a container ({@code POST /networks/{id}/disconnect}). */
    public void disconnect(String networkIdOrName, String containerIdOrName, boolean force) {
        Network n = get(networkIdOrName);
        if (containerIdOrName == null || containerIdOrName.isEmpty()) {
            throw EngineException.badRequest("invalid name or ID supplied: \"\"");
        }
        Optional<ContainerRef> ref = directory.find(containerIdOrName);
        if (ref.isEmpty()) {
            if (force) {
                throw EngineException.notFound("endpoint " + containerIdOrName + " not found");
            }
            throw EngineException.notFound("No such container: " + containerIdOrName);
        }
        disconnect(n, ref.get(), force);
    }

    /** Engine-level disconnect for a known container. */
    public void disconnect(Network n, ContainerRef ref, boolean force) {
        boolean left = false;
        synchronized (lock) {
            ContainerNet c = containers.get(ref.id());
            if (c != null && c.mode.equals("host") && n.name().equals("host")) {
                throw EngineException.badRequest(
                        "container cannot be disconnected from host network or connected to host network");
            }
            if (c == null || !c.configs.containsKey(n.id())) {
                throw EngineException.internal("container " + ref.id() + " is not connected to network " + n.name());
            }
            c.configs.remove(n.id());
            if (c.running) {
                left = fabric.leave(ref.id(), n.id()) != null;
            }
        }
        if (left) {
            publish("disconnect", n, ref.id());
        }
    }

    static EngineException toEngine(NetException e) {
        return switch (e.kind()) {
            case INVALID -> EngineException.badRequest(e.getMessage());
            case FORBIDDEN -> EngineException.forbidden(e.getMessage());
            case NOT_FOUND -> EngineException.notFound(e.getMessage());
            case CONFLICT -> EngineException.conflict(e.getMessage());
            case FAILED -> EngineException.internal(e.getMessage());
        };
    }

    // ------------------------------------------------------------------ container views

    /** The container's per-network view for a container, in connect order (network, settings, live endpoint). */
    public record Attachment(Network network, EndpointConfig config, Endpoint endpoint) {
    }

    /** The container's networks with their settings and, while running, their endpoints. */
    public List<Attachment> attachments(String containerId) {
        ContainerNet c = containers.get(containerId);
        if (c == null) {
            return List.of();
        }
        List<Attachment> out = new ArrayList<>();
        synchronized (lock) {
            for (var e : c.configs.entrySet()) {
                Network n = networks.get(e.getKey());
                if (n != null) {
                    Endpoint ep = c.running ? n.fabric().endpointOf(containerId) : null;
                    out.add(new Attachment(n, e.getValue(), ep));
                }
            }
        }
        return out;
    }

    /**
     * The container was renamed: later starts and connects use the new name, and on its user-defined networks
     * other containers resolve the new name (and no longer the old one) at once.
     *
     * @param newName the new name, with or without its leading slash
     */
    public void rename(String containerId, String newName) {
        synchronized (lock) {
            ContainerNet c = containers.get(containerId);
            if (c == null) {
                return;
            }
            ContainerRef old = c.ref;
            c.ref = new ContainerRef(old.id(), newName, old.hostname());
            fabric.rename(containerId, old.name(), c.ref.name());
        }
    }

    /** The container's network mode as HostConfig.NetworkMode shows it; null for an unknown container. */
    public String networkMode(String containerId) {
        ContainerNet c = containers.get(containerId);
        if (c == null) {
            return null;
        }
        if (c.mode.equals("host") || c.mode.equals("none") || c.mode.startsWith("container:")) {
            return c.mode;
        }
        Network n = networks.get(c.mode);
        return n == null ? c.mode : n.name().equals("bridge") ? "bridge" : n.name();
    }

    /** Whether the container's networking is started. */
    public boolean running(String containerId) {
        ContainerNet c = containers.get(containerId);
        return c != null && c.running;
    }

    /** True while a container runs attached to {@code --internal} networks only (no way out, no ports). */
    public boolean isolated(String containerId) {
        ContainerNet c = containers.get(containerId);
        return c != null && c.running && c.isolated;
    }

    /** The ports published for a running container. */
    public List<PublishedPort> published(String containerId) {
        ContainerNet c = containers.get(containerId);
        return c == null ? List.of() : c.published;
    }

    /** The container's view of the network, for its processes. */
    public ContainerNetStack stack(String containerId) {
        return new ContainerNetStack(fabric, containerId);
    }

    /** The container's /etc/hosts. */
    public String hostsFile(String containerId) {
        return fabric.hostsFile(containerId);
    }

    /** The container's /etc/resolv.conf. */
    public String resolvConf(String containerId) {
        return fabric.resolvConf(containerId);
    }

    // ------------------------------------------------------------------ swarm

    /** The swarm state networks depend on; {@link SwarmService} switches it. */
    public record SwarmState(boolean active) {
        static final SwarmState INACTIVE = new SwarmState(false);
    }

    /** Creates the networks Docker creates on {@code swarm init}: {@code ingress} and {@code docker_gwbridge}. */
    void swarmActivated() {
        swarm = new SwarmState(true);
        List<Network> created = new ArrayList<>();
        synchronized (lock) {
            if (byName("docker_gwbridge") == null) {
                Cidr subnet = DefaultPools.next(allSubnets());
                SubnetPool pool = SubnetPool.create(subnet, null, null, Map.of());
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("Subnet", subnet.toString());
                cfg.put("Gateway", Ipv4.format(pool.gateway()));
                Map<String, String> opts = new LinkedHashMap<>();
                opts.put("com.docker.network.bridge.enable_icc", "false");
                opts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
                opts.put("com.docker.network.bridge.name", "docker_gwbridge");
                String id = config.ids().newId();
                VirtualNetwork v = new VirtualNetwork(id, "docker_gwbridge", VirtualNetwork.Kind.ROUTED, false, false,
                        false, List.of(pool));
                Network gw = new Network(id, "docker_gwbridge", "bridge", "local", config.clock().instant(), true,
                        false, "default", null, List.of(cfg), false, false, false, false, "", opts, Map.of(), false,
                        false, v);
                add(gw);
                created.add(gw);
            }
            if (byName("ingress") == null) {
                Cidr subnet = Cidr.parse("10.0.0.0/24");
                SubnetPool pool = SubnetPool.create(subnet, null, null, Map.of());
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("Subnet", subnet.toString());
                cfg.put("Gateway", Ipv4.format(pool.gateway()));
                String id = swarmId();
                VirtualNetwork v = new VirtualNetwork(id, "ingress", VirtualNetwork.Kind.ROUTED, false, false, true,
                        List.of(pool));
                Network ingress = new Network(id, "ingress", "overlay", "swarm", config.clock().instant(), true, false,
                        "default", null, List.of(cfg), false, false, true, false, "",
                        Map.of("com.docker.network.driver.overlay.vxlanid_list", "4096"), Map.of(), false, false, v);
                add(ingress);
                created.add(ingress);
            }
        }
        for (Network n : created) {
            publish("create", n, null);
        }
    }

    /** Removes the swarm-scoped networks on {@code swarm leave}. */
    void swarmDeactivated() {
        swarm = SwarmState.INACTIVE;
        List<Network> removed = new ArrayList<>();
        synchronized (lock) {
            for (Network n : new ArrayList<>(networks.values())) {
                if (n.scope().equals("swarm")) {
                    for (Endpoint e : n.fabric().endpoints()) {
                        fabric.leave(e.containerId(), n.id());
                    }
                    for (ContainerNet c : containers.values()) {
                        c.configs.remove(n.id());
                    }
                    drop(n);
                    removed.add(n);
                }
            }
        }
        for (Network n : removed) {
            publish("destroy", n, null);
        }
    }

    /** Whether overlay networks can be created. */
    public boolean swarmActive() {
        return swarm.active();
    }

    /** Counts for /info and /system/df. */
    public int count() {
        synchronized (lock) {
            return networks.size();
        }
    }

    /** Closes every published port and stops forwarding threads. */
    @Override
    public void close() {
        fabric.close();
    }

    /** Unused-set helper for callers that need every network's name. */
    public Set<String> names() {
        Set<String> s = new HashSet<>();
        for (Network n : all()) {
            s.add(n.name());
        }
        return s;
    }
}
