package dev.drydock.engine.volumes;

import java.util.Optional;

/**
 * How mount planning finds the containers named in {@code VolumesFrom}; the container service implements it.
 */
@FunctionalInterface
public interface ContainerLookup {
    /** The mounts of the container with this ID, name or unique ID prefix; empty when there is no such container. */
    Optional<ContainerMounts> mountsOf(String idOrName);

    /** A lookup that knows no container. */
    static ContainerLookup none() {
        return ref -> Optional.empty();
    }
}
