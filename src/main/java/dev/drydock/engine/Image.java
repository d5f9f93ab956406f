package dev.drydock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.fs.Layer;
import dev.drydock.fs.LayerStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One local image, content-addressed: its ID is the sha256 of its config JSON bytes, which name its layers'
 * DiffIDs in order. Immutable; tags and digests pointing at it live in the {@link ImageService}.
 */
public final class Image {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String id;
    private final byte[] configBytes;
    private final JsonNode configJson;
    private final ImageConfig config;
    private final List<Layer> layers;
    private final Instant created;
    private final String parent;
    private final long size;

    /** One entry of the image's build history. */
    public record History(Instant created, String createdBy, String comment, boolean emptyLayer) {
    }

    /**
     * @param configBytes the image config JSON exactly as stored (its sha256 is the ID)
     * @param layers      the layers its rootfs.diff_ids name, lowest first
     * @param parent      the parent image ID for locally built/committed images, or ""
     */
    public Image(byte[] configBytes, List<Layer> layers, String parent) {
        this.configBytes = configBytes.clone();
        this.id = "sha256:" + LayerStore.sha256Hex(configBytes);
        try {
            this.configJson = MAPPER.readTree(configBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.config = ImageConfig.fromJson(configJson.get("config"));
        this.layers = List.copyOf(layers);
        this.created = parseTime(configJson.path("created").asText(""));
        this.parent = parent == null ? "" : parent;
        long s = 0;
        for (Layer l : layers) {
            s += l.size();
        }
        this.size = s;
    }

    private static Instant parseTime(String s) {
        try {
            return s.isEmpty() ? Instant.EPOCH : java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** {@code sha256:<64 hex>}. */
    public String id() {
        return id;
    }

    /** The 12-hex short form users see. */
    public String shortId() {
        return id.substring(7, 19);
    }

    /** The config JSON bytes (what a save writes and a push uploads). */
    public byte[] configBytes() {
        return configBytes.clone();
    }

    /** The parsed config JSON (architecture, os, config, history, rootfs, ...). */
    public JsonNode configJson() {
        return configJson;
    }

    /** The container config to run it with. */
    public ImageConfig config() {
        return config;
    }

    /** Layers, lowest first. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layer trees (directories in the engine's Jimfs), lowest first, to stack an overlay view on. */
    public List<Path> layerRoots() {
        List<Path> roots = new ArrayList<>();
        for (Layer l : layers) {
            roots.add(l.root());
        }
        return roots;
    }

    /** The layer trees topmost first, as {@link dev.drydock.fs.OverlayFsView} takes its lowers. */
    public List<Path> layerRootsTopFirst() {
        List<Path> roots = layerRoots();
        java.util.Collections.reverse(roots);
        return roots;
    }

    public Instant created() {
        return created;
    }

    /** The parent image ID ("" when none). */
    public String parent() {
        return parent;
    }

    /** The bytes of all its layers' contents. */
    public long size() {
        return size;
    }

    public String architecture() {
        return configJson.path("architecture").asText("amd64");
    }

    public String os() {
        return configJson.path("os").asText("linux");
    }

    /** The CPU variant or null. */
    public String variant() {
        JsonNode v = configJson.get("variant");
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    public String author() {
        return configJson.path("author").asText("");
    }

    public String comment() {
        return configJson.path("comment").asText("");
    }

    public String dockerVersion() {
        return configJson.path("docker_version").asText("");
    }

    /** The history entries, oldest first. */
    public List<History> history() {
        List<History> out = new ArrayList<>();
        for (JsonNode h : configJson.path("history")) {
            out.add(new History(parseTime(h.path("created").asText("")), h.path("created_by").asText(""),
                    h.path("comment").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        return out;
    }
}
