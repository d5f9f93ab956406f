package dev.drydock.fs;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Tar streams in and out of an {@link FsView}, as {@code docker cp}, {@code docker export} and the archive routes
 * move them: everything goes through the view, so mounts are honoured and nothing leaves the container's root.
 */
public final class FsTar {
    private FsTar() {
    }

    /** One entry read from a client's tar, held until the whole archive is checked. */
    public record Entry(String name, FileStat.Type type, int mode, int uid, int gid, Instant modified, String link,
                        byte[] data) {
    }

    /** A tar the client sent cannot be extracted; nothing was written. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Writes {@code path} (a file, a symlink, or a directory with everything under it) as entries named from
     * {@code name} ({@code "."} gives {@code ./x} entries for a directory's content).
     */
    public static void write(FsView fs, String path, String name, OutputStream out) throws IOException, FsException {
        TarArchiveOutputStream tar = TarOut.open(out);
        writeTree(fs, path, name, tar);
        tar.finish();
        tar.close();
    }

    /** Writes the children of a directory (not the directory itself) with names relative to it (export). */
    public static void writeContents(FsView fs, String dir, OutputStream out) throws IOException, FsException {
        TarArchiveOutputStream tar = TarOut.open(out);
        for (String child : sorted(fs.list(dir))) {
            writeTree(fs, Paths.resolve(dir, child), child, tar);
        }
        tar.finish();
        tar.close();
    }

    private static List<String> sorted(List<String> names) {
        List<String> l = new ArrayList<>(names);
        l.sort(null);
        return l;
    }

    private static void writeTree(FsView fs, String path, String name, TarArchiveOutputStream tar)
            throws IOException, FsException {
        Optional<FileStat> st = fs.stat(path, false);
        if (st.isEmpty()) {
            return;
        }
        FileStat s = st.get();
        TarArchiveEntry e;
        switch (s.type()) {
            case SYMLINK -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(s.linkTarget());
                e.setMode(0120777);
            }
            case DIRECTORY -> {
                e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
                e.setMode(0040000 | (s.mode() & 07777));
            }
            case FILE -> {
                e = new TarArchiveEntry(name);
                e.setMode(0100000 | (s.mode() & 07777));
                e.setSize(s.size());
            }
            default -> {
                return;
            }
        }
        e.setModTime(Date.from(s.modified()));
        e.setIds(s.uid(), s.gid());
        e.setUserName("");
        e.setGroupName("");
        tar.putArchiveEntry(e);
        if (s.type() == FileStat.Type.FILE) {
            try (InputStream in = fs.read(path)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
        if (s.type() == FileStat.Type.DIRECTORY) {
            String prefix = name.endsWith("/") ? name : name + "/";
            for (String child : sorted(fs.list(path))) {
                writeTree(fs, Paths.resolve(path, child), prefix + child, tar);
            }
        }
    }

    /** Reads a whole tar into memory (at most {@code maxBytes} of content) so it can be checked before writing. */
    public static List<Entry> read(InputStream in, long maxBytes) throws IOException, RefusedException {
        List<Entry> out = new ArrayList<>();
        long total = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            FileStat.Type type;
            byte[] data = new byte[0];
            if (e.isSymbolicLink()) {
                type = FileStat.Type.SYMLINK;
            } else if (e.isDirectory()) {
                type = FileStat.Type.DIRECTORY;
            } else if (e.isFile()) {
                type = FileStat.Type.FILE;
                total += e.getSize();
                if (total > maxBytes) {
                    throw new RefusedException("archive too large");
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(e.getSize(), 1 << 20));
                tar.transferTo(buf);
                data = buf.toByteArray();
            } else {
                continue;
            }
            out.add(new Entry(e.getName(), type, e.getMode() & 07777, (int) e.getLongUserId(),
                    (int) e.getLongGroupId(), e.getModTime().toInstant(), e.getLinkName(), data));
        }
        return out;
    }

    /**
     * Extracts checked entries under {@code dest}: every name must stay under it ({@code ../} refused with the
     * daemon's text, a leading {@code /} taken as relative, as the daemon does); all are checked before any write.
     *
     * @param noOverwriteDirNonDir refuse to replace a directory with a non-directory or the reverse
     * @param copyUidGid           keep the entries' owners (otherwise root, as the daemon's default)
     */
    public static void extract(FsView fs, String dest, List<Entry> entries, boolean noOverwriteDirNonDir,
                               boolean copyUidGid) throws FsException, RefusedException {
        List<String> targets = new ArrayList<>();
        for (Entry e : entries) {
            String rel = e.name();
            while (rel.startsWith("/")) {
                rel = rel.substring(1);
            }
            String joined = Paths.normalize(dest + "/" + rel);
            if (!Paths.isUnder(joined, dest) || normalizedEscapes(rel)) {
                throw new RefusedException("Error processing tar file(exit status 1): \"" + e.name()
                        + "\" is outside of \"" + dest + "\"");
            }
            targets.add(joined);
        }
        if (noOverwriteDirNonDir) {
            for (int i = 0; i < entries.size(); i++) {
                Optional<FileStat> existing = fs.stat(targets.get(i), false);
                boolean dir = entries.get(i).type() == FileStat.Type.DIRECTORY;
                if (existing.isPresent() && existing.get().isDirectory() != dir) {
                    throw new RefusedException("Error processing tar file(exit status 1): cannot overwrite "
                            + (dir ? "non-directory \"" : "directory \"") + targets.get(i) + "\" with "
                            + (dir ? "directory \"" : "non-directory \"") + entries.get(i).name() + "\"");
                }
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String t = targets.get(i);
            if (t.equals(dest) && e.type() == FileStat.Type.DIRECTORY) {
                continue;
            }
            fs.mkdirs(Paths.parent(t));
            Optional<FileStat> existing = fs.stat(t, false);
            if (existing.isPresent() && !(existing.get().isDirectory() && e.type() == FileStat.Type.DIRECTORY)) {
                fs.delete(t);
            }
            switch (e.type()) {
                case DIRECTORY -> {
                    if (existing.isEmpty() || !existing.get().isDirectory()) {
                        fs.mkdir(t);
                    }
                }
                case SYMLINK -> fs.symlink(t, e.link());
                default -> fs.writeAll(t, e.data());
            }
            if (e.type() != FileStat.Type.SYMLINK) {
                fs.chmod(t, e.mode());
                if (copyUidGid) {
                    fs.chown(t, e.uid(), e.gid());
                }
                fs.setModified(t, e.modified());
            }
        }
    }

    private static boolean normalizedEscapes(String rel) {
        int depth = 0;
        for (String part : rel.split("/")) {
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
}
