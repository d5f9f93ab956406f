package dev.drydock.admin;

import dev.drydock.engine.ControllableClock;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageService;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.networks.NetworkCreateRequest;
import dev.drydock.engine.volumes.Volume;
import dev.drydock.engine.volumes.VolumeService;
import dev.drydock.fs.Layer;
import dev.drydock.fs.TreeSpec;
import dev.drydock.registry.AuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link SeedPlan} to an engine, all or nothing: the clock first, then images, networks, volumes and
 * containers in the order given. When a step fails, what the seed made so far is removed again (in reverse) and
 * the failure names the definition's field. One seed at a time per engine.
 */
final class Seeder {
    private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);

    private final Engine engine;

    Seeder(Engine engine) {
        this.engine = engine;
    }

    /** What a seed made: {@code {"images": [{ref, id}], "networks": [...], "volumes": [...], "containers": [...]}}. */
    synchronized Map<String, Object> apply(SeedPlan plan) {
        return apply(plan, false);
    }

    /** Applies a start seed again after a reset: its images, kept by the reset, are used as they are. */
    synchronized Map<String, Object> reapply(SeedPlan plan) {
        return apply(plan, true);
    }

    private Map<String, Object> apply(SeedPlan plan, boolean reuseImages) {
        Deque<Runnable> undo = new ArrayDeque<>();
        Map<String, Object> made = new LinkedHashMap<>();
        List<Map<String, String>> images = new ArrayList<>();
        List<Map<String, String>> networks = new ArrayList<>();
        List<Map<String, String>> volumes = new ArrayList<>();
        List<Map<String, String>> containers = new ArrayList<>();
        String field = "clock";
        try {
            if (plan.clock() != null) {
                ControllableClock clock = engine.controllableClock().orElseThrow(() ->
                        FaultJson.field("clock", "this engine's clock cannot be set"));
                Instant before = clock.instant();
                boolean wasFrozen = clock.frozen();
                clock.set(Instant.ofEpochSecond(0, SeedJson.time(plan.clock(), "clock", clock)));
                undo.push(() -> {
                    if (wasFrozen) {
                        clock.set(before);
                    } else {
                        clock.runFrom(before);
                    }
                });
            }
            for (SeedPlan.ImageDef d : plan.images()) {
                field = d.field();
                Image existing = reuseImages ? engine.images().find(d.ref()) : null;
                Image img = existing != null ? existing : d.defined() ? define(d, undo) : ensurePulled(d.ref(), undo);
                images.add(Map.of("ref", d.ref(), "id", img.id()));
            }
            for (SeedPlan.NetworkDef d : plan.networks()) {
                field = d.field();
                String id = network(d);
                undo.push(() -> engine.networks().remove(id));
                networks.add(Map.of("name", d.name(), "id", id));
            }
            for (SeedPlan.VolumeDef d : plan.volumes()) {
                field = d.field();
                volume(d, undo);
                volumes.add(Map.of("name", d.name()));
            }
            for (SeedPlan.ContainerDef d : plan.containers()) {
                field = d.field();
                containers.add(container(d, undo));
            }
        } catch (RuntimeException e) {
            rollBack(undo);
            throw named(field, e);
        }
        made.put("images", images);
        made.put("networks", networks);
        made.put("volumes", volumes);
        made.put("containers", containers);
        return made;
    }

    private static RuntimeException named(String field, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.startsWith("field \"")) {
            return e;
        }
        int status = e instanceof EngineException ee ? ee.status() : 400;
        // The definition is what was wrong (a missing image, a bad option): a 400, but a name clash stays a 409.
        int mapped = status == 409 || status >= 500 ? status : 400;
        return new EngineException(mapped, "field \"" + field + "\": " + message);
    }

    private void rollBack(Deque<Runnable> undo) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                LOG.warn("undoing part of a failed seed failed", e);
            }
        }
    }

    // --- images ---------------------------------------------------------------------------------------------

    /** The local image of that reference, pulled (and undone on failure) when missing. */
    private Image ensurePulled(String ref, Deque<Runnable> undo) {
        ImageService images = engine.images();
        Image local = images.find(ref);
        if (local != null) {
            return local;
        }
        Image last = null;
        dev.drydock.registry.Reference parsed = dev.drydock.registry.Reference.parse(ref);
        // As docker pull: a reference without tag or digest means :latest, not every tag of the repository.
        String tag = parsed.tag() == null && parsed.digest() == null ? "latest" : null;
        for (ImageService.PullPlan p : images.planPull(ref, tag, null, AuthConfig.NONE)) {
            last = images.completePull(p);
            String pulled = p.ref().familiarString();
            undo.push(() -> images.remove(pulled, true, false));
        }
        Image img = images.find(ref);
        return img != null ? img : last;
    }

    private Image define(SeedPlan.ImageDef d, Deque<Runnable> undo) {
        ImageService images = engine.images();
        Image base = d.from() == null ? null : ensurePulled(d.from(), undo);
        Layer layer = null;
        if (!d.files().isEmpty()) {
            TreeSpec.Builder tree = TreeSpec.builder(engine.config().clock().instant());
            d.files().forEach((path, file) -> tree.file(path, file.content(), file.mode()));
            layer = images.layers().fromSpecUncached(tree.build());
        }
        Image img = images.createImage(base, layer, base == null ? d.config() : merged(base, d), "", "",
                "drydock seed " + d.ref(), layer == null, d.ref());
        undo.push(() -> images.remove(d.ref(), true, false));
        return img;
    }

    /** The definition's config over the base image's: what it sets replaces, what it leaves keeps the base's. */
    private static dev.drydock.engine.ImageConfig merged(Image base, SeedPlan.ImageDef d) {
        dev.drydock.engine.ImageConfig b = dev.drydock.engine.ImageConfig.fromJson(base.configJson().path("config"));
        dev.drydock.engine.ImageConfig o = d.config();
        Map<String, String> labels = b.labels() == null && o.labels() == null ? null : new LinkedHashMap<>();
        if (labels != null) {
            if (b.labels() != null) {
                labels.putAll(b.labels());
            }
            if (o.labels() != null) {
                labels.putAll(o.labels());
            }
        }
        List<String> env = b.env() == null && o.env() == null ? null : new ArrayList<>();
        if (env != null) {
            if (b.env() != null) {
                env.addAll(b.env());
            }
            if (o.env() != null) {
                env.addAll(o.env());
            }
        }
        return new dev.drydock.engine.ImageConfig(or(o.user(), b.user()), env,
                o.cmd() != null ? o.cmd() : o.entrypoint() != null ? null : b.cmd(), or(o.entrypoint(), b.entrypoint()),
                or(o.workingDir(), b.workingDir()), or(o.exposedPorts(), b.exposedPorts()), b.volumes(),
                b.stopSignal(), labels, b.healthcheck(), b.onBuild(), b.shell());
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }

    // --- networks, volumes ----------------------------------------------------------------------------------

    private String network(SeedPlan.NetworkDef d) {
        List<NetworkCreateRequest.IpamConfig> ipam = d.subnet() == null && d.gateway() == null ? List.of()
                : List.of(new NetworkCreateRequest.IpamConfig(d.subnet(), null, d.gateway(), null));
        NetworkCreateRequest req = new NetworkCreateRequest(d.name(), d.driver(), "", null, d.internal(), false,
                false, false, "", null, false, "", ipam, null, Map.of(), d.labels());
        return engine.networks().create(req, engine.config().apiVersion()).id();
    }

    private void volume(SeedPlan.VolumeDef d, Deque<Runnable> undo) {
        VolumeService service = engine.volumes();
        VolumeService.Created created = service.createAndReference(d.name(), Volume.LOCAL, Map.of(), d.labels(), null);
        if (!created.created()) {
            throw EngineException.conflict("a volume named " + d.name() + " already exists");
        }
        undo.push(() -> service.remove(d.name(), true));
        Path root = created.volume().dataDir();
        try {
            for (Map.Entry<String, SeedPlan.FileDef> f : d.files().entrySet()) {
                Path p = root.resolve(f.getKey().substring(1));
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue().content());
                Files.setPosixFilePermissions(p, dev.drydock.fs.PathFsView.toPermissions(f.getValue().mode()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- containers -----------------------------------------------------------------------------------------

    private Map<String, String> container(SeedPlan.ContainerDef d, Deque<Runnable> undo) {
        ensurePulled(d.image(), undo);
        ContainerService containers = engine.containers();
        String id = containers.create(d.name(), "", d.body()).id();
        undo.push(() -> containers.remove(id, true, true));
        containers.seed(id, d.state(), d.exitCode(), at(d.created(), d.field() + ".created"),
                at(d.startedAt(), d.field() + ".startedAt"), at(d.finishedAt(), d.field() + ".finishedAt"));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("name", containers.get(id).name().substring(1));
        out.put("id", id);
        out.put("state", containers.get(id).status().wire());
        return out;
    }

    private Instant at(String time, String field) {
        return time == null ? null : Instant.ofEpochSecond(0, SeedJson.time(time, field, engine.config().clock()));
    }
}
