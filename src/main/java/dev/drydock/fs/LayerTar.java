package dev.drydock.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Layer tars: a tree written as a reproducible tar (sorted names, the tree's own times, numeric owners,
 * no user or group names), and a tar extracted safely into a directory.
 */
public final class LayerTar {
    private LayerTar() {
    }

    /** Writes the tree under {@code root} (not the root itself) as an uncompressed tar; does not close out. */
    public static void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = TarOut.open(out);
        writeChildren(root, "", tar);
        tar.finish();
        tar.close();
    }

    private static void writeChildren(Path dir, String prefix, TarArchiveOutputStream tar) throws IOException {
        for (Path child : sortedChildren(dir)) {
            String name = prefix + child.getFileName().toString();
            int[] own = Ownership.get(child);
            FileTime mtime = Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS);
            TarArchiveEntry e;
            boolean regular = false;
            if (Files.isSymbolicLink(child)) {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(child).toString());
                e.setMode(0120777);
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
                e.setMode(0040000 | own[0]);
            } else {
                e = new TarArchiveEntry(name);
                e.setMode(0100000 | own[0]);
                e.setSize(Files.size(child));
                regular = true;
            }
            e.setModTime(new Date(mtime.toMillis()));
            e.setIds(own[1], own[2]);
            e.setUserName("");
            e.setGroupName("");
            tar.putArchiveEntry(e);
            if (regular) {
                Files.copy(child, tar);
            }
            tar.closeArchiveEntry();
            if (!regular && e.isDirectory()) {
                writeChildren(child, name + "/", tar);
            }
        }
    }

    /** The children of a directory sorted by name, as tar and {@code ls} order them. */
    public static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return children;
    }

    /** The size a tree reports: the bytes of its regular files plus the length of its symlink targets. */
    public static long treeSize(Path root) throws IOException {
        long total = 0;
        for (Path child : sortedChildren(root)) {
            if (Files.isSymbolicLink(child)) {
                total += Files.readSymbolicLink(child).toString().length();
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                total += treeSize(child);
            } else {
                total += Files.size(child);
            }
        }
        return total;
    }

    /**
     * Extracts a tar into {@code dest} (an empty directory), refusing what could write outside it: names that
     * climb out with {@code ..} or are absolute, relative symlinks that point out, entries under a symlink,
     * hard links to outside, and more than {@code maxBytes} of content.
     *
     * @throws UnsafeArchiveException for an archive that is refused; the caller discards {@code dest}
     */
    /**
     * The next entry; after a complete one, an archive that simply stops (no padding, no end-of-archive blocks)
     * has ended: the docker CLI sends a build context with a {@code -f} Dockerfile from outside it that way, and the
     * daemon accepts it. A file cut short inside its content still fails where it is copied.
     */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, boolean afterEntry) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            if (afterEntry && "Truncated TAR archive".equals(e.getMessage())) {
                return null;
            }
            throw e;
        }
    }

    public static void extract(InputStream in, Path dest, long maxBytes) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new NonClosingIn(in));
        long total = 0;
        TarArchiveEntry e;
        List<Object[]> dirTimes = new ArrayList<>();
        boolean any = false;
        while ((e = nextEntry(tar, any)) != null) {
            any = true;
            String name = e.getName();
            String rel = relative(name);
            if (rel.isEmpty()) {
                continue;
            }
            Path target = dest.resolve(rel);
            checkParents(dest, rel, name);
            Files.createDirectories(target.getParent());
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectory(target);
                }
                dirTimes.add(new Object[] {target, e.getModTime()});
            } else if (e.isSymbolicLink()) {
                String link = e.getLinkName();
                if (escapes(Paths.parent("/" + rel), link)) {
                    throw new UnsafeArchiveException("invalid symlink \"" + "/" + rel + "\" -> \"" + link + "\"");
                }
                deleteAny(target);
                Files.createSymbolicLink(target, target.getFileSystem().getPath(link));
                Ownership.setTime(target, FileTime.fromMillis(e.getModTime().getTime()));
                total += link.length();
            } else if (e.isLink()) {
                String linkRel = relative(e.getLinkName());
                checkParents(dest, linkRel, e.getLinkName());
                Path source = dest.resolve(linkRel);
                if (linkRel.isEmpty() || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw new UnsafeArchiveException("invalid hardlink \"" + name + "\" -> \"" + e.getLinkName() + "\"");
                }
                deleteAny(target);
                Files.copy(source, target);
            } else if (e.isFile() && !e.isSymbolicLink() && !e.isLink()) {
                total += e.getSize();
                if (total > maxBytes) {
                    throw new UnsafeArchiveException("archive content exceeds the size limit of " + maxBytes + " bytes");
                }
                deleteAny(target);
                long copied = Files.copy(new Bounded(tar, maxBytes - (total - e.getSize())), target);
                if (copied != e.getSize()) {
                    throw new UnsafeArchiveException("unexpected EOF");
                }
            } else {
                // Devices, fifos: a simulated container has no use for them, and Docker's whiteout char devices
                // arrive as .wh. files in layer tars already.
                continue;
            }
            if (!e.isSymbolicLink()) {
                Ownership.set(target, e.getMode() & 07777, (int) e.getLongUserId(), (int) e.getLongGroupId());
                Files.setLastModifiedTime(target, FileTime.fromMillis(e.getModTime().getTime()));
            }
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            Files.setLastModifiedTime((Path) dirTimes.get(i)[0], FileTime.fromMillis(((Date) dirTimes.get(i)[1]).getTime()));
        }
    }

    /** The archive name as a path relative to the root; refuses absolute names and climbing out. */
    static String relative(String name) throws UnsafeArchiveException {
        if (name.startsWith("/")) {
            throw new UnsafeArchiveException("invalid absolute path \"" + name + "\" in archive");
        }
        String n = name;
        // ".." that climbs above the root is refused, not clamped.
        int depth = 0;
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    throw new UnsafeArchiveException("\"" + name + "\" is outside of the archive root");
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        String norm = Paths.normalize("/" + n);
        return norm.equals("/") ? "" : norm.substring(1);
    }

    private static boolean escapes(String dir, String link) {
        if (link.startsWith("/")) {
            return false;
        }
        int depth = dir.equals("/") ? 0 : dir.substring(1).split("/").length;
        for (String part : link.split("/")) {
            if (part.equals("..")) {
                depth--;
                if (depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /** Refuses an entry whose parent path goes through a symlink: writing there would land elsewhere. */
    private static void checkParents(Path dest, String rel, String name) throws UnsafeArchiveException {
        Path p = dest;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException("\"" + name + "\" is outside of the archive root (through a symlink)");
            }
        }
    }

    private static void deleteAny(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(p);
        } else {
            Files.deleteIfExists(p);
        }
    }

    /** Deletes a tree without following symlinks. */
    public static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            // In any order (every removed container deletes its layers: sorting names was most of the cost).
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                ds.forEach(children::add);
            }
            for (Path c : children) {
                deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    /** Copies a tree (files, directories, symlinks, modes, owners, times) into an existing directory. */
    public static void copyTree(Path from, Path to) throws IOException {
        for (Path child : sortedChildren(from)) {
            Path target = to.resolve(child.getFileName().toString());
            int[] own = Ownership.get(child);
            if (Files.isSymbolicLink(child)) {
                Files.createSymbolicLink(target, to.getFileSystem().getPath(Files.readSymbolicLink(child).toString()));
                Ownership.setTime(target, Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS));
                continue;
            }
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(target);
                copyTree(child, target);
            } else {
                Files.copy(child, target);
            }
            Ownership.set(target, own[0], own[1], own[2]);
            Files.setLastModifiedTime(target, Files.getLastModifiedTime(child, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** An archive refused as unsafe or malformed. */
    public static final class UnsafeArchiveException extends IOException {
        public UnsafeArchiveException(String message) {
            super(message);
        }
    }

    private static final class NonClosingIn extends java.io.FilterInputStream {
        NonClosingIn(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }

    /** Stops a copy that would pass the limit, so a lying header cannot write more than allowed. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new UnsafeArchiveException("archive content exceeds the size limit");
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                left -= n;
                if (left < 0) {
                    throw new UnsafeArchiveException("archive content exceeds the size limit");
                }
            }
            return n;
        }

        @Override
        public void close() {
            // The tar stream stays open for its next entry.
        }
    }
}
