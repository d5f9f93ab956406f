package dev.drydock.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.fs.Layer;
import dev.drydock.fs.LayerStore;
import dev.drydock.fs.TreeSpec;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries a Drydock instance pretends to reach: Docker Hub and any other host, answered from the
 * catalog, from what was pushed here (an in-memory registry), and by synthesizing a generic image.
 *
 * <p>One per engine. Thread-safe.
 */
public final class Registry {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SYNTH_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Instant SYNTH_CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private final Catalog catalog;
    private final LayerStore layers;
    private final RegistryMode mode;
    private final Map<String, String> credentials;
    private final Map<String, RemoteImage> built = new ConcurrentHashMap<>();
    /** Pushed images: repository name (docker.io/library/x) to tag to manifest digest. */
    private final Map<String, Map<String, String>> pushedTags = new ConcurrentHashMap<>();
    /** Pushed manifests by repository name and digest. */
    private final Map<String, RemoteImage> pushedManifests = new ConcurrentHashMap<>();

    /**
     * @param credentials user to password; when not empty, pushes and pulls of pushed images need them
     */
    public Registry(Catalog catalog, LayerStore layers, RegistryMode mode, Map<String, String> credentials) {
        this.catalog = catalog;
        this.layers = layers;
        this.mode = mode;
        this.credentials = Map.copyOf(credentials);
    }

    public RegistryMode mode() {
        return mode;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Resolves a pull: the reference (with a tag or a digest) on the given platform.
     *
     * @throws RegistryException with Docker's status and text when the image does not exist or access fails
     */
    public RemoteImage pull(Reference ref, Platform platform, AuthConfig auth) {
        if (ref.domain().toLowerCase(Locale.ROOT).endsWith(".invalid")) {
            String host = ref.domain();
            throw new RegistryException(500, "Get \"https://" + host + "/v2/\": dial tcp: lookup " + host.replaceAll(":\\d+$", "")
                    + " on 127.0.0.53:53: no such host");
        }
        if (!platform.os().equals("linux")) {
            throw new RegistryException(404, "no matching manifest for " + platform + " in the manifest list entries");
        }
        String repo = ref.name();
        Map<String, String> pushed = pushedTags.get(repo);
        if (pushed != null) {
            String digest = ref.digest() != null ? ref.digest() : pushed.get(ref.tag());
            RemoteImage img = digest == null ? null : pushedManifests.get(repo + "@" + digest);
            if (img != null) {
                checkPullAuth(ref, auth);
                return img;
            }
        }
        Optional<Catalog.Repository> catalogRepo = catalog.repository(ref);
        if (catalogRepo.isPresent()) {
            if (ref.digest() != null) {
                for (ImageRecipe r : catalogRepo.get().tags().values()) {
                    RemoteImage img = fromRecipe(r, platform);
                    if (img.manifestDigest().equals(ref.digest())) {
                        return img;
                    }
                }
            } else {
                ImageRecipe recipe = catalogRepo.get().tags().get(ref.tag());
                if (recipe != null) {
                    return fromRecipe(recipe, platform);
                }
            }
        }
        if (mode == RegistryMode.STRICT) {
            if (catalogRepo.isEmpty() && pushed == null) {
                throw new RegistryException(404, "pull access denied for " + ref.familiarName()
                        + ", repository does not exist or may require 'docker login': denied: requested access to the resource is denied");
            }
            throw new RegistryException(404, "manifest for " + ref.familiarString()
                    + " not found: manifest unknown: manifest unknown");
        }
        if (catalogRepo.isPresent() && ref.tag() != null) {
            // An unknown tag of a known repository: the closest flavour of that repository.
            Map<String, ImageRecipe> tags = catalogRepo.get().tags();
            ImageRecipe closest = ref.tag().contains("alpine") && tags.containsKey("alpine") ? tags.get("alpine")
                    : tags.getOrDefault("latest", tags.values().iterator().next());
            return fromRecipe(closest, platform);
        }
        return synthesize(ref, platform);
    }

    private void checkPullAuth(Reference ref, AuthConfig auth) {
        if (credentials.isEmpty()) {
            return;
        }
        String where = "https://" + registryHost(ref) + "/v2/" + ref.path() + "/manifests/"
                + (ref.digest() != null ? ref.digest() : ref.tag());
        if (auth == null || auth.isEmpty()) {
            throw new RegistryException(500, "Head \"" + where + "\": no basic auth credentials");
        }
        if (!validCredentials(auth)) {
            throw new RegistryException(401, "Head \"" + where + "\": unauthorized: authentication required");
        }
    }

    /** True when pushing needs no credentials or these are right. */
    public boolean pushAllowed(AuthConfig auth) {
        return credentials.isEmpty() || auth != null && validCredentials(auth);
    }

    private boolean validCredentials(AuthConfig auth) {
        String expected = auth.username() == null ? null : credentials.get(auth.username());
        return expected != null && expected.equals(auth.password());
    }

    /** Stores an image under a tag; layers are shared, not copied. Returns what a pull will answer. */
    public RemoteImage push(Reference ref, byte[] config, List<Layer> imageLayers) {
        byte[] manifest = manifest(config, imageLayers);
        String digest = "sha256:" + LayerStore.sha256Hex(manifest);
        RemoteImage img = new RemoteImage(config, imageLayers, digest, manifest.length, false);
        pushedManifests.put(ref.name() + "@" + digest, img);
        pushedTags.computeIfAbsent(ref.name(), k -> new ConcurrentHashMap<>()).put(ref.tag(), digest);
        return img;
    }

    /** True when this layer already sits in the repository's registry (a push answers "Layer already exists"). */
    public boolean hasLayer(Reference ref, Layer layer) {
        for (Map.Entry<String, RemoteImage> e : pushedManifests.entrySet()) {
            if (e.getKey().startsWith(ref.domain() + "/") && e.getValue().layers().contains(layer)) {
                return true;
            }
        }
        return false;
    }

    /** Search results over the catalog and the Docker Hub repositories pushed here, best match first. */
    public List<Map<String, Object>> search(String term) {
        String t = term.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Catalog.Repository r : catalog.repositories()) {
            if (r.name().contains("/") && r.name().contains(".")) {
                continue; // Not on Docker Hub.
            }
            if (r.name().contains(t) || r.description().toLowerCase(Locale.ROOT).contains(t)) {
                out.add(searchResult(r.name(), r.description(), r.stars(), r.official()));
            }
        }
        for (String repo : pushedTags.keySet()) {
            Reference ref = Reference.parse(repo);
            if (ref.domain().equals(Reference.DOCKER_HUB) && ref.familiarName().contains(t)
                    && catalog.repository(ref).isEmpty()) {
                out.add(searchResult(ref.familiarName(), "", 0, false));
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> !m.get("name").equals(t))
                .thenComparing(m -> -((Integer) m.get("star_count"))));
        return out;
    }

