package dev.drydock.engine.networks;

import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.EventBus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal single-node swarm: enough for {@code swarm init/leave}, {@code /swarm}, {@code /nodes}, /info and
 * overlay networks. Services, tasks, secrets and configs are not simulated.
 */
public final class SwarmService {
    /** What Docker answers when swarm is not active. */
    public static final String NOT_MANAGER = NetworkService.NOT_SWARM_MANAGER;
    /** What Drydock answers for swarm objects it does not simulate. */
    public static final String NOT_SUPPORTED = " are not supported by Drydock: swarm mode is simulated only for "
            + "overlay networks (swarm init/leave, nodes)";

    private final EngineConfig config;
    private final EventBus events;
    private final NetworkService networks;
    private State state;

    private record State(String nodeId, String clusterId, String nodeAddr, Instant created, String joinWorker,
                         String joinManager) {
    }

    public SwarmService(EngineConfig config, EventBus events, NetworkService networks) {
        this.config = config;
        this.events = events;
        this.networks = networks;
    }

    public synchronized boolean active() {
        return state != null;
    }

    /** {@code POST /swarm/init}: the new node's ID. */
    public String init(String advertiseAddr, String listenAddr) {
        State s;
        synchronized (this) {
            if (state != null) {
                throw EngineException.unavailable("This node is already part of a swarm. Use \"docker swarm leave\" "
                        + "to leave this swarm and join another one.");
            }
            String addr = advertiseAddr == null || advertiseAddr.isEmpty() ? "127.0.0.1" : advertiseAddr;
            int colon = addr.lastIndexOf(':');
            if (colon > 0 && !addr.contains("]")) {
                addr = addr.substring(0, colon);
            }
            String cluster = networks.swarmId();
            s = new State(networks.swarmId(), cluster, addr, config.clock().instant(),
                    "SWMTKN-1-" + config.ids().newId().substring(0, 50) + "-" + networks.swarmId(),
                    "SWMTKN-1-" + config.ids().newId().substring(0, 50) + "-" + networks.swarmId());
            state = s;
        }
        networks.swarmActivated();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("name", "drydock");
        events.publish("node", "create", s.nodeId(), attrs, "swarm");
        return s.nodeId();
    }

    /** {@code POST /swarm/leave}; a manager must force, as Docker requires. */
    public void leave(boolean force) {
        synchronized (this) {
            if (state == null) {
                throw EngineException.unavailable("This node is not part of a swarm");
            }
            if (!force) {
                throw EngineException.unavailable("You are attempting to leave the swarm on a node that is "
                        + "participating as a manager. Removing the last manager erases all current state of the "
                        + "swarm. Use `--force` to ignore this message. ");
            }
            state = null;
        }
        networks.swarmDeactivated();
    }

    private State require() {
        State s = state;
        if (s == null) {
            throw EngineException.unavailable(NOT_MANAGER);
        }
        return s;
    }

    private static Map<String, Object> version() {
        return Map.of("Index", 10);
    }

