package dev.drydock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.fs.Layer;
import dev.drydock.fs.LayerStore;
import dev.drydock.fs.LayerTar;
import dev.drydock.registry.AuthConfig;
import dev.drydock.registry.Catalog;
import dev.drydock.registry.Platform;
import dev.drydock.registry.Reference;
import dev.drydock.registry.Registry;
import dev.drydock.registry.RegistryException;
import dev.drydock.registry.RemoteImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Local images: the content-addressed store, its tags and digests, pulls and pushes through the simulated
 * {@link Registry}, and everything the containers and the builder need from images.
 *
 * <p>Every change happens under this service's lock and publishes its event after it is visible.
 */
public final class ImageService {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Engine engine;
    private final LayerStore layers;
    private final Registry registry;
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    /** Full tag reference ({@code docker.io/library/busybox:latest}) to image ID. */
    private final Map<String, String> tags = new ConcurrentHashMap<>();
    /** Full digest reference ({@code docker.io/library/busybox@sha256:...}) to image ID. */
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTagTime = new ConcurrentHashMap<>();
    private final Map<String, Instant> loadedAt = new ConcurrentHashMap<>();
    private volatile ImageUsage usage = ImageUsage.NONE;

    ImageService(Engine engine) {
        this.engine = engine;
        EngineConfig c = engine.config();
        this.layers = new LayerStore(Catalog.standard().specDigests(), c.clock());
        this.registry = new Registry(Catalog.standard(), layers, c.registryMode(), c.credentials());
    }

    /** The engine's layer store (its Jimfs holds every layer; containers make their upper dirs there). */
    public LayerStore layers() {
        return layers;
    }

    public Registry registry() {
        return registry;
    }

    /** Sets who uses images (the containers service), for removal conflicts and container counts. */
    public void setUsage(ImageUsage usage) {
        this.usage = usage == null ? ImageUsage.NONE : usage;
    }

    public ImageUsage usage() {
        return usage;
    }

    // ---- lookup ----------------------------------------------------------------------------------------------

    /**
     * Finds an image by name, tag, digest, full ID or unique ID prefix, as {@code docker image inspect} does.
     *
     * @throws EngineException 404 {@code No such image: X}, 400 for a malformed reference
     */
    public Image resolve(String refOrId) {
        Image img = find(refOrId);
        if (img == null) {
            throw EngineException.notFound("No such image: " + notFoundName(refOrId));
        }
        return img;
    }

    /** Like {@link #resolve} but null when absent (still 400 for a malformed reference). */
    public Image find(String refOrId) {
        if (refOrId == null || refOrId.isEmpty()) {
            throw EngineException.badRequest("invalid reference format");
        }
        String full = Reference.fullId(refOrId);
        if (full != null) {
            return images.get("sha256:" + full);
        }
        if (refOrId.startsWith("sha256:")) {
            return byPrefix(refOrId.substring(7), refOrId);
        }
        Reference ref;
        try {
            ref = Reference.parse(refOrId);
        } catch (Reference.InvalidReferenceException e) {
            if (refOrId.matches("[a-f0-9]{1,64}")) {
                return byPrefix(refOrId, refOrId);
            }
            throw EngineException.badRequest(e.getMessage());
        }
        String id;
        if (ref.digest() != null) {
            id = digests.get(ref.repository().name() + "@" + ref.digest());
        } else {
            id = tags.get(ref.withDefaultTag().name() + ":" + ref.withDefaultTag().tag());
        }
        if (id != null) {
            return images.get(id);
        }
        if (ref.tag() == null && ref.digest() == null && refOrId.matches("[a-f0-9]{1,64}")) {
            return byPrefix(refOrId, refOrId);
        }
        return null;
    }

    private Image byPrefix(String hexPrefix, String asGiven) {
        if (hexPrefix.isEmpty() || !hexPrefix.matches("[a-f0-9]+")) {
            return null;
        }
        Image found = null;
        for (Image img : images.values()) {
            if (img.id().startsWith("sha256:" + hexPrefix)) {
                if (found != null && found != img) {
                    throw EngineException.badRequest("multiple IDs found with provided prefix: " + asGiven);
                }
                found = img;
            }
        }
        return found;
    }

    private static String notFoundName(String refOrId) {
        try {
            if (Reference.fullId(refOrId) != null || refOrId.startsWith("sha256:")) {
                return refOrId;
            }
            Reference r = Reference.parse(refOrId);
            return r.withDefaultTag().familiarString();
        } catch (IllegalArgumentException e) {
            return refOrId;
        }
    }

