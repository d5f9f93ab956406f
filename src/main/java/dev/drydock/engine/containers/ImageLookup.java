package dev.drydock.engine.containers;

import java.util.Optional;

/** How containers find their image: the seam to the image store. */
@FunctionalInterface
public interface ImageLookup {
    /** The image a reference ({@code busybox}, {@code busybox:1.36}, an ID or ID prefix) names, if present. */
    Optional<ImageInfo> find(String reference);

    /** Whether {@code imageId} is {@code ancestorId} or was built (or committed) on top of it. */
    default boolean isAncestor(String ancestorId, String imageId) {
        return ancestorId.equals(imageId);
    }

    /** A lookup that knows no image. */
    static ImageLookup none() {
        return ref -> Optional.empty();
    }
}
