package dev.drydock.engine.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageChanges;
import dev.drydock.engine.ImageConfig;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerStatus;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Layer;
import dev.drydock.fs.MountFsView;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.registry.Reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker commit}: a container's own layer becomes a new image on top of its image, with its config. */
public final class ContainerCommit {
    private final Engine engine;

    public ContainerCommit(Engine engine) {
        this.engine = engine;
    }

    /** What the client asked for ({@code POST /commit}). */
    public record Request(String container, String repo, String tag, String comment, String author, boolean pause,
                          List<String> changes, JsonNode config) {
    }

    /** Creates the image and returns its ID; publishes the container's commit event. */
    public String commit(Request r) {
        Container c = engine.containers().get(r.container());
        String tagRef = tagRef(r.repo(), r.tag());
        boolean paused = false;
        if (r.pause() && c.status() == ContainerStatus.RUNNING) {
            engine.containers().pause(c.id());
            paused = true;
        }
        try {
            ImageConfig config = ImageChanges.apply(ImageConfig.fromJson(config(c, r.config())), r.changes());
            Image base = c.image() == null ? null : engine.images().find(c.image().id());
            Layer layer = engine.images().layerFromDirectory(upper(c));
            Image img = engine.images().createImage(base, layer, config, r.author(), r.comment(),
                    String.join(" ", c.argv()), false, tagRef);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("comment", r.comment() == null ? "" : r.comment());
            attrs.put("imageID", img.id());
            attrs.put("imageRef", tagRef == null ? "" : familiar(tagRef));
            engine.containers().publishEvent(c, "commit", attrs);
            return img.id();
        } finally {
            if (paused) {
                engine.containers().unpause(c.id());
            }
        }
    }

    /** The container's config, with a config the client sent laid over it field by field. */
    private static JsonNode config(Container c, JsonNode given) {
        ObjectNode merged = c.config().deepCopy();
        // The container's own identity is not part of an image's config.
        merged.remove(List.of("Hostname", "Domainname", "Image"));
        if (given != null && given.isObject()) {
            // The daemon merges only the run settings of the container into a config the client sent: its MAC
            // address stays behind (20.10 keeps it only for a commit without a config).
            merged.remove("MacAddress");
            given.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
        }
        return merged;
    }

    private static java.nio.file.Path upper(Container c) {
        FsView fs = c.fs();
        if (fs instanceof MountFsView m) {
            fs = m.rootView();
        }
        if (fs instanceof OverlayFsView o) {
            return o.upper();
        }
        throw EngineException.internal("container " + c.id() + " has no layer to commit");
    }

    private static String tagRef(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            if (tag != null && !tag.isEmpty()) {
                throw EngineException.badRequest("tag cannot be specified without repository");
            }
            return null;
        }
        String ref = tag == null || tag.isEmpty() ? repo : repo + ":" + tag;
        try {
            Reference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw EngineException.badRequest("invalid reference format");
        }
        return ref;
    }

    private static String familiar(String ref) {
        try {
            return Reference.parse(ref).withDefaultTag().familiarString();
        } catch (IllegalArgumentException e) {
            return ref;
        }
    }
}
