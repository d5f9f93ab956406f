package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.networks.ContainerRef;
import dev.drydock.engine.networks.EndpointConfig;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.engine.volumes.ContainerLookup;
import dev.drydock.engine.volumes.ContainerMounts;
import dev.drydock.engine.volumes.MountRequest;
import dev.drydock.engine.volumes.VolumeService;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.net.NetException;
import dev.drydock.net.PortRequest;
import dev.drydock.net.PortSpecs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a container holds of the rest of the daemon, in the daemon's order: its mounts (volumes, binds, tmpfs) and
 * its networks (endpoints, published ports, the hosts/resolv.conf/hostname files), taken at create, brought up at
 * each start, brought down at each exit and given back at removal.
 */
final class ContainerResources {
    private final VolumeService volumes;
    private final NetworkService networks;
    private final Supplier<RootFsFactory> rootFs;

    ContainerResources(VolumeService volumes, NetworkService networks, Supplier<RootFsFactory> rootFs) {
        this.volumes = volumes;
        this.networks = networks;
        this.rootFs = rootFs;
    }

    NetworkService networks() {
        return networks;
    }

    /**
     * At create, before the container is visible: plans its mounts (creating named volumes on first use) and
     * registers its networks. Docker's errors; nothing is kept when one is thrown.
     */
    ContainerMounts acquire(String id, String name, ObjectNode config, ObjectNode hostConfig,
                            JsonNode networkingConfig, ContainerLookup lookup) {
        ContainerMounts mounts = volumes.planMounts(id, MountRequest.fromJson(config, hostConfig, null), lookup);
        try {
            networks.register(new ContainerRef(id, name, config.path("Hostname").asText("")),
                    hostConfig.path("NetworkMode").asText(""), endpoints(networkingConfig));
        } catch (RuntimeException e) {
            mounts.release(true);
            throw e;
        }
        return mounts;
    }

    /** Undoes {@link #acquire} for a create that failed afterwards (a name taken meanwhile). */
    void undo(String id, ContainerMounts mounts) {
        mounts.release(true);
        networks.forget(id);
    }

    private static Map<String, EndpointConfig> endpoints(JsonNode networkingConfig) {
        Map<String, EndpointConfig> out = new LinkedHashMap<>();
        if (networkingConfig != null) {
            networkingConfig.path("EndpointsConfig").fields()
                    // The CLI names the daemon's default network "default": that is the bridge.
                    .forEachRemaining(e -> out.put(e.getKey().equals("default") ? "bridge" : e.getKey(),
                            EndpointConfig.fromJson(e.getValue())));
        }
        return out;
    }

    /**
     * At start, under the container's lock: joins its networks and publishes its ports (network connect events),
     * mounts its volumes (mount events), writes the daemon-managed files, and returns what its processes see.
     */
    FsView start(Container c) {
        networks.start(c.id(), startOptions(c));
        FsView view;
        try {
            view = c.mounts().start(c.fs());
        } catch (RuntimeException e) {
            networks.stop(c.id());
            throw e;
        }
        writeManaged(c, "/etc/hosts", networks.hostsFile(c.id()));
        writeManaged(c, "/etc/resolv.conf", networks.resolvConf(c.id()));
        writeManaged(c, "/etc/hostname", c.config().path("Hostname").asText("") + "\n");
        return view;
    }

    private void writeManaged(Container c, String path, String content) {
        if (content == null) {
            return;
        }
        try {
            rootFs.get().writeManaged(c.id(), c.fs(), path, content.getBytes(StandardCharsets.UTF_8));
        } catch (FsException | RuntimeException ignored) {
            // A root filesystem that refuses the file (read-only, /etc a file) runs without it, as runc does.
        }
    }

    /** The process ended (or never started): ports close, endpoints leave (disconnect), volumes unmount. */
    void stop(Container c) {
        networks.stop(c.id());
        c.mounts().stop();
    }

    /** After destroy: references and, with {@code removeVolumes}, anonymous volumes go; so does its layer. */
    void release(Container c, boolean removeVolumes) {
        c.mounts().release(removeVolumes);
        networks.forget(c.id());
        rootFs.get().release(c.id());
    }

    /** The container's files as {@code docker cp} and export see them: its layer with its mounts. */
    FsView view(Container c) {
        return c.mounts().view(c.fs());
    }

    private static NetworkService.StartOptions startOptions(Container c) {
        ObjectNode hc = c.hostConfig();
        return new NetworkService.StartOptions(c.config().path("Hostname").asText(""),
                c.config().path("Domainname").asText(""), strings(hc.path("ExtraHosts")), strings(hc.path("Links")),
                strings(hc.path("Dns")), strings(hc.path("DnsSearch")), strings(hc.path("DnsOptions")), ports(c));
    }

    /** PortBindings, plus a random host port for every other exposed port with {@code -P}. */
    static List<PortRequest> ports(Container c) {
        List<PortRequest> out = new ArrayList<>();
        JsonNode bindings = c.hostConfig().path("PortBindings");
        try {
            bindings.fields().forEachRemaining(e -> {
                int[] cport = PortSpecs.containerPortRange(e.getKey());
                String proto = PortSpecs.proto(e.getKey());
                for (JsonNode b : e.getValue()) {
                    int[] hport = PortSpecs.hostPortRange(b.path("HostPort").asText(""));
                    for (int p = cport[0]; p <= cport[1]; p++) {
                        int offset = p - cport[0];
                        int start = hport[0] == 0 ? 0 : hport[0] + (hport[1] > hport[0] && cport[1] > cport[0]
                                ? offset : 0);
                        int end = hport[0] == 0 ? 0 : cport[1] > cport[0] ? start : hport[1];
                        out.add(new PortRequest(p, proto, b.path("HostIp").asText(""), start, end));
                    }
                }
            });
            if (c.hostConfig().path("PublishAllPorts").asBoolean(false)) {
                c.config().path("ExposedPorts").fieldNames().forEachRemaining(key -> {
                    if (!bindings.has(key)) {
                        int[] cport = PortSpecs.containerPortRange(key);
                        for (int p = cport[0]; p <= cport[1]; p++) {
                            out.add(new PortRequest(p, PortSpecs.proto(key), "", 0, 0));
                        }
                    }
                });
            }
        } catch (NetException e) {
            throw EngineException.badRequest(e.getMessage());
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
