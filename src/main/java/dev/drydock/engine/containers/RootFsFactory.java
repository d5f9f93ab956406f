package dev.drydock.engine.containers;

import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;

/** Builds a container's filesystem: a fresh writable layer over its image's shared layers, never a copy. */
@FunctionalInterface
public interface RootFsFactory {
    FsView create(String containerId, ImageInfo image);

    /**
     * Writes a file the daemon manages ({@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/hostname}):
     * visible inside the container but, like Docker's bind-mounted files, not a change of the container's layer.
     */
    default void writeManaged(String containerId, FsView fs, String path, byte[] content) throws FsException {
        fs.writeAll(path, content);
    }

    /** The container was removed: its writable layer can go. */
    default void release(String containerId) {
    }
}
