package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container as Docker renders it: the inspect document ({@code GET /containers/{id}/json}) and the list
 * summary ({@code GET /containers/json}, {@code /system/df}), field for field and in the daemon's order.
 */
public final class ContainerViews {
    private static final String ROOT = "/var/lib/docker/containers/";

    private ContainerViews() {
    }

    /** The inspect document; with {@code size}, SizeRw and SizeRootFs too. */
    public static Map<String, Object> inspect(Container c, boolean size) {
        boolean started = !c.startedAt().equals(Container.ZERO_TIME);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Created", GoTime.rfc3339Nano(c.created()));
        List<String> argv = c.argv();
        m.put("Path", argv.isEmpty() ? "" : argv.get(0));
        m.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        m.put("State", state(c));
        m.put("Image", c.image() == null ? "" : c.image().id());
        m.put("ResolvConfPath", started ? ROOT + c.id() + "/resolv.conf" : "");
        m.put("HostnamePath", started ? ROOT + c.id() + "/hostname" : "");
        m.put("HostsPath", started ? ROOT + c.id() + "/hosts" : "");
        m.put("LogPath", started ? ROOT + c.id() + "/" + c.id() + "-json.log" : "");
        m.put("Name", c.name());
        m.put("RestartCount", c.restartCount());
        m.put("Driver", "overlay2");
        m.put("Platform", c.platform());
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", c.execIds().isEmpty() ? null : new ArrayList<>(c.execIds()));
        m.put("HostConfig", c.hostConfig());
        m.put("GraphDriver", graphDriver(c));
        if (size) {
            long rw = sizeRw(c);
            m.put("SizeRw", rw);
            m.put("SizeRootFs", rw + (c.image() == null ? 0 : c.image().size()));
        }
        m.put("Mounts", mounts(c));
        m.put("Config", c.config());
        m.put("NetworkSettings", networkSettings(c));
        return m;
    }

    private static Map<String, Object> state(Container c) {
        ContainerStatus s = c.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", s.wire());
        m.put("Running", s.hasProcess() || s == ContainerStatus.RESTARTING);
        m.put("Paused", s == ContainerStatus.PAUSED);
        m.put("Restarting", s == ContainerStatus.RESTARTING);
        m.put("OOMKilled", c.oomKilled());
        m.put("Dead", s == ContainerStatus.DEAD);
        m.put("Pid", c.pid());
        m.put("ExitCode", c.exitCode());
        m.put("Error", c.error());
        m.put("StartedAt", GoTime.rfc3339Nano(c.startedAt()));
        m.put("FinishedAt", GoTime.rfc3339Nano(c.finishedAt()));
        return m;
    }

    private static Map<String, Object> graphDriver(Container c) {
        String base = "/var/lib/docker/overlay2/" + c.id();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("LowerDir", base + "-init/diff");
        data.put("MergedDir", base + "/merged");
        data.put("UpperDir", base + "/diff");
        data.put("WorkDir", base + "/work");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Data", data);
        m.put("Name", "overlay2");
        return m;
    }

