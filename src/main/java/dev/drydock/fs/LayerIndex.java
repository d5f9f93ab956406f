package dev.drydock.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every entry of an immutable layer tree, by relative path ("etc/passwd"), with whether it is a directory.
 *
 * <p>Path lookups through a copy-on-write view probe each layer for each path component; on Jimfs a probe for a
 * missing file costs an exception, so immutable layers answer from this index instead. A container's own upper
 * layer has a {@link #tracking} index that its {@link OverlayFsView}, the layer's only writer, keeps current.
 */
public final class LayerIndex {
    private final Map<String, Boolean> entries;

    private LayerIndex(Map<String, Boolean> entries) {
        this.entries = entries;
    }

    /** Indexes a layer tree; the tree must not change afterwards. */
    public static LayerIndex of(Path root) {
        return new LayerIndex(walk(root, new HashMap<>()));
    }

    /**
     * Indexes a tree that will change only through the caller, which reports each entry it creates or removes
     * ({@link #added}, {@link #removed}); safe for concurrent use.
     */
    static LayerIndex tracking(Path root) {
        return new LayerIndex(walk(root, new ConcurrentHashMap<>()));
    }

    /** A tracking index of a new, empty tree. */
    static LayerIndex trackingEmpty() {
        return new LayerIndex(new ConcurrentHashMap<>());
    }

    private static Map<String, Boolean> walk(Path root, Map<String, Boolean> entries) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        entries.put(relative(root, dir), true);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    entries.put(relative(root, file), attrs.isDirectory());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** A tracked tree gained an entry (relative path as {@link #relative} gives it). */
    void added(String relative, boolean directory) {
        entries.put(relative, directory);
    }

    /** A tracked tree lost an entry (its children are reported one by one). */
    void removed(String relative) {
        entries.remove(relative);
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    /** Whether the layer holds this entry (a symlink counts as itself, never followed). */
    public boolean exists(String relative) {
        return entries.containsKey(relative);
    }

    /** Whether the entry is a real directory (not a symlink to one). */
    public boolean isDirectory(String relative) {
        return Boolean.TRUE.equals(entries.get(relative));
    }
}
