package dev.drydock.engine.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.fs.MountSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a container create asks to mount, from its {@code HostConfig} and {@code Config} (and the image's
 * {@code VOLUME}s).
 *
 * @param binds         {@code HostConfig.Binds}
 * @param mounts        {@code HostConfig.Mounts}
 * @param tmpfs         {@code HostConfig.Tmpfs}: container path to mount options
 * @param volumes       {@code Config.Volumes} keys together with the image's {@code VOLUME}s
 * @param volumesFrom   {@code HostConfig.VolumesFrom}
 * @param volumeDriver  {@code HostConfig.VolumeDriver} ("" for the default)
 */
public record MountRequest(List<String> binds, List<MountSpec.ApiMount> mounts, Map<String, String> tmpfs,
                           List<String> volumes, List<String> volumesFrom, String volumeDriver) {

    public MountRequest {
        binds = binds == null ? List.of() : List.copyOf(binds);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        volumes = volumes == null ? List.of() : List.copyOf(new LinkedHashSet<>(volumes));
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
    }

    /** Nothing to mount. */
    public static MountRequest empty() {
        return new MountRequest(null, null, null, null, null, null);
    }

    /**
     * Reads the request from the create body's pieces.
     *
     * @param config       the container's {@code Config} (for {@code Volumes}); may be null
     * @param hostConfig   the container's {@code HostConfig}; may be null
     * @param imageVolumes the image config's {@code Volumes} keys ({@code VOLUME} instructions); may be null
     */
    public static MountRequest fromJson(JsonNode config, JsonNode hostConfig, Collection<String> imageVolumes) {
        JsonNode hc = hostConfig == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : hostConfig;
        List<String> volumes = new ArrayList<>();
        if (imageVolumes != null) {
            volumes.addAll(imageVolumes);
        }
        if (config != null && config.path("Volumes").isObject()) {
            config.get("Volumes").fieldNames().forEachRemaining(volumes::add);
        }
        List<MountSpec.ApiMount> mounts = new ArrayList<>();
        for (JsonNode m : hc.path("Mounts")) {
            mounts.add(apiMount(m));
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        if (hc.path("Tmpfs").isObject()) {
            hc.get("Tmpfs").fields().forEachRemaining(e -> tmpfs.put(e.getKey(), e.getValue().asText("")));
        }
        return new MountRequest(strings(hc.path("Binds")), mounts, tmpfs, volumes, strings(hc.path("VolumesFrom")),
                text(hc.path("VolumeDriver")));
    }

    /** One {@code Mounts} object; an options object present (even empty) counts as given, as in Go. */
    public static MountSpec.ApiMount apiMount(JsonNode m) {
        JsonNode vo = m.path("VolumeOptions");
        JsonNode bo = m.path("BindOptions");
        JsonNode to = m.path("TmpfsOptions");
        MountSpec.VolumeOptions volumeOptions = vo.isObject()
                ? new MountSpec.VolumeOptions(vo.path("NoCopy").asBoolean(false), stringMap(vo.path("Labels")),
                text(vo.path("DriverConfig").path("Name")), stringMap(vo.path("DriverConfig").path("Options")),
                text(vo.path("Subpath")))
                : null;
        MountSpec.BindOptions bindOptions = bo.isObject()
                ? new MountSpec.BindOptions(text(bo.path("Propagation")), bo.path("CreateMountpoint").asBoolean(false))
                : null;
        MountSpec.TmpfsOptions tmpfsOptions = null;
        if (to.isObject()) {
            List<List<String>> options = new ArrayList<>();
            for (JsonNode o : to.path("Options")) {
                List<String> pair = new ArrayList<>();
                o.forEach(x -> pair.add(x.asText()));
                options.add(pair);
            }
            tmpfsOptions = new MountSpec.TmpfsOptions(to.path("SizeBytes").asLong(0), to.path("Mode").asInt(0),
                    options);
        }
        return new MountSpec.ApiMount(text(m.path("Type")), text(m.path("Source")), text(m.path("Target")),
                m.path("ReadOnly").asBoolean(false), volumeOptions, bindOptions, tmpfsOptions);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText("")));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "" : n.asText();
    }
}