    /** Every image, in no particular order. */
    public List<Image> all() {
        return new ArrayList<>(images.values());
    }

    /** How many images there are (for /info). */
    public int count() {
        return images.size();
    }

    /** The image's tags in familiar form, sorted ({@code busybox:latest}). */
    public List<String> repoTags(String imageId) {
        TreeSet<String> out = new TreeSet<>();
        tags.forEach((ref, id) -> {
            if (id.equals(imageId)) {
                out.add(familiar(ref));
            }
        });
        return new ArrayList<>(out);
    }

    /** The image's digests in familiar form, sorted ({@code busybox@sha256:...}). */
    public List<String> repoDigests(String imageId) {
        TreeSet<String> out = new TreeSet<>();
        digests.forEach((ref, id) -> {
            if (id.equals(imageId)) {
                out.add(familiar(ref));
            }
        });
        return new ArrayList<>(out);
    }

    /** When a tag was last set on the image, or null. */
    public Instant lastTagTime(String imageId) {
        return lastTagTime.get(imageId);
    }

    /** Images whose parent is this one. */
    public List<Image> children(String imageId) {
        return images.values().stream().filter(i -> i.parent().equals(imageId)).toList();
    }

    private static final Map<String, String> FAMILIAR = new ConcurrentHashMap<>();

    private static String familiar(String fullRef) {
        String f = FAMILIAR.get(fullRef);
        if (f == null) {
            f = Reference.parse(fullRef).familiarString();
            if (FAMILIAR.size() < 100_000) {
                FAMILIAR.put(fullRef, f);
            }
        }
        return f;
    }

    // ---- pull ------------------------------------------------------------------------------------------------

    /** One image a pull will fetch, resolved before any progress is written. */
    public record PullPlan(Reference ref, RemoteImage remote, List<Boolean> layerPresent, boolean upToDate,
                           String inBandError) {
        public PullPlan(Reference ref, RemoteImage remote, List<Boolean> layerPresent, boolean upToDate) {
            this(ref, remote, layerPresent, upToDate, null);
        }
    }

    /**
     * Resolves a pull ({@code fromImage} plus {@code tag}, which may be a digest): every image it will fetch.
     * Errors (bad reference, missing image, auth) surface here, before the stream starts.
     */
    public List<PullPlan> planPull(String fromImage, String tag, String platform, AuthConfig auth) {
        Reference ref = parseRef(fromImage);
        if (tag != null && !tag.isEmpty()) {
            if (tag.contains(":")) {
                try {
                    Reference.checkDigest(tag);
                } catch (IllegalArgumentException e) {
                    throw EngineException.badRequest(e.getMessage());
                }
                ref = ref.repository().withDigest(tag);
            } else {
                if (!Reference.isValidTag(tag)) {
                    throw EngineException.badRequest("invalid tag format");
                }
                ref = ref.withTag(tag);
            }
        }
        if (ref.path().equals("library/scratch") && ref.domain().equals(Reference.DOCKER_HUB)) {
            throw EngineException.badRequest("'scratch' is a reserved name");
        }
        Platform p = parsePlatform(platform);
        List<Reference> refs = new ArrayList<>();
        if (ref.tag() == null && ref.digest() == null) {
            Reference repo = ref;
            registry.catalog().repository(ref).ifPresentOrElse(
                    r -> r.tags().keySet().forEach(t -> refs.add(repo.withTag(t))),
                    () -> refs.add(repo.withTag("latest")));
        } else {
            refs.add(ref);
        }
        List<PullPlan> plans = new ArrayList<>();
        for (Reference r : refs) {
            EngineFaultHooks.PullFailure injected = engine.faultHooks().onPull(r.familiarString());
            if (injected != null && !injected.inBand()) {
                // The registry refused the manifest: nothing was streamed yet, so dockerd answers with an error.
                throw EngineException.internal(injected.message());
            }
            if (injected != null) {
                plans.add(new PullPlan(r, null, List.of(), false, injected.message()));
                break;
            }
            RemoteImage remote;
            try {
                remote = registry.pull(r, p, auth);
            } catch (RegistryException e) {
                throw new EngineException(e.status(), e.getMessage());
            }
            String id = "sha256:" + LayerStore.sha256Hex(remote.config());
            List<Boolean> present = new ArrayList<>();
            for (Layer l : remote.layers()) {
                present.add(layerInUse(l));
            }
            String current = r.digest() != null ? digests.get(r.repository().name() + "@" + r.digest())
                    : tags.get(r.name() + ":" + r.tag());
            plans.add(new PullPlan(r, remote, present, id.equals(current)));
        }
        return plans;
    }

