package dev.drydock.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drydock.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Starting state for a server: images, networks, volumes with files, containers in given states, and the clock.
 * Built in Java, or read from JSON / YAML (the same document {@code POST /_drydock/seed} and {@code --seed FILE}
 * take). Applied all or nothing; a bad definition is a 400 naming its field.
 *
 * <pre>{@code
 * drydock.seed(Seed.create()
 *         .clock(Instant.parse("2026-01-01T12:00:00Z"))
 *         .image("nginx:1.27")                                              // pulled from the catalog
 *         .image(Seed.imageDef("app:1").from("busybox").file("/app/hello.txt", "hi").cmd("cat", "/app/hello.txt"))
 *         .network("backend")
 *         .volume(Seed.volumeDef("data").file("/config.json", "{}"))
 *         .container(Seed.containerDef("web").image("nginx:1.27").network("backend").running().startedAgo(Duration.ofMinutes(5)))
 *         .container(Seed.containerDef("job").image("busybox").exited(3).finishedAgo(Duration.ofHours(2))));
 * }</pre>
 *
 * The same in JSON (YAML has the same shape):
 * <pre>
 * {"clock": "2026-01-01T12:00:00Z",
 *  "images": ["nginx:1.27", {"ref": "app:1", "from": "busybox", "files": {"/app/hello.txt": "hi"},
 *                            "cmd": ["cat", "/app/hello.txt"]}],
 *  "networks": ["backend"],
 *  "volumes": [{"name": "data", "files": {"/config.json": {"content": "{}", "mode": "0644"}}}],
 *  "containers": [{"name": "web", "image": "nginx:1.27", "network": "backend", "state": "running", "startedAt": "5m"},
 *                 {"name": "job", "image": "busybox", "state": "exited", "exitCode": 3, "finishedAt": "2h"}]}
 * </pre>
 * Times are RFC 3339, Unix seconds, or a Go duration meaning that long before the (seeded) clock, as
 * {@code docker events --since} reads them.
 */
public final class Seed {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode doc;

    private Seed(ObjectNode doc) {
        this.doc = doc;
    }

    /** An empty seed to add to. */
    public static Seed create() {
        return new Seed(NODES.objectNode());
    }

