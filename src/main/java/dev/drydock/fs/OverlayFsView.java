package dev.drydock.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A copy-on-write view: one writable upper directory over read-only layer directories, as overlayfs does.
 *
 * <p>Layers use the OCI conventions so a layer directory and its tar diff are the same thing: a file
 * {@code .wh.NAME} deletes NAME from the layers below, and {@code .wh..wh..opq} in a directory hides
 * everything below it. Reads fall through to the topmost layer holding a path; the first write copies it up.
 * Creating a view copies nothing.
 */
public final class OverlayFsView implements FsView {
    /** Whiteout prefix: {@code .wh.NAME} hides NAME in lower layers. */
    public static final String WHITEOUT = ".wh.";
    /** Opaque-directory marker: hides every lower layer's content of its directory. */
    public static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path upper;
    private final List<Path> layers;
    /**
     * Per layer (same order), the index of an immutable layer, or null to probe the filesystem; the upper's
     * (index 0) is a tracking index this view keeps current when it is the upper's only writer.
     */
    private final LayerIndex[] indexes;
    /** The image's layers below this view's own (the last of {@link #layers}), or null. */
    private final LayerStack stack;
    /** Where {@link #stack}'s layers begin in {@link #layers}. */
    private final int stackFrom;

    /**
     * @param upper  the writable directory (the container's own layer)
     * @param lowers the read-only layer directories, topmost first
     */
    public OverlayFsView(Path upper, List<Path> lowers) {
        this(upper, lowers, layer -> null);
    }

    /**
     * @param upper   the writable directory (the container's own layer)
     * @param lowers  the read-only layer directories, topmost first
     * @param indexes an index for each lower directory known to be immutable, or null for one that may change
     */
    public OverlayFsView(Path upper, List<Path> lowers, Function<Path, LayerIndex> indexes) {
        this(upper, lowers, indexes, false);
    }

    /**
     * A view that is the only writer of its upper directory (a container's own layer: nothing else changes that
     * tree): it indexes the upper directory and keeps the index as it writes, so path lookups answer from
     * memory instead of probing the filesystem, where each missing entry costs an exception on Jimfs.
     *
     * @param indexes an index for each lower directory known to be immutable, or null for one that may change
     */
    public static OverlayFsView soleWriter(Path upper, List<Path> lowers, Function<Path, LayerIndex> indexes) {
        return new OverlayFsView(upper, lowers, indexes, true, false, null);
    }

    /**
     * {@link #soleWriter} for a new, empty upper directory (nothing to index) over {@code lowers} followed by an
     * image's {@code stack}, whose lookups every view over the same stack shares.
     *
     * @param lowers  this view's own read-only layers above the image (the init layer), topmost first
     * @param indexes an index for each of {@code lowers} that is immutable, or null for one that may change
     */
    public static OverlayFsView soleWriterOfNew(Path upper, List<Path> lowers, Function<Path, LayerIndex> indexes,
                                                LayerStack stack) {
        List<Path> all = new ArrayList<>(lowers);
        all.addAll(stack.layers());
        return new OverlayFsView(upper, all, indexes, true, true, stack);
    }

    private OverlayFsView(Path upper, List<Path> lowers, Function<Path, LayerIndex> indexes, boolean trackUpper) {
        this(upper, lowers, indexes, trackUpper, false, null);
    }

    private OverlayFsView(Path upper, List<Path> lowers, Function<Path, LayerIndex> indexes, boolean trackUpper,
                          boolean upperEmpty, LayerStack stack) {
        this.upper = upper;
        List<Path> all = new ArrayList<>();
        all.add(upper);
        all.addAll(lowers);
        this.layers = List.copyOf(all);
        this.stack = stack;
        this.stackFrom = stack == null ? layers.size() : layers.size() - stack.layers().size();
        LayerIndex[] idx = new LayerIndex[layers.size()];
        for (int i = 1; i < idx.length; i++) {
            idx[i] = i >= stackFrom ? stack.index(i - stackFrom) : indexes.apply(layers.get(i));
        }
        idx[0] = !trackUpper ? null : upperEmpty ? LayerIndex.trackingEmpty() : LayerIndex.tracking(upper);
        this.indexes = idx;
    }

