package dev.drydock.fs;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Whole-tree operations between views. */
public final class FsTrees {
    private FsTrees() {
    }

    /**
     * Copies the content of directory {@code from} in {@code src} into the existing directory {@code to} of
     * {@code dst}: files, directories and symlinks with their modes, owners and times; the target directory takes
     * the source directory's mode and owner, as the daemon does when it fills a new volume from the image.
     */
    public static void copyInto(FsView src, String from, FsView dst, String to) throws FsException {
        Optional<FileStat> top = src.stat(from, true);
        if (top.isEmpty() || !top.get().isDirectory()) {
            return;
        }
        String realFrom = src.realPath(from);
        copyChildren(src, realFrom, dst, to);
        FileStat st = top.get();
        dst.chmod(to, st.mode());
        dst.chown(to, st.uid(), st.gid());
    }

    private static void copyChildren(FsView src, String from, FsView dst, String to) throws FsException {
        for (String name : src.list(from)) {
            String s = join(from, name);
            String d = join(to, name);
            FileStat st = src.stat(s, false).orElse(null);
            if (st == null) {
                continue;
            }
            switch (st.type()) {
                case DIRECTORY -> {
                    dst.mkdir(d);
                    copyChildren(src, s, dst, d);
                    dst.chmod(d, st.mode());
                }
                case SYMLINK -> dst.symlink(d, st.linkTarget());
                case FILE -> {
                    try (InputStream in = src.read(s); OutputStream out = dst.write(d, false)) {
                        in.transferTo(out);
                    } catch (FsException e) {
                        throw e;
                    } catch (java.io.IOException e) {
                        throw new FsException(Errno.EINVAL, d);
                    }
                    dst.chmod(d, st.mode());
                }
                default -> {
                    continue;
                }
            }
            dst.chown(d, st.uid(), st.gid());
            if (st.type() != FileStat.Type.SYMLINK) {
                dst.setModified(d, st.modified());
            }
        }
    }

    /** True when the directory has no entries (or does not exist). */
    public static boolean isEmptyDir(FsView view, String dir) {
        try {
            return view.list(dir).isEmpty();
        } catch (FsException e) {
            return true;
        }
    }

    private static String join(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
