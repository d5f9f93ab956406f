package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.engine.networks.NetworkViews;
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

    /**
     * The inspect document; with {@code size}, SizeRw and SizeRootFs too.
     *
     * @param apiVersion the request's API version (NetworkSettings changed shape over versions), null for the newest
     */
    public static Map<String, Object> inspect(Container c, boolean size, NetworkService net, String apiVersion) {
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
        m.put("Mounts", c.mounts().toApi());
        m.put("Config", MacAddressCompat.inspectConfig(c.config(), apiVersion));
        m.put("NetworkSettings", networkSettings(c, net, apiVersion));
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
        ContainerHealth health = c.health();
        if (health != null) {
            m.put("Health", health.toApi());
        }
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

    /** The container's exposed port keys ({@code 80/tcp}), in its config's order. */
    private static List<String> exposed(Container c) {
        List<String> out = new ArrayList<>();
        c.config().path("ExposedPorts").fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, Object> networkSettings(Container c, NetworkService net, String apiVersion) {
        Map<String, Object> m = NetworkViews.networkSettings(net, c.id(), c.sandboxId(), exposed(c), apiVersion);
        neverStarted(c, m.get("Networks"));
        return m;
    }

    /** A container that never ran shows no network ID yet, as the daemon does. */
    @SuppressWarnings("unchecked")
    private static void neverStarted(Container c, Object networks) {
        if (c.sandboxId().isEmpty() && networks instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                if (v instanceof Map<?, ?> ep && ep.containsKey("NetworkID")) {
                    ((Map<String, Object>) ep).put("NetworkID", "");
                }
            }
        }
    }

    /**
     * The list summary ({@code docker ps}); with {@code size}, SizeRw and SizeRootFs. Its version-dependent fields
     * are decided in {@link ContainerShapes}.
     */
    public static Map<String, Object> summary(Container c, boolean size, Instant now, NetworkService net,
                                              String apiVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of(c.name()));
        m.put("Image", c.imageRef());
        m.put("ImageID", c.image() == null ? "" : c.image().id());
        m.put("Command", command(c.argv()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", net.running(c.id()) ? NetworkViews.summaryPorts(net, c.id(), exposed(c)) : List.of());
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
        m.put("HostConfig", ContainerShapes.summaryHostConfig(c, apiVersion));
        Map<String, Object> ns = NetworkViews.summaryNetworkSettings(net, c.id(), apiVersion);
        neverStarted(c, ns.get("Networks"));
        m.put("NetworkSettings", ns);
        m.put("Mounts", c.mounts().toApi());
        ContainerShapes.summaryTail(m, c, apiVersion);
        return m;
    }

    /**
     * The list response body: the JSON array of the containers' summaries ({@link #summary}, byte for byte) and a
     * newline, each from the container's cached rendering when its state did not change since the last list, so a
     * list of thousands stays cheap.
     */
    public static byte[] summaryList(List<Container> containers, boolean size, Instant now, NetworkService net,
                                     String apiVersion) {
        return ListEntry.list(containers, size, now, net, apiVersion);
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