    /** The upper directory gained an entry: keep its index (when this view tracks one) current. */
    private void added(Path inUpper, boolean directory) {
        if (indexes[0] != null) {
            indexes[0].added(LayerIndex.relative(upper, inUpper), directory);
        }
    }

    /** The upper directory lost an entry. */
    private void removed(Path inUpper) {
        if (indexes[0] != null) {
            indexes[0].removed(LayerIndex.relative(upper, inUpper));
        }
    }

    /** Whether an entry exists in the upper directory (from its index when tracked). */
    private boolean inUpper(Path inUpper) {
        return indexes[0] != null ? indexes[0].exists(LayerIndex.relative(upper, inUpper))
                : Files.exists(inUpper, NOFOLLOW);
    }

    /** The writable directory: what this view changed, as an OCI layer tree (for diff, commit and export). */
    public Path upper() {
        return upper;
    }

    /** The read-only layer directories, topmost first (what {@code docker diff} compares the upper one with). */
    public List<Path> lowers() {
        return layers.subList(1, layers.size());
    }

    /** The topmost visible host path of a resolved container path, or null when the merged view lacks it. */
    private Path locate(String resolved) {
        List<String> parts = PathResolver.split(resolved);
        if (parts.isEmpty()) {
            return upper;
        }
        Path p = locate(parts, layers, indexes, 0, stack == null ? layers.size() : stackFrom);
        if (p == null && stack != null) {
            p = stack.locate(resolved, parts);
        }
        return p == LayerStack.ABSENT ? null : p;
    }

