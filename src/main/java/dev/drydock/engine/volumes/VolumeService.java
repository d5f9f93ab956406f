package dev.drydock.engine.volumes;

import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.EventBus;
import dev.drydock.engine.Filters;
import dev.drydock.fs.JimfsFactory;
import dev.drydock.fs.PathFsView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The volumes of one engine (the {@code local} driver): their data in a Jimfs of their own, and which containers
 * use each one.
 *
 * <p>Every change of the table (create, reference, release, remove) happens under one lock, so two concurrent
 * creates of one name make one volume, and a volume cannot be removed between a container's check and its use.
 * Events are published under that lock too, so their order is the order of the changes.
 */
public final class VolumeService implements AutoCloseable {
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> VALID_OPTIONS = Set.of("type", "device", "o", "size");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final EngineConfig config;
    private final EventBus events;
    private final FileSystem dataFs;
    private final FileSystem tmpfsFs;
    private final AtomicLong tmpfsSeq = new AtomicLong();
    private final Object lock = new Object();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, LinkedHashSet<String>> refs = new LinkedHashMap<>();
    /** Each volume's API JSON, rendered once: a volume never changes, and listing 10,000 must stay fast. */
    private final Map<String, byte[]> rendered = new java.util.HashMap<>();

    public VolumeService(EngineConfig config, EventBus events) {
        this.config = config;
        this.events = events;
        this.dataFs = JimfsFactory.newFileSystem("volumes");
        this.tmpfsFs = JimfsFactory.newFileSystem("tmpfs");
    }

    /** Which host paths bind mounts may reach. */
    public dev.drydock.fs.BindRoots bindRoots() {
        return config.bindRoots();
    }

    /**
     * {@code POST /volumes/create}: creates a volume, or returns the existing one of that name unchanged.
     * A null or empty name makes an anonymous volume with a generated 64-hex name.
     */
    public Volume create(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
        return createAndReference(name, driver, driverOpts, labels, null).volume();
    }

    /** A volume and whether this call created it. */
    public record Created(Volume volume, boolean created) {
    }