    private Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("Name", "default");
        spec.put("Labels", Map.of());
        spec.put("Orchestration", Map.of("TaskHistoryRetentionLimit", 5));
        spec.put("Raft", Map.of("SnapshotInterval", 10000, "KeepOldSnapshots", 0, "LogEntriesForSlowFollowers", 500,
                "ElectionTick", 10, "HeartbeatTick", 1));
        spec.put("Dispatcher", Map.of("HeartbeatPeriod", 5000000000L));
        spec.put("CAConfig", Map.of("NodeCertExpiry", 7776000000000000L));
        spec.put("TaskDefaults", Map.of());
        spec.put("EncryptionConfig", Map.of("AutoLockManagers", false));
        return spec;
    }

    /** {@code GET /swarm}. */
    public synchronized Map<String, Object> inspect() {
        State s = require();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", s.clusterId());
        m.put("Version", version());
        m.put("CreatedAt", NetworkViews.goTime(s.created()));
        m.put("UpdatedAt", NetworkViews.goTime(s.created()));
        m.put("Spec", spec());
        m.put("TLSInfo", Map.of("TrustRoot", "", "CertIssuerSubject", "", "CertIssuerPublicKey", ""));
        m.put("RootRotationInProgress", false);
        m.put("DefaultAddrPool", List.of("10.0.0.0/8"));
        m.put("SubnetSize", 24);
        m.put("DataPathPort", 4789);
        m.put("JoinTokens", Map.of("Worker", s.joinWorker(), "Manager", s.joinManager()));
        return m;
    }

    /** {@code GET /nodes}: this node, a ready leader. */
    public synchronized List<Map<String, Object>> nodes() {
        State s = require();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("ID", s.nodeId());
        n.put("Version", version());
        n.put("CreatedAt", NetworkViews.goTime(s.created()));
        n.put("UpdatedAt", NetworkViews.goTime(s.created()));
        n.put("Spec", Map.of("Labels", Map.of(), "Role", "manager", "Availability", "active"));
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("Hostname", "drydock");
        desc.put("Platform", Map.of("Architecture", "x86_64", "OS", "linux"));
        desc.put("Resources", Map.of("NanoCPUs", Runtime.getRuntime().availableProcessors() * 1_000_000_000L,
                "MemoryBytes", Runtime.getRuntime().maxMemory()));
        desc.put("Engine", Map.of("EngineVersion", config.engineVersion(), "Plugins", List.of(
                Map.of("Type", "Network", "Name", "bridge"), Map.of("Type", "Network", "Name", "overlay"))));
        desc.put("TLSInfo", Map.of("TrustRoot", "", "CertIssuerSubject", "", "CertIssuerPublicKey", ""));
        n.put("Description", desc);
        n.put("Status", Map.of("State", "ready", "Addr", s.nodeAddr()));
        n.put("ManagerStatus", Map.of("Leader", true, "Reachability", "reachable", "Addr", s.nodeAddr() + ":2377"));
        return List.of(n);
    }

    /** {@code GET /nodes/{id}}: this node by ID, ID prefix or hostname. */
    public Map<String, Object> node(String idOrName) {
        Map<String, Object> n = nodes().get(0);
        String id = (String) n.get("ID");
        if (id.equals(idOrName) || id.startsWith(idOrName) || "drydock".equals(idOrName) || "self".equals(idOrName)) {
            return n;
        }
        throw EngineException.notFound("node " + idOrName + " not found");
    }

    /** The Swarm object of {@code /info}. */
    public synchronized Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (state == null) {
            m.put("NodeID", "");
            m.put("NodeAddr", "");
            m.put("LocalNodeState", "inactive");
            m.put("ControlAvailable", false);
            m.put("Error", "");
            m.put("RemoteManagers", null);
            return m;
        }
        m.put("NodeID", state.nodeId());
        m.put("NodeAddr", state.nodeAddr());
        m.put("LocalNodeState", "active");
        m.put("ControlAvailable", true);
        m.put("Error", "");
        m.put("RemoteManagers", List.of(Map.of("NodeID", state.nodeId(), "Addr", state.nodeAddr() + ":2377")));
        m.put("Nodes", 1);
        m.put("Managers", 1);
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("ID", state.clusterId());
        cluster.put("Version", version());
        cluster.put("CreatedAt", NetworkViews.goTime(state.created()));
        cluster.put("UpdatedAt", NetworkViews.goTime(state.created()));
        cluster.put("Spec", spec());
        cluster.put("TLSInfo", Map.of("TrustRoot", "", "CertIssuerSubject", "", "CertIssuerPublicKey", ""));
        cluster.put("RootRotationInProgress", false);
        cluster.put("DefaultAddrPool", List.of("10.0.0.0/8"));
        cluster.put("SubnetSize", 24);
        cluster.put("DataPathPort", 4789);
        m.put("Cluster", cluster);
        return m;
    }

    /** The {@code Swarm} header of {@code /_ping}. */
    public synchronized String pingHeader() {
        return state == null ? "inactive" : "active/manager";
    }
}