    private static Map<String, Object> searchResult(String name, String description, int stars, boolean official) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("star_count", stars);
        m.put("is_official", official);
        m.put("name", name);
        m.put("is_automated", false);
        m.put("description", description);
        return m;
    }

    private RemoteImage fromRecipe(ImageRecipe recipe, Platform platform) {
        String key = System.identityHashCode(recipe) + "|" + platform;
        RemoteImage cached = built.get(key);
        if (cached != null) {
            return cached;
        }
        List<Layer> ls = new ArrayList<>();
        List<Map<String, Object>> history = new ArrayList<>();
        for (ImageRecipe.Step step : recipe.layers()) {
            ls.add(layers.fromSpec(step.tree()));
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("created", recipe.created().toString());
            h.put("created_by", step.createdBy());
            history.add(h);
        }
        for (String instruction : instructions(recipe.config())) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("created", recipe.created().toString());
            h.put("created_by", instruction);
            h.put("empty_layer", true);
            history.add(h);
        }
        RemoteImage img = build(recipe.config(), recipe.created(), recipe.os(), platform, ls, history, false);
        built.put(key, img);
        return img;
    }

    private RemoteImage synthesize(Reference ref, Platform platform) {
        String key = "synth|" + ref.name() + "|" + (ref.tag() == null ? "" : ref.tag()) + "|" + platform;
        RemoteImage cached = built.get(key);
        if (cached != null) {
            return cached;
        }
        TreeSpec base = catalog.find(Reference.parse("busybox:latest")).orElseThrow().layers().get(0).tree();
        String name = ref.familiarName() + (ref.tag() == null ? "" : ":" + ref.tag());
        TreeSpec own = TreeSpec.builder(SYNTH_CREATED)
                .file("/etc/drydock-image", name + "\n")
                .file("/etc/os-release", "NAME=\"Drydock generic Linux\"\nID=drydock\nPRETTY_NAME=\"Drydock generic Linux ("
                        + name + ")\"\n")
                .dir("/app").build();
        List<Layer> ls = List.of(layers.fromSpec(base), layers.fromSpecUncached(own));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Env", List.of(SYNTH_PATH));
        config.put("Cmd", List.of("sh"));
        config.put("WorkingDir", "/");
        config.put("Labels", Map.of("dev.drydock.synthesized", "true"));
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(Map.of("created", SYNTH_CREATED.toString(), "created_by", "ADD rootfs.tar / # buildkit"));
        history.add(Map.of("created", SYNTH_CREATED.toString(), "created_by", "COPY . /app # buildkit"));
        history.add(Map.of("created", SYNTH_CREATED.toString(), "created_by", "CMD [\"sh\"]", "empty_layer", true));
        RemoteImage img = build(config, SYNTH_CREATED, "linux", platform, ls, history, true);
        if (ref.digest() != null) {
            img = new RemoteImage(img.config(), img.layers(), ref.digest(), img.manifestSize(), true);
        }
        built.put(key, img);
        return img;
    }

    private static List<String> instructions(Map<String, Object> config) {
        List<String> out = new ArrayList<>();
        if (config.get("Env") instanceof List<?> env) {
            for (Object e : env) {
                out.add("ENV " + e);
            }
        }
        if (config.containsKey("WorkingDir")) {
            out.add("WORKDIR " + config.get("WorkingDir"));
        }
        if (config.get("ExposedPorts") instanceof Map<?, ?> ports) {
            out.add("EXPOSE map[" + String.join(" ", ports.keySet().stream().map(p -> p + ":{}").toList()) + "]");
        }
        if (config.containsKey("StopSignal")) {
            out.add("STOPSIGNAL " + config.get("StopSignal"));
        }
        if (config.containsKey("Entrypoint")) {
            out.add("ENTRYPOINT " + json(config.get("Entrypoint")));
        }
        if (config.containsKey("Cmd")) {
            out.add("CMD " + json(config.get("Cmd")));
        }
        return out;
    }

    private static RemoteImage build(Map<String, Object> containerConfig, Instant created, String os, Platform platform,
                                     List<Layer> ls, List<Map<String, Object>> history, boolean synthesized) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("architecture", platform.architecture());
        cfg.put("config", containerConfig);
        cfg.put("created", created.toString());
        cfg.put("history", history);
        cfg.put("os", os);
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", ls.stream().map(Layer::diffId).toList());
        cfg.put("rootfs", rootfs);
        if (platform.variant() != null) {
            cfg.put("variant", platform.variant());
        }
        byte[] config = bytes(cfg);
        byte[] manifest = manifest(config, ls);
        return new RemoteImage(config, ls, "sha256:" + LayerStore.sha256Hex(manifest), manifest.length, synthesized);
    }

    /** The Docker schema 2 manifest of a config and its layers (uncompressed layer blobs). */
    public static byte[] manifest(byte[] config, List<Layer> ls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mediaType", "application/vnd.docker.container.image.v1+json");
        c.put("size", config.length);
        c.put("digest", "sha256:" + LayerStore.sha256Hex(config));
        m.put("config", c);
        List<Map<String, Object>> layerList = new ArrayList<>();
        for (Layer l : ls) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", "application/vnd.docker.image.rootfs.diff.tar");
            d.put("size", l.tarSize());
            d.put("digest", l.diffId());
            layerList.add(d);
        }
        m.put("layers", layerList);
        return bytes(m);
    }

    /** The host a reference's registry answers on (Docker Hub's is registry-1.docker.io). */
    public static String registryHost(Reference ref) {
        return ref.domain().equals(Reference.DOCKER_HUB) ? "registry-1.docker.io" : ref.domain();
    }

    static byte[] bytes(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object o) {
        return new String(bytes(o), java.nio.charset.StandardCharsets.UTF_8);
    }
}
