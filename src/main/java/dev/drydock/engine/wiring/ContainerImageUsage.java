package dev.drydock.engine.wiring;

import dev.drydock.engine.ImageUsage;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerService;

import java.util.ArrayList;
import java.util.List;

/** Which containers use an image, so {@code docker rmi} refuses as the daemon does while one exists. */
public final class ContainerImageUsage implements ImageUsage {
    private final ContainerService containers;

    public ContainerImageUsage(ContainerService containers) {
        this.containers = containers;
    }

    @Override
    public List<User> usersOf(String imageId) {
        List<User> out = new ArrayList<>();
        for (Container c : containers.all()) {
            if (c.image() != null && c.image().id().equals(imageId)) {
                out.add(new User(c.id(), c.status().hasProcess()));
            }
        }
        return out;
    }
}
