package dev.drydock.api;

import dev.drydock.engine.Image;
import dev.drydock.engine.ImageConfig;
import dev.drydock.engine.ImageService;
import dev.drydock.fs.Layer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Image inspect and history bodies, in the shape the client's API version expects. */
final class ImageRender {
    private ImageRender() {
    }

    static Map<String, Object> inspect(Image img, ImageService images, String version) {
        boolean below = ApiVersion.lessThan(version, "1.52");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", img.id());
        m.put("RepoTags", images.repoTags(img.id()));
        m.put("RepoDigests", images.repoDigests(img.id()));
        if (below) {
            m.put("Parent", img.parent());
        }
        m.put("Comment", img.comment());
        m.put("Created", img.created().toString());
        if (ApiVersion.lessThan(version, "1.45")) {
            m.put("Container", "");
            m.put("ContainerConfig", legacyConfig(ImageConfig.EMPTY));
        }
        if (below) {
            m.put("DockerVersion", img.dockerVersion());
        }
        m.put("Author", img.author());
        m.put("Config", ApiVersion.lessThan(version, "1.50") ? legacyConfig(img.config()) : ociConfig(img.config()));
        m.put("Architecture", img.architecture());
        if (img.variant() != null) {
            m.put("Variant", img.variant());
        }
        m.put("Os", img.os());
        m.put("Size", img.size());
        if (ApiVersion.lessThan(version, "1.44")) {
            m.put("VirtualSize", img.size());
        }
        m.put("GraphDriver", graphDriver(img));
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", "layers");
        List<String> diffIds = new ArrayList<>();
        for (Layer l : img.layers()) {
            diffIds.add(l.diffId());
        }
        if (!diffIds.isEmpty()) {
            rootfs.put("Layers", diffIds);
        }
        m.put("RootFS", rootfs);
        Instant tagged = images.lastTagTime(img.id());
        m.put("Metadata", Map.of("LastTagTime", tagged == null ? "0001-01-01T00:00:00Z" : tagged.toString()));
        return m;
    }

    private static Map<String, Object> graphDriver(Image img) {
        Map<String, Object> g = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        List<Layer> ls = img.layers();
        if (!ls.isEmpty()) {
            String top = ls.get(ls.size() - 1).diffId().substring(7);
            String base = "/var/lib/docker/overlay2/" + top;
            if (ls.size() > 1) {
                List<String> lower = new ArrayList<>();
                for (int i = ls.size() - 2; i >= 0; i--) {
                    lower.add("/var/lib/docker/overlay2/" + ls.get(i).diffId().substring(7) + "/diff");
                }
                data.put("LowerDir", String.join(":", lower));
            }
            data.put("MergedDir", base + "/merged");
            data.put("UpperDir", base + "/diff");
            data.put("WorkDir", base + "/work");
        }
        g.put("Data", data.isEmpty() ? null : data);
        g.put("Name", "overlay2");
        return g;
    }

    /** From API 1.50 the OCI image config with Docker's extensions: without the deprecated MacAddress. */
    private static Map<String, Object> ociConfig(ImageConfig c) {
        Map<String, Object> m = c.toJson();
        m.remove("MacAddress");
        return m;
    }

    /** The container-config shape image configs had before API 1.50: every field, empty ones included. */
    static Map<String, Object> legacyConfig(ImageConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", "");
        m.put("Domainname", "");
        m.put("User", c.user() == null ? "" : c.user());
        m.put("AttachStdin", false);
        m.put("AttachStdout", false);
        m.put("AttachStderr", false);
        Map<String, Object> json = c.toJson();
        if (json.containsKey("ExposedPorts")) {
            m.put("ExposedPorts", json.get("ExposedPorts"));
        }
        m.put("Tty", false);
        m.put("OpenStdin", false);
        m.put("StdinOnce", false);
        m.put("Env", c.env());
        m.put("Cmd", c.cmd());
        if (c.healthcheck() != null) {
            m.put("Healthcheck", c.healthcheck());
        }
        m.put("Image", "");
        m.put("Volumes", json.get("Volumes"));
        m.put("WorkingDir", c.workingDir() == null ? "" : c.workingDir());
        m.put("Entrypoint", c.entrypoint());
        if (c.macAddress() != null && !c.macAddress().isEmpty()) {
            m.put("MacAddress", c.macAddress());
        }
        m.put("OnBuild", c.onBuild());
        m.put("Labels", c.labels());
        if (c.stopSignal() != null) {
            m.put("StopSignal", c.stopSignal());
        }
        if (c.shell() != null) {
            m.put("Shell", c.shell());
        }
        return m;
    }

    /** {@code docker history}: newest first; the top entry carries the ID and tags, older ones "<missing>". */
    static List<Map<String, Object>> history(Image img, ImageService images) {
        List<Image.History> hist = img.history();
        List<Layer> ls = img.layers();
        List<Map<String, Object>> out = new ArrayList<>();
        int layerIndex = 0;
        List<Long> sizes = new ArrayList<>();
        for (Image.History h : hist) {
            if (h.emptyLayer() || layerIndex >= ls.size()) {
                sizes.add(0L);
            } else {
                sizes.add(ls.get(layerIndex++).size());
            }
        }
        if (hist.isEmpty()) {
            Map<String, Object> m = entry(img.id(), img.created(), "", images.repoTags(img.id()), img.size(), "");
            out.add(m);
            return out;
        }
        // Entries from the top take the IDs (and tags) of the local parent chain, as built images have one.
        Image chain = img;
        for (int i = hist.size() - 1; i >= 0; i--) {
            Image.History h = hist.get(i);
            boolean top = i == hist.size() - 1;
            String id = chain == null ? "<missing>" : chain.id();
            List<String> tags = chain == null ? null : images.repoTags(chain.id());
            out.add(entry(id, h.created(), h.createdBy(), top ? tags : tags == null || tags.isEmpty() ? null : tags,
                    sizes.get(i), h.comment()));
            chain = chain == null || chain.parent().isEmpty() ? null : images.find(chain.parent());
        }
        return out;
    }

    private static Map<String, Object> entry(String id, Instant created, String createdBy, List<String> tags,
                                             long size, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Comment", comment);
        m.put("Created", created.getEpochSecond());
        m.put("CreatedBy", createdBy);
        m.put("Id", id);
        m.put("Size", size);
        m.put("Tags", tags == null || tags.isEmpty() ? (tags == null ? null : Collections.emptyList()) : tags);
        return m;
    }
}