    /**
     * Looks a resolved path (as components, at least one) up in {@code layers[from..to)}: the topmost host path
     * holding it, {@link LayerStack#ABSENT} when one of those layers hides it (a whiteout, an opaque directory,
     * a non-directory in its prefix), or null when none of them holds or hides it (the layers below decide).
     */
    static Path locate(List<String> parts, List<Path> layers, LayerIndex[] indexes, int from, int to) {
        for (int l = from; l < to; l++) {
            Path layer = layers.get(l);
            LayerIndex index = indexes[l];
            String dir = "";
            boolean opaqueAbove = false;
            boolean inLayer = true;
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.get(i);
                String child = dir.isEmpty() ? name : dir + "/" + name;
                if (exists(layer, index, dir.isEmpty() ? WHITEOUT + name : dir + "/" + WHITEOUT + name)) {
                    return LayerStack.ABSENT;
                }
                if (!exists(layer, index, child)) {
                    inLayer = false;
                    break;
                }
                if (i == parts.size() - 1) {
                    return layer.resolve(child);
                }
                if (!isDirectory(layer, index, child)) {
                    return LayerStack.ABSENT;
                }
                if (exists(layer, index, child + "/" + OPAQUE)) {
                    opaqueAbove = true;
                }
                dir = child;
            }
            if (!inLayer && opaqueAbove) {
                return LayerStack.ABSENT;
            }
        }
        return null;
    }

    private static boolean exists(Path layer, LayerIndex index, String relative) {
        return index != null ? index.exists(relative) : Files.exists(layer.resolve(relative), NOFOLLOW);
    }

    private static boolean isDirectory(Path layer, LayerIndex index, String relative) {
        return index != null ? index.isDirectory(relative) : Files.isDirectory(layer.resolve(relative), NOFOLLOW);
    }

    @Override
    public Optional<FileStat> lstatResolved(String resolved) throws FsException {
        return lstat(resolved);
    }

    private Optional<FileStat> lstat(String resolved) throws FsException {
        List<String> parts = PathResolver.split(resolved);
        Path p = parts.isEmpty() ? upper : locate(parts, layers, indexes, 0, stack == null ? layers.size() : stackFrom);
        if (p == null && stack != null) {
            // Neither this view's own layers nor the init layer hold or hide it: the image's (shared) answer.
            return stack.lstat(resolved, parts);
        }
        return p == null || p == LayerStack.ABSENT ? Optional.empty() : Optional.of(PathFsView.statHost(p, resolved));
    }

    private String resolve(String path, boolean followLast, boolean mustExist) throws FsException {
        return PathResolver.resolve(path, followLast, mustExist, this::lstat);
    }

    private Path upperPath(String resolved) {
        Path p = upper;
        for (String s : PathResolver.split(resolved)) {
            p = p.resolve(s);
        }
        return p;
    }

    private static boolean isUpper(Path located, Path upperPath) {
        return located != null && located.equals(upperPath);
    }

    /** Makes the entry at a resolved path exist in the upper layer (directories empty, files with content). */
    private Path copyUp(String resolved, boolean withContent) throws FsException {
        Path target = upperPath(resolved);
        Path located = locate(resolved);
        if (located == null) {
            throw new FsException(Errno.ENOENT, resolved);
        }
        if (isUpper(located, target)) {
            return target;
        }
        if (!resolved.equals("/")) {
            copyUp(Paths.parent(resolved), false);
        }
        try {
            FileStat st = PathFsView.statHost(located, resolved);
            switch (st.type()) {
                case DIRECTORY -> Files.createDirectory(target);
                case SYMLINK -> Files.createSymbolicLink(target, Files.readSymbolicLink(located));
                default -> {
                    if (withContent) {
                        Files.copy(located, target, NOFOLLOW);
                    } else {
                        Files.createFile(target);
                    }
                }
            }
            added(target, st.isDirectory());
            if (!st.isSymlink()) {
                PathFsView.setPermissions(target, st.mode());
                copyOwner(located, target);
                Files.setLastModifiedTime(target, FileTime.from(st.modified()));
            }
            return target;
        } catch (IOException e) {
            throw PathFsView.map(e, resolved);
        }
    }

    private static void copyOwner(Path from, Path to) {
        try {
            Files.setOwner(to, Files.getOwner(from, NOFOLLOW));
            Files.setAttribute(to, "posix:group", Files.getAttribute(from, "posix:group", NOFOLLOW), NOFOLLOW);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // Ownership is best effort across filesystems: the content and mode are what matter.
        }
    }

    /** Prepares the upper layer to create a new entry at a resolved path: parent copied up, whiteout cleared. */
    private Path prepareCreate(String resolved) throws FsException {
        String parent = Paths.parent(resolved);
        Optional<FileStat> ps = lstat(parent);
        if (ps.isEmpty()) {
            throw new FsException(Errno.ENOENT, resolved);
        }
        if (!ps.get().isDirectory()) {
            throw new FsException(Errno.ENOTDIR, resolved);
        }
        Path upperParent = copyUp(parent, false);
        Path whiteout = upperParent.resolve(WHITEOUT + Paths.name(resolved));
        try {
            if (inUpper(whiteout)) {
                Files.deleteIfExists(whiteout);
                removed(whiteout);
            }
        } catch (IOException e) {
            throw PathFsView.map(e, resolved);
        }
        return upperParent.resolve(Paths.name(resolved));
    }

    @Override
    public Optional<FileStat> stat(String path, boolean followLinks) throws FsException {
        try {
            return lstat(resolve(path, followLinks, true));
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public InputStream read(String path) throws FsException {
        return open(resolve(path, true, true), path);
    }

    @Override
    public InputStream readResolved(String resolved) throws FsException {
        return open(resolved, resolved);
    }

    private InputStream open(String resolved, String path) throws FsException {
        Path p = locate(resolved);
        if (p == null) {
            throw new FsException(Errno.ENOENT, path);
        }
        if (Files.isDirectory(p, NOFOLLOW)) {
            throw new FsException(Errno.EISDIR, path);
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public OutputStream write(String path, boolean append) throws FsException {
        String resolved = resolve(path, true, false);
        Optional<FileStat> st = lstat(resolved);
        try {
            Path target;
            if (st.isPresent()) {
                if (st.get().isDirectory()) {
                    throw new FsException(Errno.EISDIR, path);
                }
                target = copyUp(resolved, append);
                return Files.newOutputStream(target, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            }
            target = prepareCreate(resolved);
            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            added(target, false);
            PathFsView.setPermissions(target, 0644);
            return out;
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public List<String> list(String dir) throws FsException {
        String resolved = resolve(dir, true, true);
        Optional<FileStat> st = lstat(resolved);
        if (st.isEmpty()) {
            throw new FsException(Errno.ENOENT, dir);
        }
        if (!st.get().isDirectory()) {
            throw new FsException(Errno.ENOTDIR, dir);
        }
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> hidden = new TreeSet<>();
        List<String> parts = PathResolver.split(resolved);
        for (int l = 0; l < layers.size(); l++) {
            Path layer = layers.get(l);
            LayerIndex index = indexes[l];
            Path d = layer;
            String rel = "";
            boolean visible = true;
            boolean stop = false;
            for (String name : parts) {
                if (exists(layer, index, rel.isEmpty() ? WHITEOUT + name : rel + "/" + WHITEOUT + name)) {
                    stop = true;
                    break;
                }
                d = d.resolve(name);
                rel = rel.isEmpty() ? name : rel + "/" + name;
                if (!exists(layer, index, rel)) {
                    visible = false;
                    break;
                }
                if (!isDirectory(layer, index, rel)) {
                    stop = true;
                    break;
                }
            }
            if (stop) {
                break;
            }
            if (!visible) {
                if (anyOpaquePrefix(layer, index, parts)) {
                    break;
                }
                continue;
            }
            try (Stream<Path> s = Files.list(d)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    String n = c.getFileName().toString();
                    if (n.equals(OPAQUE)) {
                        continue;
                    }
                    if (n.startsWith(WHITEOUT)) {
                        hidden.add(n.substring(WHITEOUT.length()));
                    } else if (!hidden.contains(n)) {
                        names.add(n);
                    }
                }
            } catch (IOException e) {
                throw PathFsView.map(e, dir);
            }
            if (exists(layer, index, rel.isEmpty() ? OPAQUE : rel + "/" + OPAQUE)
                    || anyOpaquePrefix(layer, index, parts)) {
                break;
            }
        }
        return new ArrayList<>(names);
    }

    /** True when a directory on the path (below the root) is opaque in this layer: lower layers are hidden. */
    private static boolean anyOpaquePrefix(Path layer, LayerIndex index, List<String> parts) {
        String rel = "";
        for (String name : parts) {
            rel = rel.isEmpty() ? name : rel + "/" + name;
            if (!isDirectory(layer, index, rel)) {
                return false;
            }
            if (exists(layer, index, rel + "/" + OPAQUE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void mkdir(String path) throws FsException {
        String resolved = resolve(path, false, false);
        if (lstat(resolved).isPresent()) {
            throw new FsException(Errno.EEXIST, path);
        }
        String parent = Paths.parent(resolved);
        boolean replacesDeleted = lstat(parent).isPresent()
                && inUpper(upperPath(parent).resolve(WHITEOUT + Paths.name(resolved)));
        Path target = prepareCreate(resolved);
        try {
            Files.createDirectory(target);
            added(target, true);
            PathFsView.setPermissions(target, 0755);
            if (replacesDeleted) {
                // A directory deleted and made again must not show the old lower content.
                Files.createFile(target.resolve(OPAQUE));
                added(target.resolve(OPAQUE), false);
            }
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public void delete(String path) throws FsException {
        String resolved = resolve(path, false, true);
        if (resolved.equals("/")) {
            throw new FsException(Errno.EBUSY, path);
        }
        FileStat st = lstat(resolved).orElseThrow(() -> new FsException(Errno.ENOENT, path));
        if (st.isDirectory() && !list(resolved).isEmpty()) {
            throw new FsException(Errno.ENOTEMPTY, path);
        }
        Path inUpper = upperPath(resolved);
        try {
            if (inUpper(inUpper)) {
                deleteHostTree(inUpper);
            }
            if (lstat(resolved).isPresent()) {
                Path upperParent = copyUp(Paths.parent(resolved), false);
                Path whiteout = upperParent.resolve(WHITEOUT + Paths.name(resolved));
                Files.createFile(whiteout);
                added(whiteout, false);
            }
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    private void deleteHostTree(Path p) throws IOException {
        if (Files.isDirectory(p, NOFOLLOW)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) {
                    deleteHostTree(c);
                }
            }
        }
        Files.delete(p);
        removed(p);
    }

    @Override
    public void symlink(String path, String target) throws FsException {
        String resolved = resolve(path, false, false);
        if (lstat(resolved).isPresent()) {
            throw new FsException(Errno.EEXIST, path);
        }
        Path p = prepareCreate(resolved);
        try {
            Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
            added(p, false);
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public void rename(String from, String to) throws FsException {
        String src = resolve(from, false, true);
        String dst = resolve(to, false, false);
        if (src.equals(dst)) {
            return;
        }
        if (Paths.isUnder(dst, src)) {
            throw new FsException(Errno.EINVAL, to);
        }
        FileStat st = lstat(src).orElseThrow(() -> new FsException(Errno.ENOENT, from));
        Optional<FileStat> existing = lstat(dst);
        if (existing.isPresent()) {
            if (existing.get().isDirectory() && !st.isDirectory()) {
                throw new FsException(Errno.EISDIR, to);
            }
            if (!existing.get().isDirectory() && st.isDirectory()) {
                throw new FsException(Errno.ENOTDIR, to);
            }
            delete(dst);
        }
        copyTree(src, dst, st);
        deleteTree(src);
    }

    private void copyTree(String src, String dst, FileStat st) throws FsException {
        switch (st.type()) {
            case DIRECTORY -> {
                mkdir(dst);
                for (String name : list(src)) {
                    String child = src.equals("/") ? "/" + name : src + "/" + name;
                    copyTree(child, dst + "/" + name, lstat(child).orElseThrow());
                }
            }
            case SYMLINK -> symlink(dst, st.linkTarget());
            default -> {
                try (InputStream in = Files.newInputStream(locate(src)); OutputStream out = write(dst, false)) {
                    in.transferTo(out);
                } catch (IOException e) {
                    throw PathFsView.map(e, dst);
                }
            }
        }
        if (!st.isSymlink()) {
            chmod(dst, st.mode());
            chown(dst, st.uid(), st.gid());
            setModified(dst, st.modified());
        }
    }

    private void deleteTree(String path) throws FsException {
        FileStat st = lstat(path).orElseThrow(() -> new FsException(Errno.ENOENT, path));
        if (st.isDirectory()) {
            for (String name : list(path)) {
                deleteTree(path + "/" + name);
            }
        }
        delete(path);
    }

    @Override
    public void chmod(String path, int mode) throws FsException {
        Path p = copyUp(resolve(path, true, true), true);
        try {
            PathFsView.setPermissions(p, mode);
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public void chown(String path, int uid, int gid) throws FsException {
        String resolved = resolve(path, false, true);
        copyUp(resolved, true);
        new PathFsView(upper).chown(resolved, uid, gid);
    }

    @Override
    public void setModified(String path, Instant time) throws FsException {
        Path p = copyUp(resolve(path, true, true), true);
        try {
            Files.setLastModifiedTime(p, FileTime.from(time));
        } catch (IOException e) {
            throw PathFsView.map(e, path);
        }
    }

    @Override
    public String realPath(String path) throws FsException {
        return resolve(path, true, true);
    }
}