    static List<Map<String, Object>> mounts(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountPoint mp : c.mounts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", mp.type());
            if (mp.type().equals("volume")) {
                m.put("Name", mp.name());
            }
            m.put("Source", mp.source());
            m.put("Destination", mp.destination());
            if (mp.type().equals("volume")) {
                m.put("Driver", mp.driver());
            }
            m.put("Mode", mp.mode());
            m.put("RW", mp.rw());
            m.put("Propagation", mp.propagation());
            out.add(m);
        }
        return out;
    }

    /** The network a container's NetworkMode names, as the key under Networks. */
    static String networkName(Container c) {
        String mode = c.hostConfig().path("NetworkMode").asText("default");
        return mode.equals("default") || mode.isEmpty() ? "bridge" : mode;
    }

    private static Map<String, Object> networkSettings(Container c) {
        NetworkEndpoint e = c.endpoint();
        boolean running = c.status().hasProcess();
        boolean started = !c.sandboxId().isEmpty();
        boolean bridge = running && e != null && e.network().equals("bridge");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", started ? c.sandboxId() : "");
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("Ports", running ? portsMap(c) : Map.of());
        m.put("SandboxKey", started ? "/var/run/docker/netns/" + c.sandboxId().substring(0, 12) : "");
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        m.put("EndpointID", bridge ? e.endpointId() : "");
        m.put("Gateway", bridge ? e.gateway() : "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", bridge ? e.ipAddress() : "");
        m.put("IPPrefixLen", bridge ? e.prefixLen() : 0);
        m.put("IPv6Gateway", "");
        m.put("MacAddress", bridge ? e.macAddress() : "");
        m.put("Networks", networks(c));
        return m;
    }

    /** NetworkSettings.Networks: the container's network, filled while running, its ID kept after a run. */
    static Map<String, Object> networks(Container c) {
        NetworkEndpoint e = c.status().hasProcess() ? c.endpoint() : null;
        String name = networkName(c);
        boolean started = !c.sandboxId().isEmpty();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("IPAMConfig", null);
        n.put("Links", null);
        n.put("Aliases", null);
        n.put("NetworkID", e != null ? e.networkId() : started ? networkIdAfterRun(c) : "");
        n.put("EndpointID", e != null ? e.endpointId() : "");
        n.put("Gateway", e != null ? e.gateway() : "");
        n.put("IPAddress", e != null ? e.ipAddress() : "");
        n.put("IPPrefixLen", e != null ? e.prefixLen() : 0);
        n.put("IPv6Gateway", "");
        n.put("GlobalIPv6Address", "");
        n.put("GlobalIPv6PrefixLen", 0);
        n.put("MacAddress", e != null ? e.macAddress() : "");
        n.put("DriverOpts", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, n);
        return m;
    }

    private static String networkIdAfterRun(Container c) {
        NetworkEndpoint last = c.endpoint();
        return last == null ? "" : last.networkId();
    }

    private static Map<String, Object> portsMap(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        c.ports().forEach((port, bindings) -> {
            if (bindings.isEmpty()) {
                m.put(port, null);
            } else {
                List<Map<String, String>> list = new ArrayList<>();
                for (Container.PortBinding b : bindings) {
                    Map<String, String> x = new LinkedHashMap<>();
                    x.put("HostIp", b.hostIp());
                    x.put("HostPort", b.hostPort());
                    list.add(x);
                }
                m.put(port, list);
            }
        });
        return m;
    }

    /** The list summary ({@code docker ps}); with {@code size}, SizeRw and SizeRootFs. */
    public static Map<String, Object> summary(Container c, boolean size, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of(c.name()));
        m.put("Image", c.imageRef());
        m.put("ImageID", c.image() == null ? "" : c.image().id());
        m.put("Command", command(c.argv()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", c.status().hasProcess() ? portList(c) : List.of());
        if (size) {
            long rw = sizeRw(c);
            if (rw > 0) {
                m.put("SizeRw", rw);
            }
            m.put("SizeRootFs", rw + (c.image() == null ? 0 : c.image().size()));
        }
        m.put("Labels", c.labels());
        m.put("State", c.status().wire());
        m.put("Status", StatusText.of(c, now));
        m.put("HostConfig", Map.of("NetworkMode", c.hostConfig().path("NetworkMode").asText("default")));
        m.put("NetworkSettings", Map.of("Networks", networks(c)));
        m.put("Mounts", mounts(c));
        return m;
    }

    /** Docker's list Command: argv joined, arguments with spaces single-quoted. */
    static String command(List<String> argv) {
        if (argv.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(argv.get(0));
        for (String a : argv.subList(1, argv.size())) {
            sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        return sb.toString();
    }

    private static List<Map<String, Object>> portList(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        c.ports().forEach((port, bindings) -> {
            String[] pt = port.split("/");
            int priv = Integer.parseInt(pt[0].split("-")[0]);
            String type = pt.length > 1 ? pt[1] : "tcp";
            if (bindings.isEmpty()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("PrivatePort", priv);
                x.put("Type", type);
                out.add(x);
            }
            for (Container.PortBinding b : bindings) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("IP", b.hostIp());
                x.put("PrivatePort", priv);
                x.put("PublicPort", Integer.parseInt(b.hostPort().split("-")[0]));
                x.put("Type", type);
                out.add(x);
            }
        });
        return out;
    }

    /** Bytes the container wrote into its own layer. */
    static long sizeRw(Container c) {
        FsView fs = c.fs();
        if (fs instanceof dev.drydock.fs.MountFsView m) {
            fs = m.rootView();
        }
        if (fs instanceof dev.drydock.fs.OverlayFsView o) {
            try (var files = java.nio.file.Files.walk(o.upper())) {
                return files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> {
                    try {
                        return java.nio.file.Files.size(p);
                    } catch (java.io.IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (java.io.IOException e) {
                return 0;
            }
        }
        if (fs == null) {
            return 0;
        }
        try {
            return du(fs, "/");
        } catch (FsException e) {
            return 0;
        }
    }

    private static long du(FsView fs, String dir) throws FsException {
        long total = 0;
        for (String name : fs.list(dir)) {
            String p = dir.equals("/") ? "/" + name : dir + "/" + name;
            FileStat st = fs.stat(p, false).orElse(null);
            if (st == null) {
                continue;
            }
            total += st.isDirectory() ? du(fs, p) : st.size();
        }
        return total;
    }

    /** True when the JSON node is absent or null. */
    static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }
}