    /**
     * Creates (or finds) a volume and records {@code containerId} as a user of it, in one step: nobody can remove
     * it in between. {@code containerId} may be null for no reference.
     */
    public Created createAndReference(String name, String driver, Map<String, String> driverOpts,
                                      Map<String, String> labels, String containerId) {
        boolean anonymous = name == null || name.isEmpty();
        String n = anonymous ? config.ids().newId() : name;
        checkDriver(n, driver);
        synchronized (lock) {
            Volume existing = volumes.get(n);
            if (existing != null) {
                if (containerId != null) {
                    refs.get(n).add(containerId);
                }
                return new Created(existing, false);
            }
            validateName(n);
            validateOptions(n, driverOpts);
            Map<String, String> l = labels == null ? null : new LinkedHashMap<>(labels);
            if (anonymous) {
                l = l == null ? new LinkedHashMap<>() : l;
                l.put(Volume.ANONYMOUS_LABEL, "");
            }
            Path dir = dataFs.getPath("/volumes", n, "_data");
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PathFsView.toPermissions(0755));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Volume v = new Volume(n, Volume.LOCAL, l, driverOpts, config.clock().instant(), dir);
            volumes.put(n, v);
            rendered.put(n, render(v));
            LinkedHashSet<String> users = new LinkedHashSet<>();
            if (containerId != null) {
                users.add(containerId);
            }
            refs.put(n, users);
            events.publish("volume", "create", n, Map.of("driver", Volume.LOCAL));
            return new Created(v, true);
        }
    }

    /**
     * Validates what {@link #create} would check, without creating: the driver, the name and the options of a
     * volume that does not exist yet. Lets a container create fail before anything is made.
     */
    public void checkCreatable(String name, String driver, Map<String, String> driverOpts) {
        if (name == null || name.isEmpty()) {
            // The generated name only appears in an error; draw it only then.
            boolean badDriver = driver != null && !driver.isEmpty() && !driver.equals(Volume.LOCAL);
            if (badDriver || (driverOpts != null && !driverOpts.isEmpty())) {
                String generated = config.ids().newId();
                checkDriver(generated, driver);
                validateOptions(generated, driverOpts);
            }
            return;
        }
        String n = name;
        checkDriver(n, driver);
        synchronized (lock) {
            if (volumes.containsKey(n)) {
                return;
            }
        }
        validateName(n);
        validateOptions(n, driverOpts);
    }

    /** A container starts using a volume, creating it if absent (a named volume is created on first use). */
    public Volume mount(String nameOrNull, String containerId) {
        return createAndReference(nameOrNull, null, null, null, containerId).volume();
    }

    /** A container starts using an existing volume (through {@code VolumesFrom}); 404 when it is gone. */
    public Volume reference(String name, String containerId) {
        synchronized (lock) {
            Volume v = volumes.get(name);
            if (v == null) {
                throw EngineException.notFound("get " + name + ": no such volume");
            }
            refs.get(name).add(containerId);
            return v;
        }
    }

    /**
     * Decides a new container's mounts (see {@link MountPlanner}): validates the whole request with the daemon's
     * errors (400s; nothing is created on failure), creates missing volumes and records the container as their user.
     *
     * @param containerId the new container's ID
     * @param request     its Binds, Mounts, Tmpfs, VolumesFrom and Config/image volumes
     * @param lookup      finds the containers named in VolumesFrom
     */
    public ContainerMounts planMounts(String containerId, MountRequest request, ContainerLookup lookup) {
        return new MountPlanner(this).plan(containerId, request, lookup);
    }

    /** A container stops using one volume. */
    public void release(String name, String containerId) {
        synchronized (lock) {
            Set<String> users = refs.get(name);
            if (users != null) {
                users.remove(containerId);
            }
        }
    }

    /** A container stops using every volume (it is being removed). */
    public void release(String containerId) {
        synchronized (lock) {
            refs.values().forEach(users -> users.remove(containerId));
        }
    }

    /** The containers using a volume, in the order they started to; empty if unused or unknown. */
    public List<String> inUseBy(String name) {
        synchronized (lock) {
            Set<String> users = refs.get(name);
            return users == null ? List.of() : List.copyOf(users);
        }
    }

    /** {@code GET /volumes/{name}}: 404 {@code get NAME: no such volume}. */
    public Volume get(String name) {
        return find(name).orElseThrow(() -> EngineException.notFound("get " + name + ": no such volume"));
    }

    public Optional<Volume> find(String name) {
        synchronized (lock) {
            return Optional.ofNullable(volumes.get(name));
        }
    }

    /**
     * The result of a listing.
     *
     * @param volumes  the matching volumes
     * @param json     each one's API JSON (same order), ready to be joined into a response
     * @param warnings driver warnings (none for the local driver)
     */
    public record Listing(List<Volume> volumes, List<byte[]> json, List<String> warnings) {
    }

    private static byte[] render(Volume v) {
        try {
            return JSON.writeValueAsBytes(v.toApi());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /volumes}: filters dangling, driver, label, name. */
    public Listing list(Filters filters) {
        filters.validate(Set.of("dangling", "name", "driver", "label"));
        Boolean dangling = filters.contains("dangling") ? filters.booleanValue("dangling") : null;
        List<Pattern> names = namePatterns(filters);
        List<Volume> out = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        synchronized (lock) {
            for (Volume v : volumes.values()) {
                if (!filters.exactMatch("driver", v.driver()) || !filters.matchKeyValues("label", v.labels())) {
                    continue;
                }
                if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(v.name()).find())) {
                    continue;
                }
                if (dangling != null && refs.get(v.name()).isEmpty() != dangling) {
                    continue;
                }
                out.add(v);
                json.add(rendered.get(v.name()));
            }
        }
        return new Listing(out, json, List.of());
    }

    private static List<Pattern> namePatterns(Filters filters) {
        List<Pattern> out = new ArrayList<>();
        for (String s : filters.get("name")) {
            try {
                out.add(Pattern.compile(s));
            } catch (PatternSyntaxException e) {
                // Docker's regexp match fails for a bad pattern: it matches nothing.
                out.add(Pattern.compile("(?!)"));
            }
        }
        return out;
    }

    /**
     * {@code DELETE /volumes/{name}}: 404 when unknown (204 with {@code force}), 409 while a container uses it;
     * {@code force} does not override use, as on a real daemon.
     */
    public void remove(String name, boolean force) {
        synchronized (lock) {
            Volume v = volumes.get(name);
            if (v == null) {
                if (force) {
                    return;
                }
                throw EngineException.notFound("get " + name + ": no such volume");
            }
            Set<String> users = refs.get(name);
            if (!users.isEmpty()) {
                throw EngineException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", users)
                        + "]");
            }
            destroy(v);
        }
    }

    /** Removes a volume if it exists and nobody uses it (what {@code docker rm -v} does); true if removed. */
    public boolean removeIfUnused(String name) {
        synchronized (lock) {
            Volume v = volumes.get(name);
            if (v == null || !refs.get(name).isEmpty()) {
                return false;
            }
            destroy(v);
            return true;
        }
    }

    private void destroy(Volume v) {
        volumes.remove(v.name());
        refs.remove(v.name());
        rendered.remove(v.name());
        deleteTree(v.dataDir().getParent());
        events.publish("volume", "destroy", v.name(), Map.of("driver", v.driver()));
    }

    /** The result of a prune. */
    public record PruneReport(List<String> volumesDeleted, long spaceReclaimed) {
    }

    /**
     * {@code POST /volumes/prune}: removes unused local volumes without driver options that match the label
     * filters; only anonymous ones unless {@code all} is true (or {@code allByDefault}, for clients below API 1.42).
     */
    public PruneReport prune(Filters filters, boolean allByDefault) {
        filters.validate(Set.of("label", "label!", "all"));
        boolean all = allByDefault;
        Set<String> allValues = filters.get("all");
        if (allValues.size() > 1) {
            throw EngineException.badRequest("invalid filter 'all=" + allValues + "': only one value is expected");
        }
        if (allValues.size() == 1) {
            all = parseGoBool(allValues.iterator().next());
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        synchronized (lock) {
            for (Volume v : List.copyOf(volumes.values())) {
                if (!refs.get(v.name()).isEmpty() || !v.options().isEmpty() || (!all && !v.anonymous())) {
                    continue;
                }
                if (!filters.matchKeyValues("label", v.labels())) {
                    continue;
                }
                if (filters.contains("label!") && filters.matchKeyValues("label!", v.labels())) {
                    continue;
                }
                reclaimed += sizeOf(v.dataDir());
                destroy(v);
                deleted.add(v.name());
            }
            events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        }
        return new PruneReport(deleted, reclaimed);
    }

    private static boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw EngineException.badRequest("invalid filter 'all': strconv.ParseBool: parsing \"" + s
                    + "\": invalid syntax");
        };
    }

    /** Bytes used by a volume's content (regular files and links), as the daemon's directory size counts them. */
    public long size(Volume v) {
        return sizeOf(v.dataDir());
    }

    /** The number of containers using a volume. */
    public int refCount(String name) {
        return inUseBy(name).size();
    }

    /**
     * The {@code Volumes} rows of {@code /system/df}: local volumes without driver options, with UsageData.
     */
    public List<Map<String, Object>> diskUsage() {
        List<Volume> snapshot;
        Map<String, Integer> counts = new LinkedHashMap<>();
        synchronized (lock) {
            snapshot = new ArrayList<>(volumes.values());
            refs.forEach((k, v) -> counts.put(k, v.size()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Volume v : snapshot) {
            if (v.driver().equals(Volume.LOCAL) && v.options().isEmpty()) {
                rows.add(v.toApi(sizeOf(v.dataDir()), counts.getOrDefault(v.name(), 0)));
            }
        }
        return rows;
    }

    /** A view of a volume's content, for mounting in a container. */
    public PathFsView dataView(Volume v, boolean readOnly) {
        return new PathFsView(v.dataDir(), readOnly);
    }

    /** Publishes the {@code mount} event a daemon sends when a started container mounts a volume. */
    public void publishMount(String name, String containerId, String destination, boolean rw, String propagation) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("container", containerId);
        attrs.put("destination", destination);
        attrs.put("driver", Volume.LOCAL);
        attrs.put("propagation", propagation);
        attrs.put("read/write", Boolean.toString(rw));
        events.publish("volume", "mount", name, attrs);
    }

    /** Publishes the {@code unmount} event a daemon sends when a container stops. */
    public void publishUnmount(String name, String containerId) {
        events.publish("volume", "unmount", name, Map.of("container", containerId, "driver", Volume.LOCAL));
    }

    /** A fresh, empty directory for one tmpfs mount of one container run. */
    public Path newTmpfsDir() {
        Path dir = tmpfsFs.getPath("/tmpfs", Long.toString(tmpfsSeq.incrementAndGet()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Drops a tmpfs directory and everything in it. */
    public void discardTmpfs(Path dir) {
        deleteTree(dir);
    }

    /** Frees the in-memory stores of volume and tmpfs data (the engine is shutting down). */
    @Override
    public void close() throws IOException {
        try {
            dataFs.close();
        } finally {
            tmpfsFs.close();
        }
    }

    private void checkDriver(String name, String driver) {
        if (driver != null && !driver.isEmpty() && !driver.equals(Volume.LOCAL)) {
            throw EngineException.notFound("create " + name + ": error looking up volume plugin " + driver
                    + ": plugin \"" + driver + "\" not found");
        }
    }

    private static void validateName(String name) {
        if (name.length() == 1) {
            throw EngineException.badRequest("create " + name + ": volume name is too short, names should be at least"
                    + " two alphanumeric characters");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw EngineException.badRequest("create " + name + ": \"" + name + "\" includes invalid characters for a"
                    + " local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a"
                    + " host directory, use absolute path");
        }
    }

    private static void validateOptions(String name, Map<String, String> opts) {
        if (opts == null || opts.isEmpty()) {
            return;
        }
        for (String o : new TreeSet<>(opts.keySet())) {
            if (!VALID_OPTIONS.contains(o)) {
                throw EngineException.badRequest("create " + name + ": invalid option: \"" + o + "\"");
            }
        }
        if (opts.containsKey("size")) {
            throw EngineException.badRequest("create " + name + ": quota size requested but no quota support");
        }
        String[][] required = {{"o", "device", "type"}, {"device", "type"}, {"type", "device"}};
        for (String[] rule : required) {
            if (opts.containsKey(rule[0])) {
                for (int i = 1; i < rule.length; i++) {
                    if (!opts.containsKey(rule[i])) {
                        throw EngineException.badRequest("create " + name + ": missing required option: \""
                                + rule[i] + "\"");
                    }
                }
            }
        }
    }

    private static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    return a.isDirectory() ? 0 : a.size();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Jimfs only refuses a non-empty directory, which the reverse order rules out.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a leftover directory in memory is invisible to clients.
        }
    }

}
