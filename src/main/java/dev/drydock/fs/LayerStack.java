package dev.drydock.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An image's immutable layers, topmost first, with their path lookups remembered: every container of the image
 * shares one, so what one container's PATH search or {@code /etc/passwd} read resolved through the image costs
 * the next container a map lookup instead of a probe of every layer for every path component.
 *
 * <p>Only stored layers (each with a {@link LayerIndex}) form a stack; they never change while an image uses
 * them, so neither does any answer. A view puts its own writable layers above the stack and asks the stack only
 * for paths those layers neither hold nor hide.
 */
public final class LayerStack {
    /** Remembered answers per stack: enough for what programs look up, bounded against a path-probing loop. */
    private static final int MAX_REMEMBERED = 4096;
    /** A path hidden by a whiteout, an opaque directory or a non-directory in its prefix. */
    static final Path ABSENT = Path.of("drydock-absent");

    private final List<Path> layers;
    private final LayerIndex[] indexes;
    private final Map<String, Path> located = new ConcurrentHashMap<>();
    private final Map<String, Optional<FileStat>> stats = new ConcurrentHashMap<>();

    LayerStack(List<Path> layers, LayerIndex[] indexes) {
        this.layers = List.copyOf(layers);
        this.indexes = indexes.clone();
    }

    /** The layer directories, topmost first. */
    public List<Path> layers() {
        return layers;
    }

    LayerIndex index(int i) {
        return indexes[i];
    }

    boolean contains(Path root) {
        return layers.contains(root);
    }

    /** The topmost visible host path of a resolved path in these layers, or {@link #ABSENT}. */
    Path locate(String resolved, List<String> parts) {
        Path p = located.get(resolved);
        if (p == null) {
            p = OverlayFsView.locate(parts, layers, indexes, 0, layers.size());
            if (p == null) {
                p = ABSENT;
            }
            if (located.size() < MAX_REMEMBERED) {
                located.put(resolved, p);
            }
        }
        return p;
    }

    /** The stat of a resolved path in these layers (a final symlink itself), empty when absent. */
    Optional<FileStat> lstat(String resolved, List<String> parts) throws FsException {
        Optional<FileStat> st = stats.get(resolved);
        if (st == null) {
            Path p = locate(resolved, parts);
            st = p == ABSENT ? Optional.empty() : Optional.of(PathFsView.statHost(p, resolved));
            if (stats.size() < MAX_REMEMBERED) {
                stats.put(resolved, st);
            }
        }
        return st;
    }
}