    /** Stores a planned pull: the image, its tag or digest reference and its RepoDigest; publishes "pull". */
    public Image completePull(PullPlan plan) {
        Reference r = plan.ref();
        Image img;
        synchronized (this) {
            img = store(plan.remote().config(), plan.remote().layers(), "");
            if (r.tag() != null) {
                setTag(r, img.id());
            }
            digests.put(r.repository().name() + "@" + plan.remote().manifestDigest(), img.id());
        }
        engine.events().publish("image", "pull", r.familiarString(), attrs(img, r.familiarName()));
        return img;
    }

    private boolean layerInUse(Layer l) {
        for (Image img : images.values()) {
            if (img.layers().contains(l)) {
                return true;
            }
        }
        return false;
    }

    static Platform parsePlatform(String platform) {
        if (platform == null || platform.isBlank()) {
            return Platform.host();
        }
        try {
            return Platform.parse(platform);
        } catch (RegistryException e) {
            throw new EngineException(e.status(), e.getMessage());
        }
    }

    private static Reference parseRef(String s) {
        try {
            return Reference.parse(s);
        } catch (Reference.InvalidReferenceException e) {
            throw EngineException.badRequest(e.getMessage());
        }
    }

    // ---- tag / remove / prune --------------------------------------------------------------------------------

    /** Tags an image ({@code POST /images/{name}/tag}); publishes "tag". */
    public void tag(String source, String repo, String tag) {
        Image img = resolve(source);
        if (repo == null || repo.isEmpty()) {
            throw EngineException.badRequest("invalid reference format");
        }
        Reference ref;
        try {
            ref = Reference.parse(repo);
        } catch (Reference.InvalidReferenceException e) {
            throw EngineException.badRequest(e.getMessage());
        }
        if (ref.digest() != null) {
            throw EngineException.badRequest("refusing to create a tag with a digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            if (!Reference.isValidTag(tag)) {
                throw EngineException.badRequest("invalid tag format");
            }
            ref = ref.withTag(tag);
        }
        ref = ref.withDefaultTag();
        synchronized (this) {
            setTag(ref, img.id());
        }
        engine.events().publish("image", "tag", img.id(), attrs(img, ref.familiarString()));
    }

    private void setTag(Reference ref, String id) {
        tags.put(ref.name() + ":" + ref.tag(), id);
        lastTagTime.put(id, engine.config().clock().instant());
    }

    /**
     * Removes a reference or an image ({@code DELETE /images/{name}}), with Docker's conflicts.
     *
     * @return the Untagged / Deleted records, in Docker's order
     */
    public List<Map<String, String>> remove(String name, boolean force, boolean noprune) {
        List<Map<String, String>> records = new ArrayList<>();
        List<Runnable> events = new ArrayList<>();
        synchronized (this) {
            Image img = resolve(name);
            String id = img.id();
            boolean byId = isIdReference(name, img);
            List<ImageUsage.User> users = usage.usersOf(id);
            if (!byId) {
                Reference ref = parseRef(name);
                Reference key = ref.digest() != null ? ref : ref.withDefaultTag();
                List<String> refs = references(id);
                if (refs.size() == 1 && !force && !users.isEmpty()) {
                    // The daemon quotes the reference as the client gave it ("busybox", not "busybox:latest").
                    throw EngineException.conflict("conflict: unable to remove repository reference \""
                            + name + "\" (must force) - container " + shortId(users.get(0).containerId())
                            + " is using its referenced image " + img.shortId());
                }
                untag(key, img, records, events);
                // A removed tag takes the repository's digest references with it when no other tag remains.
                if (key.tag() != null) {
                    boolean repoTagged = tags.entrySet().stream().anyMatch(e -> e.getValue().equals(id)
                            && e.getKey().startsWith(key.name() + ":"));
                    if (!repoTagged) {
                        for (String d : new ArrayList<>(digests.keySet())) {
                            if (digests.get(d).equals(id) && d.startsWith(key.name() + "@")) {
                                digests.remove(d);
                                records.add(Map.of("Untagged", familiar(d)));
                            }
                        }
                    }
                }
                if (!references(id).isEmpty()) {
                    flush(events);
                    return records;
                }
            } else {
                List<String> refs = references(id);
                if (!refs.isEmpty() && !force) {
                    Set<String> repos = new LinkedHashSet<>();
                    for (String r : refs) {
                        repos.add(Reference.parse(r).name());
                    }
                    if (repos.size() > 1) {
                        throw EngineException.conflict("conflict: unable to delete " + img.shortId()
                                + " (must be forced) - image is referenced in multiple repositories");
                    }
                }
                checkDeleteConflicts(img, users, force);
                for (String r : tagsAndDigestsOf(id)) {
                    untagRaw(r, img, records, events);
                }
            }
            checkDeleteConflicts(img, users, force);
            delete(img, records, events);
            if (!noprune) {
                pruneParents(img.parent(), records, events);
            }
        }
        flush(events);
        return records;
    }

