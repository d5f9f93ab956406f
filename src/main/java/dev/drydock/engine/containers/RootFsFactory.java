package dev.drydock.engine.containers;

import dev.drydock.fs.FsView;

/** Builds a container's filesystem: a fresh writable layer over its image's shared layers, never a copy. */
@FunctionalInterface
public interface RootFsFactory {
    FsView create(String containerId, ImageInfo image);
}
