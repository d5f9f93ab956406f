package dev.drydock.engine;

import java.util.List;

/**
 * Which containers use an image: the containers service implements it and sets it on the image service, so
 * image removal can refuse as Docker does and listings can count containers.
 */
@FunctionalInterface
public interface ImageUsage {
    /** A container using an image. */
    record User(String containerId, boolean running) {
    }

    /** Nothing uses any image. */
    ImageUsage NONE = imageId -> List.of();

    /** The containers whose image is {@code imageId} ({@code sha256:...}). */
    List<User> usersOf(String imageId);
}