    private void checkDeleteConflicts(Image img, List<ImageUsage.User> users, boolean force) {
        if (!children(img.id()).isEmpty()) {
            throw EngineException.conflict("conflict: unable to delete " + img.shortId()
                    + " (cannot be forced) - image has dependent child images");
        }
        for (ImageUsage.User u : users) {
            if (u.running()) {
                throw EngineException.conflict("conflict: unable to delete " + img.shortId()
                        + " (cannot be forced) - image is being used by running container " + shortId(u.containerId()));
            }
        }
        if (!force && !users.isEmpty()) {
            throw EngineException.conflict("conflict: unable to delete " + img.shortId()
                    + " (must be forced) - image is being used by stopped container " + shortId(users.get(0).containerId()));
        }
    }

    private void pruneParents(String parentId, List<Map<String, String>> records, List<Runnable> events) {
        while (parentId != null && !parentId.isEmpty()) {
            Image parent = images.get(parentId);
            if (parent == null || !references(parentId).isEmpty() || !children(parentId).isEmpty()
                    || !usage.usersOf(parentId).isEmpty()) {
                return;
            }
            delete(parent, records, events);
            parentId = parent.parent();
        }
    }

    private static boolean isIdReference(String name, Image img) {
        if (Reference.fullId(name) != null || name.startsWith("sha256:")) {
            return true;
        }
        return name.matches("[a-f0-9]{1,64}") && img.id().startsWith("sha256:" + name)
                && !name.contains(":");
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private List<String> references(String id) {
        List<String> out = new ArrayList<>();
        tags.forEach((r, i) -> {
            if (i.equals(id)) {
                out.add(r);
            }
        });
        return out;
    }

    private List<String> tagsAndDigestsOf(String id) {
        List<String> out = new ArrayList<>();
        tags.forEach((r, i) -> {
            if (i.equals(id)) {
                out.add(r);
            }
        });
        digests.forEach((r, i) -> {
            if (i.equals(id)) {
                out.add(r);
            }
        });
        out.sort(Comparator.comparing(ImageService::familiar));
        return out;
    }

    private void untag(Reference key, Image img, List<Map<String, String>> records, List<Runnable> events) {
        String full = key.digest() != null ? key.name() + "@" + key.digest() : key.name() + ":" + key.tag();
        untagRaw(full, img, records, events);
    }

    private void untagRaw(String full, Image img, List<Map<String, String>> records, List<Runnable> events) {
        boolean removed = full.contains("@") ? digests.remove(full) != null : tags.remove(full) != null;
        if (removed) {
            records.add(Map.of("Untagged", familiar(full)));
            events.add(() -> engine.events().publish("image", "untag", img.id(), attrs(img, img.id())));
        }
    }

    private void delete(Image img, List<Map<String, String>> records, List<Runnable> events) {
        images.remove(img.id());
        lastTagTime.remove(img.id());
        loadedAt.remove(img.id());
        tags.values().removeIf(v -> v.equals(img.id()));
        digests.values().removeIf(v -> v.equals(img.id()));
        records.add(Map.of("Deleted", img.id()));
        for (Layer l : img.layers()) {
            if (!layerInUse(l)) {
                layers.release(l);
            }
        }
        events.add(() -> engine.events().publish("image", "delete", img.id(), attrs(img, img.id())));
    }

    private static void flush(List<Runnable> events) {
        events.forEach(Runnable::run);
    }

    /** The result of a prune: the records and the bytes reclaimed. */
    public record PruneResult(List<Map<String, String>> deleted, long spaceReclaimed) {
    }

    /** Removes unused images: dangling ones, or every unused one with {@code dangling=false}; until and label. */
    public PruneResult prune(Filters filters) {
        filters.validate(Set.of("dangling", "until", "label", "label!"));
        Boolean dangling = danglingFilter(filters);
        boolean danglingOnly = dangling == null || dangling;
        long until = filters.contains("until")
                ? Timestamps.parseNanos(filters.get("until").iterator().next(), engine.config().clock()) : Long.MAX_VALUE;
        List<Map<String, String>> records = new ArrayList<>();
        List<Runnable> events = new ArrayList<>();
        long reclaimed = 0;
        synchronized (this) {
            List<Image> candidates = new ArrayList<>(images.values());
            candidates.sort(Comparator.comparing(Image::created).reversed());
            for (Image img : candidates) {
                if (!images.containsKey(img.id())) {
                    continue;
                }
                if (danglingOnly && !references(img.id()).isEmpty()) {
                    continue;
                }
                if (!usage.usersOf(img.id()).isEmpty() || !children(img.id()).isEmpty()) {
                    continue;
                }
                if (Timestamps.toNanos(img.created()) >= until || !labelsMatch(filters, img)) {
                    continue;
                }
                for (String r : tagsAndDigestsOf(img.id())) {
                    untagRaw(r, img, records, events);
                }
                Set<Layer> before = new java.util.HashSet<>(img.layers());
                delete(img, records, events);
                for (Layer l : before) {
                    if (!layerInUse(l)) {
                        reclaimed += l.size();
                    }
                }
            }
        }
        flush(events);
        if (!records.isEmpty() || true) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("reclaimed", Long.toString(reclaimed));
            engine.events().publish("image", "prune", "", attrs);
        }
        return new PruneResult(records, reclaimed);
    }

