package dev.drydock.engine.wiring;

import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.networks.ContainerDirectory;
import dev.drydock.engine.networks.ContainerRef;

import java.util.Optional;

/** The network routes find containers (connect, disconnect, links, {@code container:} modes) in the registry. */
public final class ContainerDirectoryAdapter implements ContainerDirectory {
    private final ContainerService containers;

    public ContainerDirectoryAdapter(ContainerService containers) {
        this.containers = containers;
    }

    @Override
    public Optional<ContainerRef> find(String idOrName) {
        return containers.find(idOrName)
                .map(c -> new ContainerRef(c.id(), c.name(), c.config().path("Hostname").asText("")));
    }
}
