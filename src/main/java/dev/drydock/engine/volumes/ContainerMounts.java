package dev.drydock.engine.volumes;

import dev.drydock.engine.EngineException;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsTrees;
import dev.drydock.fs.FsView;
import dev.drydock.fs.MountFsView;
import dev.drydock.fs.MountSpec;
import dev.drydock.fs.MountSpecException;
import dev.drydock.fs.Paths;
import dev.drydock.fs.PathFsView;
import dev.drydock.fs.TmpfsView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container's mounts, from create to removal: what inspect shows, the view its processes see while it runs,
 * and the volume references it holds.
 *
 * <p>Lifecycle, called by the container service: {@link VolumeService#planMounts} at create; {@link #start} at each
 * start (fills new volumes from the image, creates missing {@code -v} host directories, makes fresh tmpfs, sends
 * {@code mount} events) and {@link #stop} when the process ends (drops tmpfs, sends {@code unmount}); {@link #release}
 * at removal ({@code docker rm -v} also removes the anonymous volumes). Thread-safe.
 */
public final class ContainerMounts {
    private final VolumeService service;
    private final String containerId;
    private final List<MountPoint> mountPoints;
    private final Object lock = new Object();
    private List<Path> tmpfsDirs = List.of();
    private MountFsView running;
    private boolean released;

    ContainerMounts(VolumeService service, String containerId, List<MountPoint> mountPoints) {
        this.service = service;
        this.containerId = containerId;
        this.mountPoints = List.copyOf(mountPoints);
    }

    /** Every mount, including {@code HostConfig.Tmpfs} ones that inspect does not list. */
    public List<MountPoint> mountPoints() {
        return mountPoints;
    }

    /** The {@code Mounts} array of {@code docker inspect} and of the container list, as the daemon shows it. */
    public List<Map<String, Object>> toApi() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountPoint mp : mountPoints) {
            if (mp.listed()) {
                out.add(mp.toApi());
            }
        }
        return out;
    }

    /** The names of the volumes this container uses. */
    public List<String> volumeNames() {
        return mountPoints.stream().filter(m -> m.type() == MountSpec.Type.VOLUME).map(MountPoint::name).toList();
    }

    /**
     * Mounts everything for a run and returns the container's whole view: {@code root} (its copy-on-write layer)
     * with every volume, bind and fresh tmpfs mounted over it. Before mounting, an empty volume marked for copying
     * is filled from {@code root}'s content at its destination, and mount points missing in {@code root} are made.
     * A second call while running returns the same view.
     *
     * @throws EngineException 400 when a bind source became unusable since create (removed, or moved outside the
     *                         allowed roots)
     */
    public FsView start(FsView root) {
        synchronized (lock) {
            if (running != null) {
                return running;
            }
            List<Path> tmpfs = new ArrayList<>();
            List<MountFsView.Mount> mounts = new ArrayList<>();
            List<MountFsView.Mount> tmpfsMounts = new ArrayList<>();
            try {
                for (MountPoint mp : mountPoints) {
                    FsView view = switch (mp.type()) {
                        case VOLUME -> volumeView(mp, root);
                        case BIND -> bindView(mp);
                        case TMPFS -> {
                            Path dir = service.newTmpfsDir();
                            tmpfs.add(dir);
                            setMode(dir, mp.tmpfsMode() == 0 ? 01777 : mp.tmpfsMode());
                            yield new TmpfsView(new PathFsView(dir, !mp.rw()), mp.tmpfsSizeBytes());
                        }
                    };
                    makeMountpoint(root, mp.destination(), view);
                    if (mp.type() == MountSpec.Type.TMPFS) {
                        // The daemon mounts tmpfs after volumes and binds; /proc/mounts lists them in that order.
                        tmpfsMounts.add(new MountFsView.Mount(mp.destination(), view, "tmpfs", "tmpfs",
                                tmpfsOptions(mp)));
                    } else {
                        mounts.add(new MountFsView.Mount(mp.destination(), view));
                    }
                }
                mounts.addAll(tmpfsMounts);
            } catch (RuntimeException e) {
                tmpfs.forEach(service::discardTmpfs);
                throw e;
            }
            tmpfsDirs = tmpfs;
            running = new MountFsView(root, mounts);
            for (MountPoint mp : mountPoints) {
                if (mp.type() == MountSpec.Type.VOLUME) {
                    service.publishMount(mp.name(), containerId, mp.destination(), mp.rw(), mp.propagation());
                }
            }
            return running;
        }
    }

    /** The options {@code /proc/mounts} shows for a tmpfs: Docker's defaults, then size in KiB and a non-default mode. */
    static String tmpfsOptions(MountPoint mp) {
        StringBuilder sb = new StringBuilder(mp.rw() ? "rw" : "ro").append(",nosuid,nodev,noexec,relatime");
        if (mp.tmpfsSizeBytes() > 0) {
            long kib = (mp.tmpfsSizeBytes() + TmpfsView.PAGE - 1) / TmpfsView.PAGE * TmpfsView.PAGE / 1024;
            sb.append(",size=").append(kib).append('k');
        }
        if (mp.tmpfsMode() != 0 && mp.tmpfsMode() != 01777) {
            sb.append(",mode=").append(Integer.toOctalString(mp.tmpfsMode()));
        }
        return sb.toString();
    }

    /** Ends a run: tmpfs content is gone, volumes are unmounted. Does nothing when not running. */
    public void stop() {
        synchronized (lock) {
            if (running == null) {
                return;
            }
            tmpfsDirs.forEach(service::discardTmpfs);
            tmpfsDirs = List.of();
            running = null;
            for (MountPoint mp : mountPoints) {
                if (mp.type() == MountSpec.Type.VOLUME) {
                    service.publishUnmount(mp.name(), containerId);
                }
            }
        }
    }

    /** True between {@link #start} and {@link #stop}. */
    public boolean isRunning() {
        synchronized (lock) {
            return running != null;
        }
    }

    /**
     * The view to use for {@code docker cp}, {@code export} and the like: the running view while running; when
     * stopped, {@code root} with volumes and binds (tmpfs mounts exist only while running), without events.
     */
    public FsView view(FsView root) {
        synchronized (lock) {
            if (running != null) {
                return running;
            }
        }
        List<MountFsView.Mount> mounts = new ArrayList<>();
        for (MountPoint mp : mountPoints) {
            if (mp.type() == MountSpec.Type.VOLUME) {
                service.find(mp.name()).ifPresent(v -> mounts.add(
                        new MountFsView.Mount(mp.destination(), service.dataView(v, !mp.rw()))));
            } else if (mp.type() == MountSpec.Type.BIND) {
                try {
                    Path host = service.bindRoots().resolve(mp.source());
                    if (Files.exists(host)) {
                        mounts.add(new MountFsView.Mount(mp.destination(), new PathFsView(host, !mp.rw())));
                    }
                } catch (MountSpecException ignored) {
                    // A source that left the allowed roots is simply not mounted.
                }
            }
        }
        return new MountFsView(root, mounts);
    }

    /**
     * The container is being removed: stops any run, drops its volume references and, with {@code removeVolumes}
     * ({@code docker rm -v}), removes its anonymous volumes that no other container uses. Named volumes stay.
     */
    public void release(boolean removeVolumes) {
        stop();
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
        }
        service.release(containerId);
        if (removeVolumes) {
            for (MountPoint mp : mountPoints) {
                if (mp.type() == MountSpec.Type.VOLUME && !mp.named()) {
                    service.removeIfUnused(mp.name());
                }
            }
        }
    }

    private FsView volumeView(MountPoint mp, FsView root) {
        Volume v = service.find(mp.name()).orElseGet(() -> service.reference(mp.name(), containerId));
        PathFsView data = service.dataView(v, false);
        if (mp.copyData() && FsTrees.isEmptyDir(data, "/")) {
            try {
                FsTrees.copyInto(root, mp.destination(), data, "/");
            } catch (FsException e) {
                throw EngineException.internal("failed to copy image content to volume " + v.name() + ": "
                        + e.getMessage());
            }
        }
        return service.dataView(v, !mp.rw());
    }

    private FsView bindView(MountPoint mp) {
        try {
            Path host;
            if (mp.createSource()) {
                host = service.bindRoots().ensureDirectory(mp.source());
            } else {
                host = service.bindRoots().resolve(mp.source());
                if (!Files.exists(host)) {
                    throw new MountSpecException("invalid mount config for type \"bind\": bind source path does not "
                            + "exist: " + mp.source());
                }
            }
            return new PathFsView(host, !mp.rw());
        } catch (MountSpecException e) {
            throw EngineException.badRequest(e.getMessage());
        }
    }

    /** Creates the mount point in the container's own layer, a file for a file bind, as the daemon does. */
    private static void makeMountpoint(FsView root, String destination, FsView mounted) {
        try {
            Optional<FileStat> existing = root.stat(destination, true);
            if (existing.isPresent()) {
                return;
            }
            Optional<FileStat> source = mounted.stat("/", true);
            if (source.isPresent() && !source.get().isDirectory()) {
                root.mkdirs(Paths.parent(destination));
                root.writeAll(destination, new byte[0]);
            } else {
                root.mkdirs(destination);
            }
        } catch (FsException e) {
            // A read-only root filesystem cannot get a mount point; the mount table still shows the mount.
        }
    }

    private static void setMode(Path dir, int mode) {
        try {
            Files.setPosixFilePermissions(dir, PathFsView.toPermissions(mode & 0777));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedOperationException ignored) {
            // Only POSIX stores keep modes.
        }
    }

    @Override
    public String toString() {
        return "ContainerMounts" + toApi();
    }
}
