package dev.drydock.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable description of a file tree (directories, files, symlinks with modes and owners) that can be
 * written into any directory. Catalog layers are tables of these entries, materialized once per engine.
 */
public final class TreeSpec {
    /** The content every simulated executable starts with, followed by {@code drydock-program: NAME\n}. */
    public static final String PROGRAM_MAGIC = "\u007FELF\ndrydock-program: ";

    /** One entry: kind 'd' directory, 'f' file, 'l' symlink. */
    public record Entry(char kind, String path, byte[] content, String target, int mode, int uid, int gid) {
    }

    private final List<Entry> entries;
    private final Instant mtime;

    private TreeSpec(List<Entry> entries, Instant mtime) {
        this.entries = Collections.unmodifiableList(entries);
        this.mtime = mtime;
    }

    /** A new builder; every entry gets modification time {@code mtime}, so the tree's tar is reproducible. */
    public static Builder builder(Instant mtime) {
        return new Builder(mtime);
    }

    public List<Entry> entries() {
        return entries;
    }

    public Instant mtime() {
        return mtime;
    }

    /** The content of a simulated executable that runs built-in program {@code name}. */
    public static byte[] program(String name) {
        return (PROGRAM_MAGIC + name + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the tree under {@code root} (which must exist); parents are created as 0755 root directories. */
    public void writeTo(Path root) throws IOException {
        FileTime time = FileTime.from(mtime);
        List<Path> dirs = new ArrayList<>();
        for (Entry e : entries) {
            Path p = root.resolve(e.path().substring(1));
            mkdirs(p.getParent(), root, dirs);
            switch (e.kind()) {
                case 'd' -> {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(p);
                    }
                    dirs.add(p);
                }
                case 'l' -> {
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, p.getFileSystem().getPath(e.target()));
                }
                default -> Files.write(p, e.content());
            }
            Ownership.set(p, e.mode(), e.uid(), e.gid());
            Ownership.setTime(p, time);
        }
        // Directory times last: creating children touched them.
        for (Path d : dirs) {
            Ownership.setTime(d, time);
        }
    }

    private static void mkdirs(Path dir, Path root, List<Path> dirs) throws IOException {
        if (dir == null || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        mkdirs(dir.getParent(), root, dirs);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException ignored) {
            return;
        }
        Ownership.set(dir, 0755, 0, 0);
        dirs.add(dir);
    }

    /** Builds a {@link TreeSpec}; later entries for the same path replace earlier ones when written. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final Instant mtime;

        private Builder(Instant mtime) {
            this.mtime = mtime;
        }

        public Builder dir(String path) {
            return dir(path, 0755, 0, 0);
        }

        public Builder dir(String path, int mode, int uid, int gid) {
            entries.add(new Entry('d', Paths.normalize(path), null, null, mode, uid, gid));
            return this;
        }

        public Builder file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        public Builder file(String path, String content, int mode) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        public Builder file(String path, byte[] content, int mode) {
            return file(path, content, mode, 0, 0);
        }

        public Builder file(String path, byte[] content, int mode, int uid, int gid) {
            entries.add(new Entry('f', Paths.normalize(path), content.clone(), null, mode, uid, gid));
            return this;
        }

        /** A simulated executable (mode 0755) running built-in program {@code program}. */
        public Builder program(String path, String program) {
            return file(path, TreeSpec.program(program), 0755);
        }

        public Builder symlink(String path, String target) {
            entries.add(new Entry('l', Paths.normalize(path), null, target, 0777, 0, 0));
            return this;
        }

        /** Adds every entry of another spec. */
        public Builder include(TreeSpec other) {
            entries.addAll(other.entries);
            return this;
        }

        public TreeSpec build() {
            return new TreeSpec(new ArrayList<>(entries), mtime);
        }
    }
}
