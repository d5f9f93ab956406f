package dev.drydock.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.Container;
import dev.drydock.fs.FsView;
import dev.drydock.fs.MountFsView;
import dev.drydock.fs.OverlayFsView;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container the classic builder creates for a step: a real container of the engine (listed by
 * {@code docker ps -a}, with its create/start/die/destroy events), on the stage's current image, whose command
 * is the RUN's argv or, for a config-only step, the {@code #(nop)} line. Removed after the step unless {@code rm}
 * is off; a failed RUN's container stays unless {@code forcerm}.
 */
final class IntermediateContainer {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Engine engine;
    private final String id;

    private IntermediateContainer(Engine engine, String id) {
        this.engine = engine;
        this.id = id;
    }

    /**
     * Creates the step's container (publishes {@code create}).
     *
     * @param cmd the container's command (no entrypoint: the builder resets it, as Docker does)
     * @param env the process environment, {@code K=V}
     */
    static IntermediateContainer create(Engine engine, BuildOptions opts, StageState s, List<String> cmd,
                                        List<String> env) {
        ObjectNode body = F.objectNode();
        body.put("Image", s.image == null ? "" : s.image.id());
        body.set("Cmd", strings(cmd));
        body.set("Entrypoint", F.arrayNode());
        body.set("Env", strings(env));
        if (s.workdir != null && !s.workdir.isEmpty()) {
            body.put("WorkingDir", s.workdir);
        }
        if (s.user != null && !s.user.isEmpty()) {
            body.put("User", s.user);
        }
        body.put("AttachStdout", true);
        body.put("AttachStderr", true);
        ObjectNode hc = body.putObject("HostConfig");
        if (opts.networkMode() != null && !opts.networkMode().isEmpty()) {
            hc.put("NetworkMode", opts.networkMode());
        }
        if (!opts.extraHosts().isEmpty()) {
            hc.set("ExtraHosts", strings(opts.extraHosts()));
        }
        try {
            return new IntermediateContainer(engine, engine.containers().create(null, "", body).id());
        } catch (EngineException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    String id() {
        return id;
    }

    String shortId() {
        return id.substring(0, 12);
    }

    Container container() {
        return engine.containers().get(id);
    }

    /** The container's own writable layer: what the step changed. */
    Path upper() {
        FsView fs = container().fs();
        if (fs instanceof MountFsView m) {
            fs = m.rootView();
        }
        if (fs instanceof OverlayFsView o) {
            return o.upper();
        }
        throw new BuildFailure("container " + id + " has no layer to commit");
    }

    /** The builder's attach to the container's output (its {@code attach} event). */
    void publishAttach() {
        engine.containers().publishEvent(container(), "attach", Map.of());
    }

    /** Removes the container and its anonymous volumes, as the builder's cleanup does (destroy event). */
    void remove() {
        try {
            engine.containers().remove(id, true, true);
        } catch (EngineException e) {
            // Already gone: nothing left to clean up.
        }
    }
}
