package dev.drydock.engine.containers;

import dev.drydock.engine.EngineException;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsTar;
import dev.drydock.fs.FsView;
import dev.drydock.fs.MountFsView;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.fs.Paths;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A container's files as the archive, export and changes routes see them: through its mounts (so {@code docker cp}
 * reaches volumes and binds), with the daemon's errors and events.
 */
public final class ContainerFiles {
    /** Go's os.FileMode type bits, as the path-stat header carries them. */
    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;
    private static final long MODE_SETUID = 1L << 23;
    private static final long MODE_SETGID = 1L << 22;
    private static final long MODE_STICKY = 1L << 20;
    private static final long MAX_UPLOAD = 1L << 30;

    private final ContainerService containers;

    public ContainerFiles(ContainerService containers) {
        this.containers = containers;
    }

    /** What {@code X-Docker-Container-Path-Stat} describes. */
    public record PathStat(String name, long size, long mode, String mtime, String linkTarget) {
        /** The header's JSON fields, in the daemon's order. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("size", size);
            m.put("mode", mode);
            m.put("mtime", mtime);
            m.put("linkTarget", linkTarget);
            return m;
        }
    }

    /** Stats a path ({@code HEAD /archive}); 404 with the daemon's text when it does not exist. */
    public PathStat stat(String ref, String path) {
        Container c = containers.get(ref);
        FsView fs = containers.files(c);
        checkPath(path);
        String p = Paths.normalize(path);
        FileStat st = statOr404(fs, p, ref);
        return pathStat(fs, p, st);
    }

    /**
     * A tar still to be written: the route runs it once the response head is out, so a large tree streams to the
     * client as it is read instead of being held whole in memory.
     */
    @FunctionalInterface
    public interface TarBody {
        /** Writes the whole archive to {@code out}; a file that fails to read mid-way ends it with an IOException. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** The tar of a path ({@code GET /archive}) with its stat, checked (404 before any body) but not yet written. */
    public record Archive(PathStat stat, TarBody tar) {
    }

    /** Checks and stats a path for {@code GET /archive}; publishes archive-path, as dockerd does before streaming. */
    public Archive archive(String ref, String path) {
        Container c = containers.get(ref);
        FsView fs = containers.files(c);
        checkPath(path);
        String p = Paths.normalize(path);
        FileStat st = statOr404(fs, p, ref);
        boolean contents = path.endsWith("/.") || path.equals(".");
        String name = contents ? "." : Paths.name(p).equals("/") ? "." : Paths.name(p);
        PathStat stat = pathStat(fs, p, st);
        containers.publishEvent(c, "archive-path", Map.of("path", path));
        return new Archive(stat, out -> {
            try {
                FsTar.write(fs, p, name, out);
            } catch (FsException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    /** Extracts a client's tar under a directory ({@code PUT /archive}); checked whole before anything is written. */
    public void extract(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        Container c = containers.get(ref);
        FsView fs = containers.files(c);
        checkPath(path);
        String dest = Paths.normalize(path);
        FileStat st = statOr404(fs, dest, ref);
        if (!st.isDirectory()) {
            throw EngineException.internal("extraction point is not a directory");
        }
        try {
            String real = fs.realPath(dest);
            if (fs.isReadOnly(real)) {
                throw EngineException.internal("container rootfs is marked read-only");
            }
            List<FsTar.Entry> entries = FsTar.read(tar, MAX_UPLOAD);
            FsTar.extract(fs, real, entries, noOverwriteDirNonDir, copyUidGid);
        } catch (FsTar.RefusedException e) {
            throw EngineException.internal(e.getMessage());
        } catch (FsException e) {
            throw EngineException.internal(e.getMessage());
        } catch (IOException e) {
            throw EngineException.internal("Error processing tar file: " + e.getMessage());
        }
        containers.publishEvent(c, "extract-to-dir", Map.of("path", path));
    }

    /**
     * The container's merged filesystem, without its mounts, as one tar ({@code docker export}), written when the
     * route runs it; publishes export, as the daemon does before streaming.
     */
    public TarBody export(String ref) {
        Container c = containers.get(ref);
        FsView fs = c.fs();
        containers.publishEvent(c, "export", Map.of());
        return out -> {
            try {
                FsTar.writeContents(fs, "/", out);
            } catch (FsException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    /** One {@code docker diff} line: Kind 0 changed, 1 added, 2 deleted. */
    public record Change(String path, int kind) {
    }

    /** What the container changed in its own layer, sorted by path; whiteouts are deletions. */
    public List<Change> changes(String ref) {
        Container c = containers.get(ref);
        FsView fs = c.fs();
        if (fs instanceof MountFsView m) {
            fs = m.rootView();
        }
        if (!(fs instanceof OverlayFsView o)) {
            return List.of();
        }
        List<Change> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(o.upper())) {
            walk.sorted().forEach(p -> {
                if (p.equals(o.upper())) {
                    return;
                }
                String rel = o.upper().relativize(p).toString();
                String name = p.getFileName().toString();
                if (name.equals(OverlayFsView.OPAQUE)) {
                    return;
                }
                if (name.startsWith(OverlayFsView.WHITEOUT)) {
                    String parent = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "";
                    out.add(new Change("/" + parent + name.substring(OverlayFsView.WHITEOUT.length()), 2));
                    return;
                }
                boolean inLower = o.lowers().stream()
                        .anyMatch(l -> Files.exists(l.resolve(rel), LinkOption.NOFOLLOW_LINKS));
                out.add(new Change("/" + rel, inLower ? 0 : 1));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw EngineException.badRequest("path cannot be empty");
        }
    }

    private static FileStat statOr404(FsView fs, String path, String ref) {
        try {
            return fs.stat(path, false).orElseThrow(() -> notFound(path, ref));
        } catch (FsException e) {
            throw notFound(path, ref);
        }
    }

    private static EngineException notFound(String path, String ref) {
        return EngineException.notFound("Could not find the file " + path + " in container " + ref);
    }

    private static PathStat pathStat(FsView fs, String path, FileStat st) {
        long mode = st.mode() & 0777;
        if ((st.mode() & 04000) != 0) {
            mode |= MODE_SETUID;
        }
        if ((st.mode() & 02000) != 0) {
            mode |= MODE_SETGID;
        }
        if ((st.mode() & 01000) != 0) {
            mode |= MODE_STICKY;
        }
        String link = "";
        long size = st.size();
        if (st.isDirectory()) {
            mode |= MODE_DIR;
            size = 4096;
        } else if (st.isSymlink()) {
            mode = MODE_SYMLINK | 0777;
            String target = st.linkTarget();
            link = target.startsWith("/") ? Paths.normalize(target) : Paths.resolve(Paths.parent(path), target);
        }
        String name = Paths.name(path);
        return new PathStat(name, size, mode, GoTime.rfc3339Nano(st.modified()), link);
    }
}
