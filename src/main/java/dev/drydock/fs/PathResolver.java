package dev.drydock.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a container path component by component, following symlinks the way the kernel's path walk does
 * with the view's root as "/": shared by the views that cannot lean on a single host directory.
 */
final class PathResolver {
    private static final int MAX_LINKS = 40;

    /** Stats an already-resolved path (no symlinks in its prefix) without following a final symlink. */
    @FunctionalInterface
    interface Lstat {
        Optional<FileStat> lstat(String resolved) throws FsException;
    }

    private PathResolver() {
    }

    /**
     * The resolved absolute path.
     *
     * @param followLast whether a final symlink is followed
     * @param mustExist  whether a missing final component fails with ENOENT (missing intermediates always do)
     */
    static String resolve(String path, boolean followLast, boolean mustExist, Lstat lstat) throws FsException {
        List<String> done = new ArrayList<>();
        List<String> todo = split(path);
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.remove(0);
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(part);
            boolean last = todo.isEmpty();
            String current = join(done);
            Optional<FileStat> st = lstat.lstat(current);
            if (st.isEmpty()) {
                if (!last || mustExist) {
                    throw new FsException(Errno.ENOENT, path);
                }
                continue;
            }
            FileStat s = st.get();
            if (s.isSymlink() && (!last || followLast)) {
                if (++links > MAX_LINKS) {
                    throw new FsException(Errno.ELOOP, path);
                }
                done.remove(done.size() - 1);
                List<String> expanded = split(s.linkTarget());
                expanded.addAll(todo);
                todo = expanded;
                if (s.linkTarget().startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            if (!last && !s.isDirectory()) {
                throw new FsException(Errno.ENOTDIR, path);
            }
        }
        return join(done);
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }

    static String join(List<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
}