    /** A seed document in JSON; invalid JSON is an {@link IllegalArgumentException}. */
    public static Seed fromJson(String json) {
        try {
            return of(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** A seed document in YAML. */
    public static Seed fromYaml(String yaml) {
        try {
            return of(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid YAML: " + e.getOriginalMessage());
        }
    }

    /** A seed file: YAML when it ends in {@code .yaml} or {@code .yml}, JSON otherwise. */
    public static Seed fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the seed file " + file, e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? fromYaml(text) : fromJson(text);
    }

    private static Seed of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return create();
        }
        if (!node.isObject()) {
            throw FaultJson.field("(document)", "must be an object");
        }
        return new Seed((ObjectNode) node);
    }

    /**
     * Checks every definition's shape (fields, types, names, references, times) without creating anything.
     *
     * @return this seed
     * @throws IllegalArgumentException naming the first bad field
     */
    public Seed validate() {
        SeedJson.plan(doc, java.time.Clock.systemUTC());
        return this;
    }

    /** The document, as {@code POST /_drydock/seed} takes it. */
    public JsonNode toJson() {
        return doc.deepCopy();
    }

    @Override
    public String toString() {
        return doc.toString();
    }

    /** This seed followed by {@code other} (its clock wins when both set one). */
    public Seed and(Seed other) {
        ObjectNode out = doc.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = other.doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray() && out.path(e.getKey()).isArray()) {
                ((ArrayNode) out.get(e.getKey())).addAll((ArrayNode) e.getValue().deepCopy());
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return new Seed(out);
    }

    /** Freezes the engine clock at this instant before anything is created. */
    public Seed clock(Instant at) {
        doc.put("clock", at.toString());
        return this;
    }

    /** An image pulled as {@code docker pull} would (catalog images, or any reference in the default registry mode). */
    public Seed image(String ref) {
        list("images").add(ref);
        return this;
    }

    /** An image built from a definition. */
    public Seed image(ImageDef image) {
        list("images").add(image.node.deepCopy());
        return this;
    }

    /** A bridge network. */
    public Seed network(String name) {
        list("networks").add(name);
        return this;
    }

    /** An empty volume. */
    public Seed volume(String name) {
        list("volumes").add(name);
        return this;
    }

    /** A volume with files. */
    public Seed volume(VolumeDef volume) {
        list("volumes").add(volume.node.deepCopy());
        return this;
    }

    /** A container in a given state. */
    public Seed container(ContainerDef container) {
        list("containers").add(container.node.deepCopy());
        return this;
    }

    private ArrayNode list(String name) {
        return doc.path(name).isArray() ? (ArrayNode) doc.get(name) : doc.putArray(name);
    }

    /** An image definition: {@code ref} built on {@link ImageDef#from} (scratch by default) with files and config. */
    public static ImageDef imageDef(String ref) {
        return new ImageDef(ref);
    }

    public static VolumeDef volumeDef(String name) {
        return new VolumeDef(name);
    }

    /** A container definition; {@code name} may be null for a generated name. */
    public static ContainerDef containerDef(String name) {
        return new ContainerDef(name);
    }

    private static void putStrings(ObjectNode node, String key, String... values) {
        ArrayNode a = node.putArray(key);
        for (String v : values) {
            a.add(v);
        }
    }

    private static String ago(Duration d) {
        return d.toMillis() + "ms";
    }

    /** An image to build: base, files (one layer) and config. */
    public static final class ImageDef {
        private final ObjectNode node = NODES.objectNode();

        private ImageDef(String ref) {
            node.put("ref", ref);
        }

        public ImageDef from(String base) {
            node.put("from", base);
            return this;
        }

        /** A file (mode 0644). */
        public ImageDef file(String path, String content) {
            node.withObjectProperty("files").put(path, content);
            return this;
        }

        /** A file with a mode, e.g. {@code 0755}. */
        public ImageDef file(String path, String content, int mode) {
            node.withObjectProperty("files").putObject(path).put("content", content).put("mode", Integer.toOctalString(mode));
            return this;
        }

        /** An executable that runs the named program (built in, or registered on the runtime). */
        public ImageDef program(String path, String program) {
            node.withObjectProperty("files").putObject(path)
                    .put("base64", java.util.Base64.getEncoder().encodeToString(
                            dev.drydock.runtime.Executables.marker(program)))
                    .put("mode", "0755");
            return this;
        }

        public ImageDef cmd(String... argv) {
            putStrings(node, "cmd", argv);
            return this;
        }

        public ImageDef entrypoint(String... argv) {
            putStrings(node, "entrypoint", argv);
            return this;
        }

        /** {@code KEY=value} entries. */
        public ImageDef env(String... entries) {
            putStrings(node, "env", entries);
            return this;
        }

        public ImageDef workdir(String dir) {
            node.put("workdir", dir);
            return this;
        }

        public ImageDef label(String key, String value) {
            node.withObjectProperty("labels").put(key, value);
            return this;
        }

        /** {@code 80/tcp} entries. */
        public ImageDef exposedPorts(String... ports) {
            putStrings(node, "exposedPorts", ports);
            return this;
        }
    }

    /** A named volume and its files. */
    public static final class VolumeDef {
        private final ObjectNode node = NODES.objectNode();

        private VolumeDef(String name) {
            node.put("name", name);
        }

        public VolumeDef file(String path, String content) {
            node.withObjectProperty("files").put(path, content);
            return this;
        }

        public VolumeDef file(String path, byte[] content, int mode) {
            node.withObjectProperty("files").putObject(path)
                    .put("base64", java.util.Base64.getEncoder().encodeToString(content))
                    .put("mode", Integer.toOctalString(mode));
            return this;
        }

        public VolumeDef label(String key, String value) {
            node.withObjectProperty("labels").put(key, value);
            return this;
        }
    }

    /** A container and the state to put it in (created unless said otherwise). */
    public static final class ContainerDef {
        private final ObjectNode node = NODES.objectNode();

        private ContainerDef(String name) {
            if (name != null) {
                node.put("name", name);
            }
        }

        public ContainerDef image(String ref) {
            node.put("image", ref);
            return this;
        }

        public ContainerDef cmd(String... argv) {
            putStrings(node, "cmd", argv);
            return this;
        }

        public ContainerDef entrypoint(String... argv) {
            putStrings(node, "entrypoint", argv);
            return this;
        }

        public ContainerDef env(String... entries) {
            putStrings(node, "env", entries);
            return this;
        }

        public ContainerDef label(String key, String value) {
            node.withObjectProperty("labels").put(key, value);
            return this;
        }

        /** The network it is attached to (NetworkMode). */
        public ContainerDef network(String name) {
            node.put("network", name);
            return this;
        }

        /** Binds as {@code docker run -v} takes them: {@code data:/data}, {@code /host:/in:ro}. */
        public ContainerDef binds(String... binds) {
            putStrings(node, "binds", binds);
            return this;
        }

        public ContainerDef tty(boolean tty) {
            node.put("tty", tty);
            return this;
        }

        /** Further fields of Docker's create body ({@code HostConfig}, {@code ExposedPorts}...), as JSON. */
        public ContainerDef config(String createBodyJson) {
            try {
                node.set("config", Json.MAPPER.readTree(createBodyJson));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage());
            }
            return this;
        }

        public ContainerDef created() {
            node.put("state", "created");
            return this;
        }

        /** Running its process (give a long-running command, or the container exits as Docker's would). */
        public ContainerDef running() {
            node.put("state", "running");
            return this;
        }

        public ContainerDef paused() {
            node.put("state", "paused");
            return this;
        }

        /** Exited with this code, without running its process. */
        public ContainerDef exited(int exitCode) {
            node.put("state", "exited").put("exitCode", exitCode);
            return this;
        }

        public ContainerDef createdAt(Instant at) {
            node.put("created", at.toString());
            return this;
        }

        public ContainerDef createdAgo(Duration d) {
            node.put("created", ago(d));
            return this;
        }

        public ContainerDef startedAt(Instant at) {
            node.put("startedAt", at.toString());
            return this;
        }

        public ContainerDef startedAgo(Duration d) {
            node.put("startedAt", ago(d));
            return this;
        }

        public ContainerDef finishedAt(Instant at) {
            node.put("finishedAt", at.toString());
            return this;
        }

        public ContainerDef finishedAgo(Duration d) {
            node.put("finishedAt", ago(d));
            return this;
        }
    }
}
