package dev.drydock.fs;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A process's view of its filesystem, by absolute container path ({@code /etc/hosts}).
 *
 * <p>The one seam between the runtime and storage: a container's view resolves mounts (volumes, binds, tmpfs)
 * before falling to its copy-on-write layer over the image's read-only layers; a build stage or a volume is
 * a plain view over one Jimfs tree. Paths never escape the view's root: {@code ..} at the root stays at the
 * root, and symlinks resolve inside the view. Failures are {@link FsException}s with Linux errnos.
 */
public interface FsView {

    /** Stats a path; {@code followLinks} false stats a symlink itself (lstat). Empty when it does not exist. */
    Optional<FileStat> stat(String path, boolean followLinks) throws FsException;

    /**
     * Stats an already-resolved path (absolute, no dot segments, no symlink before its last component) without
     * following a final symlink. A view that walks paths itself answers it without walking again, so a view
     * stacked on it (mounts) does not walk every prefix twice.
     */
    default Optional<FileStat> lstatResolved(String resolved) throws FsException {
        return stat(resolved, false);
    }

    /** Opens a regular file for reading. */
    InputStream read(String path) throws FsException;

    /** Opens a regular file at an already-resolved path (as {@link #lstatResolved}) for reading. */
    default InputStream readResolved(String resolved) throws FsException {
        return read(resolved);
    }

    /** Opens a file for writing, creating it (mode 0644) if absent; truncates unless {@code append}. */
    OutputStream write(String path, boolean append) throws FsException;

    /** Names in a directory, sorted, without "." and "..". */
    List<String> list(String dir) throws FsException;

    /** Creates one directory (mode 0755); its parent must exist. */
    void mkdir(String path) throws FsException;

    /** Removes a file, a symlink or an empty directory. */
    void delete(String path) throws FsException;

    /** Creates a symlink at {@code path} pointing to {@code target} (stored as given). */
    void symlink(String path, String target) throws FsException;

    /** Renames within the view (replacing a file at {@code to}). */
    void rename(String from, String to) throws FsException;

    void chmod(String path, int mode) throws FsException;

    void chown(String path, int uid, int gid) throws FsException;

    void setModified(String path, Instant time) throws FsException;

    /** The canonical absolute path after following every symlink inside the view. */
    String realPath(String path) throws FsException;

    /** True when writes under {@code path} fail with EROFS. */
    default boolean isReadOnly(String path) {
        return false;
    }

    /** Reads a whole regular file. */
    default byte[] readAll(String path) throws FsException {
        try (InputStream in = read(path)) {
            return in.readAllBytes();
        } catch (FsException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new FsException(Errno.EINVAL, path);
        }
    }

    /** Writes a whole file, replacing its content. */
    default void writeAll(String path, byte[] content) throws FsException {
        try (OutputStream out = write(path, false)) {
            out.write(content);
        } catch (FsException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new FsException(Errno.EINVAL, path);
        }
    }

    /** True when something (following links) exists at the path. */
    default boolean exists(String path) {
        try {
            return stat(path, true).isPresent();
        } catch (FsException e) {
            return false;
        }
    }

    /** Creates a directory and any missing parents; an existing directory is fine. */
    default void mkdirs(String path) throws FsException {
        String p = Paths.normalize(path);
        if (p.equals("/")) {
            return;
        }
        Optional<FileStat> st = stat(p, true);
        if (st.isPresent()) {
            if (!st.get().isDirectory()) {
                throw new FsException(Errno.ENOTDIR, p);
            }
            return;
        }
        mkdirs(Paths.parent(p));
        mkdir(p);
    }
}
