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

/**
 * Every entry of an immutable layer tree, by relative path ("etc/passwd"), with whether it is a directory.
 *
 * <p>Path lookups through a copy-on-write view probe each layer for each path component; on Jimfs a probe for a
 * missing file costs an exception, so immutable layers answer from this index instead.
 */
public final class LayerIndex {
    private final Map<String, Boolean> entries;

    private LayerIndex(Map<String, Boolean> entries) {
        this.entries = entries;
    }

    /** Indexes a layer tree; the tree must not change afterwards. */
    public static LayerIndex of(Path root) {
        Map<String, Boolean> entries = new HashMap<>();
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
        return new LayerIndex(entries);
    }

    private static String relative(Path root, Path p) {
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
