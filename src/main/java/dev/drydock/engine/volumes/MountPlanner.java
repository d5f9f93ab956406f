package dev.drydock.engine.volumes;

import dev.drydock.engine.EngineException;
import dev.drydock.fs.MountSpec;
import dev.drydock.fs.MountSpecException;
import dev.drydock.fs.Paths;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a container's mounts at create, in the daemon's order: volumes of {@code VolumesFrom} containers, then
 * {@code Binds}, then {@code Mounts} (each overriding the same destination), then {@code HostConfig.Tmpfs}, then an
 * anonymous volume for every {@code Config.Volumes}/image {@code VOLUME} not already mounted.
 *
 * <p>Everything is validated before anything is made: a request Docker rejects creates no volume and takes no
 * reference. Then volumes are created (or found) and referenced for the container, undone if a step fails.
 */
final class MountPlanner {
    private final VolumeService service;

    MountPlanner(VolumeService service) {
        this.service = service;
    }

    /** One decided mount, before its volume exists. */
    private record Pending(MountSpec spec, MountPoint inherited, boolean configVolume, boolean listed) {
    }

    ContainerMounts plan(String containerId, MountRequest req, ContainerLookup lookup) {
        Map<String, Pending> points = new LinkedHashMap<>();
        try {
            Map<String, MountSpec> tmpfs = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : req.tmpfs().entrySet()) {
                MountSpec spec = MountSpec.parseTmpfs(e.getKey(), e.getValue());
                tmpfs.put(spec.target(), spec);
            }
            for (String raw : req.volumesFrom()) {
                MountSpec.VolumesFrom vf = MountSpec.parseVolumesFrom(raw);
                ContainerMounts source = lookup.mountsOf(vf.container())
                        .orElseThrow(() -> EngineException.badRequest("No such container: " + vf.container()));
                for (MountPoint mp : source.mountPoints()) {
                    if (mp.listed()) {
                        put(points, mp.destination(), new Pending(null, mp.inherited(vf.readWrite()), false, true));
                    }
                }
            }
            Set<String> taken = new HashSet<>();
            for (String raw : req.binds()) {
                MountSpec spec = MountSpec.parseBind(raw, req.volumeDriver());
                if (taken.contains(spec.target()) || tmpfs.containsKey(spec.target())) {
                    throw duplicate(spec.target());
                }
                check(spec);
                taken.add(spec.target());
                put(points, spec.target(), new Pending(spec, null, false, true));
            }
            for (MountSpec.ApiMount m : req.mounts()) {
                MountSpec spec = MountSpec.parseMount(m, service.bindRoots()::exists);
                if (taken.contains(spec.target()) || tmpfs.containsKey(spec.target())) {
                    throw duplicate(m.target());
                }
                check(spec);
                taken.add(spec.target());
                put(points, spec.target(), new Pending(spec, null, false, true));
            }
            // HostConfig.Tmpfs mounts are real but not listed in inspect's Mounts, as on a daemon.
            tmpfs.forEach((target, spec) -> put(points, target, new Pending(spec, null, false, false)));
            for (String raw : req.volumes()) {
                if (!raw.startsWith("/")) {
                    throw new MountSpecException("invalid mount path: '" + raw + "' mount path must be absolute");
                }
                String target = Paths.normalize(raw);
                if (target.equals("/")) {
                    throw new MountSpecException("invalid specification: destination can't be '/'");
                }
                if (!points.containsKey(target)) {
                    MountSpec anon = new MountSpec(MountSpec.Type.VOLUME, "", target, false, "", "", true, "",
                            Map.of(), Map.of(), false, 0, 0, false);
                    points.put(target, new Pending(anon, null, true, true));
                }
            }
        } catch (MountSpecException e) {
            throw EngineException.badRequest(e.getMessage());
        }
        return new ContainerMounts(service, containerId, materialize(containerId, points.values()));
    }

    private static void put(Map<String, Pending> points, String target, Pending p) {
        // A later source for one destination replaces the earlier one, as the daemon's map does.
        points.remove(target);
        points.put(target, p);
    }

    private static MountSpecException duplicate(String target) {
        return new MountSpecException("Duplicate mount point: " + target);
    }

    private void check(MountSpec spec) {
        switch (spec.type()) {
            case VOLUME -> service.checkCreatable(spec.source(), spec.driver(), spec.driverOptions());
            case BIND -> service.bindRoots().resolve(spec.source());
            default -> {
            }
        }
    }

    private List<MountPoint> materialize(String containerId, Iterable<Pending> pending) {
        List<MountPoint> out = new ArrayList<>();
        List<String> created = new ArrayList<>();
        try {
            for (Pending p : pending) {
                out.add(p.inherited() != null ? inherit(p.inherited(), containerId) : decide(p, containerId, created));
            }
        } catch (RuntimeException e) {
            service.release(containerId);
            created.forEach(service::removeIfUnused);
            throw e;
        }
        return out;
    }

    private MountPoint inherit(MountPoint mp, String containerId) {
        if (mp.type() == MountSpec.Type.VOLUME) {
            service.reference(mp.name(), containerId);
        }
        return mp;
    }

    private MountPoint decide(Pending p, String containerId, List<String> created) {
        MountSpec s = p.spec();
        return switch (s.type()) {
            case VOLUME -> {
                VolumeService.Created c = service.createAndReference(s.source(), s.driver(), s.driverOptions(),
                        s.volumeLabels(), containerId);
                if (c.created()) {
                    created.add(c.volume().name());
                }
                String mode = p.configVolume() ? "" : s.mode().isEmpty() ? "z" : s.mode();
                yield new MountPoint(MountSpec.Type.VOLUME, c.volume().name(), c.volume().mountpoint(), s.target(),
                        c.volume().driver(), mode, !s.readOnly(), "", !s.source().isEmpty(), s.copyData(), false, 0, 0,
                        true);
            }
            case BIND -> new MountPoint(MountSpec.Type.BIND, "", s.source(), s.target(), "", s.mode(),
                    !s.readOnly(), s.propagation(), true, false, s.createMountpoint(), 0, 0, true);
            case TMPFS -> new MountPoint(MountSpec.Type.TMPFS, "", "", s.target(), "", "", !s.readOnly(), "", true,
                    false, false, s.tmpfsMode(), s.tmpfsSizeBytes(), p.listed());
        };
    }
}
