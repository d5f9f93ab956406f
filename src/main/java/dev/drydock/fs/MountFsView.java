package dev.drydock.fs;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A container's whole filesystem: its root view with volumes, bind mounts and tmpfs mounted over it.
 *
 * <p>Paths are walked once across mount boundaries (a symlink in the root may lead into a volume and back),
 * then each operation goes to the view that owns the resolved path. Renames across mounts fail with EXDEV,
 * as they do on Linux.
 */
public final class MountFsView implements FsView {
    /**
     * One mount: a view (volume, host directory, tmpfs) shown at an absolute container path, with what
     * {@code /proc/mounts} shows for it (device, filesystem type, options such as {@code rw,relatime}).
     */
    public record Mount(String target, FsView view, String device, String fsType, String options) {
        public Mount {
            target = Paths.normalize(target);
        }

        /** A mount of host storage (a volume or a bind), shown as the host's ext4 disk. */
        public Mount(String target, FsView view) {
            this(target, view, "/dev/vda", "ext4", (view.isReadOnly("/") ? "ro" : "rw") + ",relatime");
        }
    }

    private final FsView root;
    private final List<Mount> mounts;
    private final List<Mount> table;

    public MountFsView(FsView root, List<Mount> mounts) {
        this.root = root;
        this.table = List.copyOf(mounts);
        List<Mount> sorted = new ArrayList<>(mounts);
        // Longest target first: the deepest mount owns a path.
        sorted.sort(Comparator.comparingInt((Mount m) -> m.target().length()).reversed());
        this.mounts = List.copyOf(sorted);
    }

    /** The mounts, deepest first. */
    public List<Mount> mounts() {
        return mounts;
    }

    /** The mounts in the order they were mounted (as {@code /proc/mounts} lists them). */
    public List<Mount> mountTable() {
        return table;
    }

    /** The view under all mounts. */
    public FsView rootView() {
        return root;
    }

    private record Owned(FsView view, String path, Mount mount) {
    }

    private Owned owner(String resolved) {
        for (Mount m : mounts) {
            if (Paths.isUnder(resolved, m.target())) {
                String rest = resolved.substring(m.target().equals("/") ? 0 : m.target().length());
                return new Owned(m.view(), rest.isEmpty() ? "/" : rest, m);
            }
        }
        return new Owned(root, resolved, null);
    }

    private Optional<FileStat> lstat(String resolved) throws FsException {
        Owned o = owner(resolved);
        return o.view().lstatResolved(o.path());
    }

    @Override
    public Optional<FileStat> lstatResolved(String resolved) throws FsException {
        return lstat(resolved);
    }

    private Owned resolve(String path, boolean followLast, boolean mustExist) throws FsException {
        return owner(PathResolver.resolve(path, followLast, mustExist, this::lstat));
    }

    @Override
    public Optional<FileStat> stat(String path, boolean followLinks) throws FsException {
        try {
            Owned o = resolve(path, followLinks, true);
            return o.view().lstatResolved(o.path());
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream read(String path) throws FsException {
        Owned o = resolve(path, true, true);
        return o.view().readResolved(o.path());
    }

    @Override
    public OutputStream write(String path, boolean append) throws FsException {
        Owned o = resolve(path, true, false);
        return o.view().write(o.path(), append);
    }

    @Override
    public List<String> list(String dir) throws FsException {
        String resolved = PathResolver.resolve(dir, true, true, this::lstat);
        Owned o = owner(resolved);
        TreeSet<String> names = new TreeSet<>(o.view().list(o.path()));
        for (Mount m : mounts) {
            if (!m.target().equals("/") && Paths.parent(m.target()).equals(resolved)) {
                names.add(Paths.name(m.target()));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public void mkdir(String path) throws FsException {
        Owned o = resolve(path, false, false);
        o.view().mkdir(o.path());
    }

    @Override
    public void delete(String path) throws FsException {
        Owned o = resolve(path, false, true);
        if (o.mount() != null && o.path().equals("/")) {
            throw new FsException(Errno.EBUSY, path);
        }
        o.view().delete(o.path());
    }

    @Override
    public void symlink(String path, String target) throws FsException {
        Owned o = resolve(path, false, false);
        o.view().symlink(o.path(), target);
    }

    @Override
    public void rename(String from, String to) throws FsException {
        Owned src = resolve(from, false, true);
        Owned dst = resolve(to, false, false);
        if (src.view() != dst.view()) {
            throw new FsException(Errno.EXDEV, to);
        }
        if ((src.mount() != null && src.path().equals("/")) || (dst.mount() != null && dst.path().equals("/"))) {
            throw new FsException(Errno.EBUSY, to);
        }
        src.view().rename(src.path(), dst.path());
    }

    @Override
    public void chmod(String path, int mode) throws FsException {
        Owned o = resolve(path, true, true);
        o.view().chmod(o.path(), mode);
    }

    @Override
    public void chown(String path, int uid, int gid) throws FsException {
        Owned o = resolve(path, false, true);
        o.view().chown(o.path(), uid, gid);
    }

    @Override
    public void setModified(String path, Instant time) throws FsException {
        Owned o = resolve(path, true, true);
        o.view().setModified(o.path(), time);
    }

    @Override
    public String realPath(String path) throws FsException {
        return PathResolver.resolve(path, true, true, this::lstat);
    }

    @Override
    public boolean isReadOnly(String path) {
        try {
            Owned o = resolve(path, true, false);
            return o.view().isReadOnly(o.path());
        } catch (FsException e) {
            return false;
        }
    }
}
