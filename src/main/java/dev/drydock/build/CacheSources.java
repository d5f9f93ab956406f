package dev.drydock.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageConfig;
import dev.drydock.engine.ImageService;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The classic builder's cache with {@code cachefrom}: only the listed images (and images they descend from) serve
 * as cache, so an image built elsewhere (pulled or loaded, without the local parent links) still reuses its steps.
 * A source matches a step when the current image's history and layers are a prefix of the source's and the
 * source's next history line is the step's; steps inside a source are restored as images of their own, each
 * keeping the source's history entry, so the next step matches too. Images that cannot be found are skipped, as
 * the daemon does (it only logs them).
 */
final class CacheSources {
    private final ImageService images;
    private List<Image> sources = new ArrayList<>();

    CacheSources(ImageService images, List<String> refs) {
        this.images = images;
        for (String ref : refs) {
            try {
                Image img = images.find(ref);
                if (img != null) {
                    sources.add(img);
                }
            } catch (EngineException | IllegalArgumentException e) {
                // An unusable reference is skipped, as the daemon does.
            }
        }
    }

    /**
     * The image serving the step on {@code parent} whose history line is {@code createdBy}, or null.
     *
     * @param localHit the step cache's image for the step: used only when a source descends from it
     * @param config   the stage's config after the step (for a restored step's image)
     */
    Image lookup(Image parent, String createdBy, ImageConfig config, Image localHit) {
        if (localHit != null) {
            for (Image s : sources) {
                if (descendsFrom(s, localHit.id())) {
                    return localHit;
                }
            }
        }
        int lenHistory = parent == null ? 0 : parent.configJson().path("history").size();
        for (Image target : sources) {
            JsonNode history = target.configJson().path("history");
            if (!isValidParent(target, parent) || history.size() <= lenHistory
                    || !createdBy.equals(history.get(lenHistory).path("created_by").asText(""))) {
                continue;
            }
            if (history.size() - 1 == lenHistory) {
                return target;
            }
            Image restored = images.restoreStep(parent, target, lenHistory, config);
            // The daemon then keeps to this source: later steps never jump to another one.
            sources = List.of(target);
            return restored;
        }
        return null;
    }

    private boolean descendsFrom(Image img, String ancestorId) {
        Image cur = img;
        while (cur != null) {
            if (cur.id().equals(ancestorId)) {
                return true;
            }
            cur = cur.parent().isEmpty() ? null : images.find(cur.parent());
        }
        return false;
    }

    /** The daemon's isValidParent: the parent's history and layers are exactly the start of the image's. */
    private static boolean isValidParent(Image img, Image parent) {
        JsonNode history = img.configJson().path("history");
        if (history.isEmpty()) {
            return false;
        }
        if (parent == null) {
            return true;
        }
        JsonNode parentHistory = parent.configJson().path("history");
        if (parentHistory.isEmpty() && parent.layers().isEmpty()) {
            return true;
        }
        if (parentHistory.size() >= history.size() || parent.layers().size() > img.layers().size()) {
            return false;
        }
        for (int i = 0; i < parentHistory.size(); i++) {
            if (!Objects.equals(parentHistory.get(i), history.get(i))) {
                return false;
            }
        }
        for (int i = 0; i < parent.layers().size(); i++) {
            if (!parent.layers().get(i).diffId().equals(img.layers().get(i).diffId())) {
                return false;
            }
        }
        return true;
    }
}