    private static Boolean danglingFilter(Filters filters) {
        if (!filters.contains("dangling")) {
            return null;
        }
        Set<String> v = filters.get("dangling");
        if (v.size() == 1) {
            String s = v.iterator().next().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("true") || s.equals("1")) {
                return true;
            }
            if (s.equals("false") || s.equals("0")) {
                return false;
            }
        }
        throw EngineException.badRequest("invalid filter 'dangling=" + v.toString().replace(", ", " ") + "'");
    }

    private static boolean labelsMatch(Filters filters, Image img) {
        Map<String, String> labels = img.config().labelsOrEmpty();
        if (!filters.matchKeyValues("label", labels)) {
            return false;
        }
        for (String neg : filters.get("label!")) {
            int eq = neg.indexOf('=');
            if (eq < 0 ? labels.containsKey(neg) : neg.substring(eq + 1).equals(labels.get(neg.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }

    // ---- list ------------------------------------------------------------------------------------------------

    /** The images {@code GET /images/json} shows: filters dangling/label/before/since/reference/until. */
    public List<Image> list(Filters filters, boolean all) {
        filters.validate(Set.of("dangling", "label", "label!", "before", "since", "reference", "until"));
        Boolean dangling = danglingFilter(filters);
        Instant before = null;
        Instant since = null;
        for (String b : filters.get("before")) {
            before = resolve(b).created();
        }
        for (String s : filters.get("since")) {
            since = resolve(s).created();
        }
        long until = filters.contains("until")
                ? Timestamps.parseNanos(filters.get("until").iterator().next(), engine.config().clock()) : Long.MAX_VALUE;
        Map<String, List<String>> tagsById = new HashMap<>();
        tags.forEach((r, id) -> tagsById.computeIfAbsent(id, k -> new ArrayList<>()).add(r));
        Set<String> references = filters.get("reference");
        Set<String> parents = new java.util.HashSet<>();
        images.values().forEach(i -> parents.add(i.parent()));
        List<Image> out = new ArrayList<>();
        for (Image img : images.values()) {
            List<String> imgTags = tagsById.getOrDefault(img.id(), List.of());
            if (dangling != null && dangling != imgTags.isEmpty()) {
                continue;
            }
            if (!all && dangling == null && imgTags.isEmpty() && parents.contains(img.id())) {
                continue; // intermediate build images are hidden without all
            }
            if (before != null && !img.created().isBefore(before) || since != null && !img.created().isAfter(since)) {
                continue;
            }
            if (Timestamps.toNanos(img.created()) >= until || !labelsMatch(filters, img)) {
                continue;
            }
            if (!references.isEmpty() && !matchesReference(references, imgTags)) {
                continue;
            }
            out.add(img);
        }
        out.sort(Comparator.comparing(Image::created).reversed().thenComparing(Image::id));
        return out;
    }

    private static boolean matchesReference(Set<String> patterns, List<String> fullTags) {
        for (String full : fullTags) {
            if (tagMatches(patterns, full)) {
                return true;
            }
        }
        return false;
    }

    /** True when a tag ({@code busybox:latest} or its full form) matches one of the reference patterns. */
    public static boolean tagMatches(Set<String> patterns, String tag) {
        Reference r = Reference.parse(tag);
        for (String pattern : patterns) {
            if (glob(pattern, r.familiarString()) || glob(pattern, r.familiarName())) {
                return true;
            }
        }
        return false;
    }

    /** Go's path.Match: * matches anything but '/', ? one such char, [..] classes. */
    static boolean glob(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i);
                    if (end < 0) {
                        return false;
                    }
                    String cls = pattern.substring(i + 1, end).replace("\\", "\\\\");
                    re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1) : cls).append(']');
                    i = end;
                }
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return s.matches(re.toString());
    }

    // ---- create (commit, build, import, load) -----------------------------------------------------------------

    /** A new layer holding a copy of a directory tree (a container's upper dir, a build step's changes). */
    public Layer layerFromDirectory(Path dir) {
        try {
            return layers.fromDirectory(dir);
        } catch (IOException e) {
            throw EngineException.internal(e.getMessage());
        }
    }

    /**
     * Creates an image from a base (null for scratch) plus an optional new layer, with a config; tags it when
     * {@code tagRef} is given. Used by commit and the builder; publishes nothing (callers publish their own).
     *
     * @param createdBy the history line for the step ({@code /bin/sh -c #(nop) CMD ["sh"]} style)
     * @param emptyLayer true when the step added no layer
     */
    public Image createImage(Image base, Layer layer, ImageConfig config, String author, String comment,
                             String createdBy, boolean emptyLayer, String tagRef) {
        List<Layer> ls = new ArrayList<>(base == null ? List.of() : base.layers());
        if (layer != null) {
            ls.add(layer);
        }
        Instant now = engine.config().clock().instant();
        List<Map<String, Object>> history = new ArrayList<>();
        if (base != null) {
            for (var h : base.configJson().path("history")) {
                history.add(MAPPER.convertValue(h, LinkedHashMap.class));
            }
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("created", now.toString());
        if (author != null && !author.isEmpty()) {
            step.put("author", author);
        }
        step.put("created_by", createdBy == null ? "" : createdBy);
        if (comment != null && !comment.isEmpty()) {
            step.put("comment", comment);
        }
        if (layer == null || emptyLayer) {
            step.put("empty_layer", true);
        }
        history.add(step);
        byte[] cfg = configJson(base == null ? Platform.host().architecture() : base.architecture(),
                base == null ? null : base.variant(), author, comment, config, now, history, ls);
        Image img;
        synchronized (this) {
            img = store(cfg, ls, base == null ? "" : base.id());
            if (tagRef != null && !tagRef.isEmpty()) {
                setTag(parseRef(tagRef).withDefaultTag(), img.id());
            }
        }
        return img;
    }

    /**
     * The classic builder's cache restore ({@code cachefrom}): {@code parent} plus step {@code index} of
     * {@code source}'s history, with that history entry (and its layer, when the step made one) taken over
     * unchanged, so the source's next step still matches. Stored with {@code parent} as its parent.
     */
    public Image restoreStep(Image parent, Image source, int index, ImageConfig config) {
        List<Map<String, Object>> history = new ArrayList<>();
        List<Layer> ls = new ArrayList<>(parent == null ? List.of() : parent.layers());
        if (parent != null) {
            for (var h : parent.configJson().path("history")) {
                history.add(MAPPER.convertValue(h, LinkedHashMap.class));
            }
        }
        JsonNode step = source.configJson().path("history").get(index);
        history.add(MAPPER.convertValue(step, LinkedHashMap.class));
        if (!step.path("empty_layer").asBoolean(false)) {
            int layerIndex = 0;
            for (int i = 0; i < index; i++) {
                if (!source.configJson().path("history").get(i).path("empty_layer").asBoolean(false)) {
                    layerIndex++;
                }
            }
            ls.add(source.layers().get(layerIndex));
        }
        Instant created;
        try {
            created = Instant.parse(step.path("created").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            created = engine.config().clock().instant();
        }
        byte[] cfg = configJson(source.architecture(), source.variant(), source.author(), null, config, created,
                history, ls);
        synchronized (this) {
            return store(cfg, ls, parent == null ? "" : parent.id());
        }
    }

    static byte[] configJson(String arch, String variant, String author, String comment, ImageConfig config,
                             Instant created, List<Map<String, Object>> history, List<Layer> ls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", arch);
        if (author != null && !author.isEmpty()) {
            m.put("author", author);
        }
        if (comment != null && !comment.isEmpty()) {
            m.put("comment", comment);
        }
        m.put("config", config.toJson());
        m.put("created", created.toString());
        m.put("history", history);
        m.put("os", "linux");
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", ls.stream().map(Layer::diffId).toList());
        m.put("rootfs", rootfs);
        if (variant != null) {
            m.put("variant", variant);
        }
        try {
            return MAPPER.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores an image by its config (deduplicated by ID). Caller holds the lock. */
    Image store(byte[] config, List<Layer> ls, String parent) {
        String id = "sha256:" + LayerStore.sha256Hex(config);
        Image existing = images.get(id);
        if (existing != null) {
            return existing;
        }
        Image img = new Image(config, ls, parent);
        images.put(id, img);
        loadedAt.put(id, engine.config().clock().instant());
        return img;
    }

    /** Tags a stored image from a load; returns the ID that tag pointed at before, or null. */
    synchronized String tagLoaded(Reference ref, Image img) {
        String old = tags.get(ref.name() + ":" + ref.tag());
        setTag(ref, img.id());
        return old == null || old.equals(img.id()) ? null : old;
    }

    /** Stores a loaded or imported image; the lock is taken here. */
    synchronized Image storeLoaded(byte[] config, List<Layer> ls) {
        return store(config, ls, "");
    }

    /**
     * Imports a root filesystem tar as a one-layer image ({@code POST /images/create?fromSrc=-}); publishes
     * "import".
     */
    public Image importImage(InputStream tar, String repo, String tag, List<String> changes, String message,
                             String platform) {
        Platform p = parsePlatform(platform);
        Reference target = null;
        if (repo != null && !repo.isEmpty()) {
            target = parseRef(repo);
            if (tag != null && !tag.isEmpty()) {
                if (!Reference.isValidTag(tag)) {
                    throw EngineException.badRequest("invalid tag format");
                }
                target = target.withTag(tag);
            }
            target = target.withDefaultTag();
        }
        ImageConfig config = ImageChanges.apply(ImageConfig.EMPTY, changes);
        Layer layer;
        try {
            layer = layers.fromTar(ImageArchive.maybeGunzip(tar), engine.config().maxArchiveBytes());
        } catch (LayerTar.UnsafeArchiveException e) {
            throw EngineException.badRequest("Error processing tar file(exit status 1): " + e.getMessage());
        } catch (IOException e) {
            throw EngineException.internal("Error processing tar file(exit status 1): " + e.getMessage());
        }
        Instant now = engine.config().clock().instant();
        String comment = message == null || message.isEmpty() ? "Imported from -" : message;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("created", now.toString());
        h.put("created_by", "");
        h.put("comment", comment);
        byte[] cfg = configJson(p.architecture(), p.variant(), null, comment, config, now, List.of(h), List.of(layer));
        Image img;
        synchronized (this) {
            img = store(cfg, List.of(layer), "");
            if (target != null) {
                setTag(target, img.id());
            }
        }
        engine.events().publish("image", "import", img.id(), attrs(img, img.id()));
        return img;
    }

    // ---- push ------------------------------------------------------------------------------------------------

    /** One tag a push will upload. */
    public record PushPlan(Reference ref, Image image) {
    }

    /** Resolves what a push uploads: one tag, or every tag of the repository when none is given. */
    public List<PushPlan> planPush(String name, String tag) {
        Reference ref = parseRef(name);
        if (tag != null && !tag.isEmpty()) {
            ref = ref.withTag(tag);
        }
        List<PushPlan> plans = new ArrayList<>();
        if (ref.tag() == null) {
            String prefix = ref.name() + ":";
            for (var e : new TreeSet<>(tags.keySet())) {
                if (e.startsWith(prefix)) {
                    plans.add(new PushPlan(Reference.parse(e), images.get(tags.get(e))));
                }
            }
        } else {
            String id = tags.get(ref.name() + ":" + ref.tag());
            if (id != null) {
                plans.add(new PushPlan(ref, images.get(id)));
            }
        }
        if (plans.isEmpty()) {
            throw EngineException.notFound("An image does not exist locally with the tag: " + ref.familiarName());
        }
        return plans;
    }

    /** Uploads one planned tag to the simulated registry; records the RepoDigest; publishes "push". */
    public RemoteImage completePush(PushPlan plan) {
        RemoteImage remote = registry.push(plan.ref(), plan.image().configBytes(), plan.image().layers());
        synchronized (this) {
            if (images.containsKey(plan.image().id())) {
                digests.put(plan.ref().name() + "@" + remote.manifestDigest(), plan.image().id());
            }
        }
        engine.events().publish("image", "push", plan.ref().familiarString(),
                attrs(plan.image(), plan.ref().familiarName()));
        return remote;
    }

    // ---- events and totals -----------------------------------------------------------------------------------

    /** Event attributes: the name, then the image's labels, as Docker sends them. */
    Map<String, String> attrs(Image img, String name) {
        Map<String, String> a = new LinkedHashMap<>(img == null ? Map.of() : img.config().labelsOrEmpty());
        a.put("name", name);
        return a;
    }

    /** Publishes an image event (used by save and load). */
    void publish(String action, Image img, String name) {
        engine.events().publish("image", action, img.id(), attrs(img, name));
    }

    /** The total size of distinct layers (what /system/df calls LayersSize). */
    public long layersSize() {
        Set<Layer> distinct = new LinkedHashSet<>();
        images.values().forEach(i -> distinct.addAll(i.layers()));
        long total = 0;
        for (Layer l : distinct) {
            total += l.size();
        }
        return total;
    }

    /** The size of the layers an image shares with other images. */
    public long sharedSize(Image img) {
        Map<Layer, Integer> uses = new HashMap<>();
        images.values().forEach(i -> new LinkedHashSet<>(i.layers()).forEach(l -> uses.merge(l, 1, Integer::sum)));
        long shared = 0;
        for (Layer l : new LinkedHashSet<>(img.layers())) {
            if (uses.getOrDefault(l, 0) > 1) {
                shared += l.size();
            }
        }
        return shared;
    }

    /**
     * An image in the {@code GET /images/json} shape (Containers, Created, Id, Labels, ParentId, RepoDigests,
     * RepoTags, SharedSize, Size); {@code counts} fills Containers and SharedSize, as df and 1.51+ lists do.
     */
    public Map<String, Object> summary(Image img, boolean counts) {
        return summary(img, counts, repoTags(img.id()), repoDigests(img.id()));
    }

    /** Summaries of many images at once: tags and digests are indexed once, not searched per image. */
    public List<Map<String, Object>> summaries(List<Image> list, boolean counts) {
        Map<String, TreeSet<String>> tagIndex = new HashMap<>();
        tags.forEach((r, id) -> tagIndex.computeIfAbsent(id, k -> new TreeSet<>()).add(familiar(r)));
        Map<String, TreeSet<String>> digestIndex = new HashMap<>();
        digests.forEach((r, id) -> digestIndex.computeIfAbsent(id, k -> new TreeSet<>()).add(familiar(r)));
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        for (Image img : list) {
            out.add(summary(img, counts, new ArrayList<>(tagIndex.getOrDefault(img.id(), new TreeSet<>())),
                    new ArrayList<>(digestIndex.getOrDefault(img.id(), new TreeSet<>()))));
        }
        return out;
    }

    private Map<String, Object> summary(Image img, boolean counts, List<String> repoTags, List<String> repoDigests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", counts ? usage.usersOf(img.id()).size() : -1);
        m.put("Created", img.created().getEpochSecond());
        m.put("Id", img.id());
        Map<String, String> labels = img.config().labels();
        m.put("Labels", labels == null ? Map.of() : labels);
        m.put("ParentId", img.parent());
        m.put("RepoDigests", repoDigests);
        m.put("RepoTags", repoTags);
        m.put("SharedSize", counts ? sharedSize(img) : -1);
        m.put("Size", img.size());
        return m;
    }

    /** Images matching a predicate (for callers that filter on their own). */
    public List<Image> where(Predicate<Image> p) {
        return images.values().stream().filter(p).toList();
    }
}
