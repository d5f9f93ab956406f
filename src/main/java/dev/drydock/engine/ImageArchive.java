package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.fs.Layer;
import dev.drydock.fs.LayerStore;
import dev.drydock.fs.LayerTar;
import dev.drydock.registry.Reference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * {@code docker save} and {@code docker load} archives: the OCI image layout plus Docker's manifest.json and
 * repositories files, as current Engines write them; loads also read the classic layout older Engines write.
 */
public final class ImageArchive {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Date EPOCH = new Date(0);

    private final ImageService images;
    private final long maxBytes;

    public ImageArchive(ImageService images, long maxBytes) {
        this.images = images;
        this.maxBytes = maxBytes;
    }

    /** What a save will write: images and the tags to record for each. Resolved before streaming starts. */
    public record SavePlan(Map<Image, List<String>> entries) {
    }

    /** Resolves names (tags, repositories, IDs) to save; 404 {@code No such image: X} for an unknown one. */
    public SavePlan plan(List<String> names) {
        Map<Image, List<String>> entries = new LinkedHashMap<>();
        for (String name : names) {
            Image img = images.find(name);
            if (img == null) {
                throw EngineException.notFound("No such image: " + name);
            }
            List<String> tags = entries.computeIfAbsent(img, k -> new ArrayList<>());
            if (Reference.fullId(name) != null || name.startsWith("sha256:") || img.id().startsWith("sha256:" + name)) {
                continue;
            }
            Reference ref = Reference.parse(name);
            if (ref.digest() != null) {
                continue;
            }
            String wanted = ref.withDefaultTag().familiarString();
            if (!tags.contains(wanted)) {
                tags.add(wanted);
            }
        }
        return new SavePlan(entries);
    }

