package dev.drydock.engine.wiring;

import dev.drydock.engine.containers.ImageInfo;
import dev.drydock.engine.containers.RootFsFactory;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.LayerIndex;
import dev.drydock.fs.LayerStack;
import dev.drydock.fs.LayerStore;
import dev.drydock.fs.LayerTar;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.fs.Ownership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container root filesystems as the daemon's overlay2 builds them, in the layer store's Jimfs: the container's
 * upper directory over an "init" layer (the files the daemon manages: hosts, resolv.conf, hostname) over the
 * image's layers. Nothing of the image is copied; {@code docker diff} and commit see only the upper directory.
 */
public final class LayeredRootFs implements RootFsFactory {
    private static final List<String> MANAGED = List.of("/etc/hosts", "/etc/resolv.conf", "/etc/hostname");

    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(Ownership.permissions(0755));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(Ownership.permissions(0644));

    private final LayerStore layers;
    private final Map<String, Dirs> dirs = new ConcurrentHashMap<>();
    /** Every init layer holds the same entries (only the managed files' content differs): one index for all. */
    private volatile LayerIndex initIndex;

    private record Dirs(Path upper, Path init) {
    }

    public LayeredRootFs(LayerStore layers) {
        this.layers = layers;
    }

    @Override
    public FsView create(String containerId, ImageInfo image) {
        try {
            Path upper = layers.newScratchDir("ctr-");
            Path init = layers.newScratchDir("init-");
            // Docker's init layer: the mount points of what the daemon manages, empty until a start fills them.
            // Created with their modes (root owns what Jimfs creates): a separate chmod per entry cost as much again.
            for (String d : List.of("etc", "dev", "proc", "sys")) {
                Files.createDirectory(init.resolve(d), DIR_MODE);
            }
            for (String p : MANAGED) {
                Files.createFile(init.resolve(p.substring(1)), FILE_MODE);
            }
            List<Path> imageLayers = new ArrayList<>();
            if (image != null) {
                imageLayers.addAll(image.layers());
                java.util.Collections.reverse(imageLayers);
            }
            dirs.put(containerId, new Dirs(upper, init));
            LayerIndex initEntries = initIndex;
            if (initEntries == null) {
                initEntries = LayerIndex.of(init);
                initIndex = initEntries;
            }
            LayerIndex ii = initEntries;
            // The image's layers answer lookups once for all its containers (they never change).
            LayerStack stack = layers.stack(imageLayers);
            if (stack != null) {
                return OverlayFsView.soleWriterOfNew(upper, List.of(init), p -> ii, stack);
            }
            List<Path> lowers = new ArrayList<>();
            lowers.add(init);
            lowers.addAll(imageLayers);
            // The view is the upper's only writer; the init layer's entries never change after this point.
            return OverlayFsView.soleWriter(upper, lowers, p -> p.equals(init) ? ii : layers.index(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeManaged(String containerId, FsView fs, String path, byte[] content) throws FsException {
        Dirs d = dirs.get(containerId);
        if (d == null || !MANAGED.contains(path) || Files.exists(d.upper().resolve(path.substring(1)))) {
            fs.writeAll(path, content);
            return;
        }
        try {
            Files.write(d.init().resolve(path.substring(1)), content);
        } catch (IOException e) {
            fs.writeAll(path, content);
        }
    }

    @Override
    public void release(String containerId) {
        Dirs d = dirs.remove(containerId);
        if (d != null) {
            try {
                LayerTar.deleteTree(d.upper());
                LayerTar.deleteTree(d.init());
            } catch (IOException ignored) {
                // In-memory: a leftover directory only costs memory until the engine closes.
            }
        }
    }
}
