package dev.drydock.engine.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageService;
import dev.drydock.engine.containers.ImageInfo;
import dev.drydock.engine.containers.ImageLookup;
import dev.drydock.registry.Reference;

import java.util.Optional;

/** Containers find their images in the engine's image store: the {@link ImageLookup} over {@link ImageService}. */
public final class ContainerImages implements ImageLookup {
    private final ImageService images;

    public ContainerImages(ImageService images) {
        this.images = images;
    }

    @Override
    public Optional<ImageInfo> find(String reference) {
        Image img = images.find(reference);
        return img == null ? Optional.empty() : Optional.of(info(img, reference));
    }

    @Override
    public boolean isAncestor(String ancestorId, String imageId) {
        String id = imageId;
        for (int depth = 0; id != null && !id.isEmpty() && depth < 1000; depth++) {
            if (id.equals(ancestorId)) {
                return true;
            }
            Image img = images.find(id);
            id = img == null ? null : img.parent();
        }
        return false;
    }

    /** What a container keeps of its image; the layers are shared, never copied. */
    static ImageInfo info(Image img, String asGiven) {
        JsonNode cfg = img.configJson().get("config");
        ObjectNode config = cfg != null && cfg.isObject() ? ((ObjectNode) cfg).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        return new ImageInfo(img.id(), familiar(asGiven, img), config, img.layerRoots(), img.os(), img.size());
    }

    private static String familiar(String asGiven, Image img) {
        if (asGiven.startsWith("sha256:") || Reference.fullId(asGiven) != null) {
            return img.id();
        }
        try {
            return Reference.parse(asGiven).withDefaultTag().familiarString();
        } catch (IllegalArgumentException e) {
            return asGiven;
        }
    }
}
