package dev.drydock.engine.networks;

import java.util.Optional;

/**
 * How the network routes find containers by ID, unique ID prefix or name; the containers service implements it
 * and registers it with {@link NetworkService#setContainerDirectory}.
 */
@FunctionalInterface
public interface ContainerDirectory {
    /** The container, if one matches. */
    Optional<ContainerRef> find(String idOrName);

    /** A directory that knows no container. */
    ContainerDirectory EMPTY = idOrName -> Optional.empty();
}
