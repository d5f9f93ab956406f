package dev.drydock.build;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.fs.PathFsView;
import dev.drydock.fs.Paths;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Copies files and trees between views as COPY and ADD do: new parents are root-owned 0755 directories,
 * copied entries keep their modes and times, and take the given owner (root unless {@code --chown}) or keep
 * their own when {@code owner} is null (an extracted archive).
 */
final class TreeCopy {
    private TreeCopy() {
    }

    /** Creates a directory and its missing parents as root-owned 0755 directories. */
    static void mkdirs(FsView dst, String path) throws FsException {
        String p = Paths.normalize(path);
        if (p.equals("/")) {
            return;
        }
        var st = dst.stat(p, true);
        if (st.isPresent()) {
            if (!st.get().isDirectory()) {
                throw new FsException(dev.drydock.fs.Errno.ENOTDIR, p);
            }
            return;
        }
        mkdirs(dst, Paths.parent(p));
        dst.mkdir(p);
        dst.chmod(p, 0755);
        dst.chown(p, 0, 0);
    }

    /** Copies one entry (file, symlink, or a directory's whole tree) to exactly {@code to}. */
    static void copyEntry(FsView src, String from, FsView dst, String to, DockerIgnore ignore, Integer chmod,
                          int[] owner) throws FsException {
        FileStat st = src.stat(from, true).orElseThrow(() -> new FsException(dev.drydock.fs.Errno.ENOENT, from));
        mkdirs(dst, Paths.parent(to));
        if (st.isDirectory()) {
            copyChildren(src, src.realPath(from), dst, to, ignore, chmod, owner);
            return;
        }
        copyOne(src, from, st, dst, to, chmod, owner);
    }

    /** Copies the content of directory {@code from} into directory {@code to} (created when missing). */
    static void copyChildren(FsView src, String from, FsView dst, String to, DockerIgnore ignore, Integer chmod,
                             int[] owner) throws FsException {
        boolean fresh = dst.stat(to, false).isEmpty();
        mkdirs(dst, to);
        if (fresh) {
            dst = upperOnly(dst, to);
        }
        for (String name : src.list(from)) {
            String s = join(from, name);
            if (ignore != null && ignore.excludes(s.substring(1)) && !ignore.hasExceptions()) {
                continue;
            }
            FileStat st = src.stat(s, false).orElse(null);
            if (st == null) {
                continue;
            }
            String d = join(to, name);
            if (st.isDirectory()) {
                var existing = dst.stat(d, false);
                if (existing.isPresent() && !existing.get().isDirectory()) {
                    dst.delete(d);
                }
                FsView into = dst;
                if (existing.isEmpty() || !existing.get().isDirectory()) {
                    dst.mkdir(d);
                    if (existing.isEmpty()) {
                        into = upperOnly(dst, d);
                    }
                }
                copyChildren(src, s, into, d, ignore, chmod, owner);
                dst.chmod(d, chmod != null ? chmod : st.mode());
                own(dst, d, st, owner);
                dst.setModified(d, st.modified());
            } else if (ignore == null || !ignore.excludes(s.substring(1))) {
                copyOne(src, s, st, dst, d, chmod, owner);
            }
        }
    }

    /**
     * Where a directory this copy just created gets its content: everything below it is new and lives only in
     * the overlay's upper directory, so it is written there directly instead of through the overlay's lookups in
     * every layer (the same files, modes, owners and times; several times faster for a large COPY).
     */
    private static FsView upperOnly(FsView dst, String dir) throws FsException {
        if (dst instanceof OverlayFsView o && o.realPath(dir).equals(dir)
                && Files.isDirectory(o.upper().resolve(dir.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
            return new PathFsView(o.upper());
        }
        return dst;
    }

    private static void copyOne(FsView src, String from, FileStat st, FsView dst, String to, Integer chmod,
                                int[] owner) throws FsException {
        var existing = dst.stat(to, false);
        if (existing.isPresent() && existing.get().isDirectory() && !st.isDirectory()) {
            throw new FsException(dev.drydock.fs.Errno.EISDIR, to);
        }
        if (st.isSymlink()) {
            if (existing.isPresent()) {
                dst.delete(to);
            }
            dst.symlink(to, st.linkTarget());
            own(dst, to, st, owner);
            return;
        }
        if (existing.isPresent() && existing.get().isSymlink()) {
            dst.delete(to);
        }
        if (existing.isEmpty() && dst instanceof PathFsView direct) {
            try (InputStream in = src.read(from)) {
                direct.createFile(to, in, chmod != null ? chmod : st.mode(), owner == null ? st.uid() : owner[0],
                        owner == null ? st.gid() : owner[1], st.modified());
            } catch (FsException e) {
                throw e;
            } catch (IOException e) {
                throw new FsException(dev.drydock.fs.Errno.EINVAL, to);
            }
            return;
        }
        try (InputStream in = src.read(from); OutputStream out = dst.write(to, false)) {
            in.transferTo(out);
        } catch (FsException e) {
            throw e;
        } catch (IOException e) {
            throw new FsException(dev.drydock.fs.Errno.EINVAL, to);
        }
        dst.chmod(to, chmod != null ? chmod : st.mode());
        own(dst, to, st, owner);
        dst.setModified(to, st.modified());
    }

    private static void own(FsView dst, String path, FileStat st, int[] owner) throws FsException {
        if (owner == null) {
            dst.chown(path, st.uid(), st.gid());
        } else {
            dst.chown(path, owner[0], owner[1]);
        }
    }

    private static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