    /** Writes the archive; publishes "save" per image. */
    public void save(SavePlan plan, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        dir(tar, "blobs/");
        dir(tar, "blobs/sha256/");
        Set<String> written = new LinkedHashSet<>();
        List<Map<String, Object>> manifestJson = new ArrayList<>();
        List<Map<String, Object>> index = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new TreeMap<>();
        for (Map.Entry<Image, List<String>> e : plan.entries().entrySet()) {
            Image img = e.getKey();
            List<String> layerPaths = new ArrayList<>();
            List<Map<String, Object>> layerDescs = new ArrayList<>();
            for (Layer l : img.layers()) {
                String hex = l.diffId().substring(7);
                if (written.add(hex)) {
                    TarArchiveEntry te = new TarArchiveEntry("blobs/sha256/" + hex);
                    te.setSize(l.tarSize());
                    te.setModTime(EPOCH);
                    te.setMode(0100444);
                    tar.putArchiveEntry(te);
                    l.writeTar(tar);
                    tar.closeArchiveEntry();
                }
                layerPaths.add("blobs/sha256/" + hex);
                layerDescs.add(descriptor("application/vnd.oci.image.layer.v1.tar", l.diffId(), l.tarSize()));
            }
            byte[] config = img.configBytes();
            String configHex = img.id().substring(7);
            if (written.add(configHex)) {
                file(tar, "blobs/sha256/" + configHex, config);
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", img.id(), config.length));
            manifest.put("layers", layerDescs);
            byte[] manifestBytes = MAPPER.writeValueAsBytes(manifest);
            String manifestDigest = "sha256:" + LayerStore.sha256Hex(manifestBytes);
            if (written.add(manifestDigest.substring(7))) {
                file(tar, "blobs/sha256/" + manifestDigest.substring(7), manifestBytes);
            }
            List<String> tags = e.getValue();
            if (tags.isEmpty()) {
                index.add(descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifestBytes.length));
            }
            for (String tag : tags) {
                Reference r = Reference.parse(tag);
                Map<String, Object> d = descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest,
                        manifestBytes.length);
                Map<String, String> ann = new LinkedHashMap<>();
                ann.put("io.containerd.image.name", r.name() + ":" + r.tag());
                ann.put("org.opencontainers.image.ref.name", r.tag());
                d.put("annotations", ann);
                index.add(d);
                if (!img.layers().isEmpty()) {
                    repositories.computeIfAbsent(r.familiarName(), k -> new TreeMap<>())
                            .put(r.tag(), img.layers().get(img.layers().size() - 1).diffId().substring(7));
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Config", "blobs/sha256/" + configHex);
            m.put("RepoTags", tags.isEmpty() ? null : tags);
            m.put("Layers", layerPaths);
            manifestJson.add(m);
        }
        Map<String, Object> idx = new LinkedHashMap<>();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", "application/vnd.oci.image.index.v1+json");
        idx.put("manifests", index);
        file(tar, "index.json", MAPPER.writeValueAsBytes(idx));
        file(tar, "manifest.json", MAPPER.writeValueAsBytes(manifestJson));
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        if (!repositories.isEmpty()) {
            file(tar, "repositories", MAPPER.writeValueAsBytes(repositories));
        }
        tar.finish();
        tar.flush();
        for (Image img : plan.entries().keySet()) {
            images.publish("save", img, img.id());
        }
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(EPOCH);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setModTime(EPOCH);
        e.setMode(0100444);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    // ---- load --------------------------------------------------------------------------------------------

    /** One loaded image: what the load stream reports for it. */
    public record Loaded(Image image, List<String> messages, List<Layer> newLayers) {
    }

    /**
     * Reads a save archive completely, validates it, then stores its images and tags. Nothing is stored when
     * any part is refused. Publishes "load" per image.
     */
    public List<Loaded> load(InputStream in) {
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try {
            readArchive(maybeGunzip(in), files, links);
        } catch (LayerTar.UnsafeArchiveException e) {
            throw EngineException.badRequest("Error processing tar file(exit status 1): " + e.getMessage());
        } catch (IOException e) {
            throw EngineException.internal("Error processing tar file(exit status 1): " + e.getMessage());
        }
        List<Layer> created = new ArrayList<>();
        List<Object[]> toStore = new ArrayList<>();
        try {
            byte[] manifestJson = get(files, links, "manifest.json");
            if (manifestJson != null) {
                for (JsonNode m : MAPPER.readTree(manifestJson)) {
                    byte[] config = required(files, links, m.path("Config").asText());
                    List<String> layerPaths = new ArrayList<>();
                    m.path("Layers").forEach(l -> layerPaths.add(l.asText()));
                    List<String> tags = new ArrayList<>();
                    m.path("RepoTags").forEach(t -> tags.add(t.asText()));
                    toStore.add(new Object[] {config, layers(files, links, config, layerPaths, created), tags});
                }
            } else if (get(files, links, "index.json") != null) {
                for (JsonNode d : MAPPER.readTree(get(files, links, "index.json")).path("manifests")) {
                    byte[] manifest = required(files, links, blobPath(d.path("digest").asText()));
                    JsonNode mj = MAPPER.readTree(manifest);
                    byte[] config = required(files, links, blobPath(mj.path("config").path("digest").asText()));
                    List<String> layerPaths = new ArrayList<>();
                    mj.path("layers").forEach(l -> layerPaths.add(blobPath(l.path("digest").asText())));
                    List<String> tags = new ArrayList<>();
                    String name = d.path("annotations").path("io.containerd.image.name").asText("");
                    if (!name.isEmpty()) {
                        tags.add(Reference.parse(name).familiarString());
                    }
                    toStore.add(new Object[] {config, layers(files, links, config, layerPaths, created), tags});
                }
            } else {
                throw EngineException.internal("failed to load image: archive contains neither manifest.json nor index.json");
            }
        } catch (EngineException | IllegalArgumentException e) {
            created.forEach(images.layers()::release);
            if (e instanceof EngineException ee) {
                throw ee;
            }
            throw EngineException.badRequest(e.getMessage());
        } catch (IOException e) {
            created.forEach(images.layers()::release);
            throw EngineException.internal("failed to load image: " + e.getMessage());
        }
        List<Loaded> out = new ArrayList<>();
        for (Object[] s : toStore) {
            @SuppressWarnings("unchecked")
            List<Layer> ls = (List<Layer>) s[1];
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) s[2];
            Image img = images.storeLoaded((byte[]) s[0], ls);
            List<String> messages = new ArrayList<>();
            for (String tag : tags) {
                Reference r = Reference.parse(tag).withDefaultTag();
                String old = images.tagLoaded(r, img);
                if (old != null) {
                    messages.add("The image " + r.familiarString() + " already exists, renaming the old one with ID "
                            + old + " to empty string");
                }
                messages.add("Loaded image: " + r.familiarString());
            }
            if (tags.isEmpty()) {
                messages.add("Loaded image ID: " + img.id());
            }
            images.publish("load", img, img.id());
            out.add(new Loaded(img, messages, ls));
        }
        return out;
    }

    private List<Layer> layers(Map<String, byte[]> files, Map<String, String> links, byte[] config,
                               List<String> paths, List<Layer> created) throws IOException {
        JsonNode cfg = MAPPER.readTree(config);
        JsonNode diffIds = cfg.path("rootfs").path("diff_ids");
        if (diffIds.size() != paths.size()) {
            throw EngineException.internal("invalid manifest, layers length mismatch: expected " + diffIds.size()
                    + ", got " + paths.size());
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            byte[] blob = required(files, links, paths.get(i));
            Layer existing = images.layers().get(diffIds.get(i).asText());
            Layer l;
            if (existing != null) {
                l = existing;
            } else {
                try {
                    l = images.layers().fromTar(maybeGunzip(new ByteArrayInputStream(blob)), maxBytes);
                } catch (LayerTar.UnsafeArchiveException e) {
                    throw EngineException.badRequest("Error processing tar file(exit status 1): " + e.getMessage());
                }
                created.add(l);
            }
            if (!l.diffId().equals(diffIds.get(i).asText())) {
                throw EngineException.internal("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i).asText()
                        + "\", got \"" + l.diffId() + "\"");
            }
            out.add(l);
        }
        return out;
    }

    private static String blobPath(String digest) {
        int colon = digest.indexOf(':');
        return "blobs/" + digest.substring(0, Math.max(colon, 0)) + "/" + digest.substring(colon + 1);
    }

    private void readArchive(InputStream in, Map<String, byte[]> files, Map<String, String> links) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        long total = 0;
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String rel = LayerTarNames.relative(e.getName());
            if (rel.isEmpty() || e.isDirectory()) {
                continue;
            }
            if (e.isSymbolicLink() || e.isLink()) {
                String target = e.isSymbolicLink()
                        ? LayerTarNames.resolveLink(rel, e.getLinkName()) : LayerTarNames.relative(e.getLinkName());
                links.put(rel, target);
                continue;
            }
            total += e.getSize();
            if (total > maxBytes) {
                throw new LayerTar.UnsafeArchiveException("archive content exceeds the size limit of " + maxBytes + " bytes");
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(e.getSize(), 1 << 20));
            tar.transferTo(buf);
            files.put(rel, buf.toByteArray());
        }
    }

    private static byte[] get(Map<String, byte[]> files, Map<String, String> links, String name) {
        String n = name;
        for (int hops = 0; hops < 16 && n != null; hops++) {
            byte[] b = files.get(n);
            if (b != null) {
                return b;
            }
            n = links.get(n);
        }
        return null;
    }

    private static byte[] required(Map<String, byte[]> files, Map<String, String> links, String name) {
        String rel;
        try {
            rel = LayerTarNames.relative(name);
        } catch (LayerTar.UnsafeArchiveException e) {
            throw EngineException.badRequest("Error processing tar file(exit status 1): " + e.getMessage());
        }
        byte[] b = get(files, links, rel);
        if (b == null) {
            throw EngineException.internal("failed to load image: open " + name + ": no such file or directory");
        }
        return b;
    }

    /** Gzip-compressed input is decompressed; anything else passes through. */
    static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in);
        b.mark(2);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        if (m1 == 0x1f && m2 == 0x8b) {
            return new GZIPInputStream(b);
        }
        return b;
    }

    /** Archive member names: relative, never climbing out. */
    static final class LayerTarNames {
        private LayerTarNames() {
        }

        static String relative(String name) throws LayerTar.UnsafeArchiveException {
            if (name.startsWith("/")) {
                throw new LayerTar.UnsafeArchiveException("invalid absolute path \"" + name + "\" in archive");
            }
            int depth = 0;
            for (String part : name.split("/")) {
                if (part.equals("..")) {
                    if (--depth < 0) {
                        throw new LayerTar.UnsafeArchiveException("\"" + name + "\" is outside of the archive root");
                    }
                } else if (!part.isEmpty() && !part.equals(".")) {
                    depth++;
                }
            }
            String norm = dev.drydock.fs.Paths.normalize("/" + name);
            return norm.equals("/") ? "" : norm.substring(1);
        }

        static String resolveLink(String from, String target) throws LayerTar.UnsafeArchiveException {
            if (target.startsWith("/")) {
                throw new LayerTar.UnsafeArchiveException("invalid symlink \"" + from + "\" -> \"" + target + "\"");
            }
            String parent = from.contains("/") ? from.substring(0, from.lastIndexOf('/')) + "/" : "";
            try {
                return relative(parent + target);
            } catch (LayerTar.UnsafeArchiveException e) {
                throw new LayerTar.UnsafeArchiveException("invalid symlink \"" + from + "\" -> \"" + target + "\"");
            }
        }
    }
}
