package dev.drydock.engine.reaper;

import java.util.List;
import java.util.Map;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Image;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerQuery;
import dev.drydock.engine.networks.Network;
import dev.drydock.engine.volumes.Volume;
import dev.drydock.runtime.programs.Ryuk;

/**
 * What the built-in Ryuk removes with: the engine's own list-with-filters and remove calls, in Ryuk's order
 * (containers, networks, volumes, images), each removal publishing its usual events.
 */
public final class EngineReaper implements Ryuk.Reaper {
    /** The label Ryuk's image carries; Ryuk never reaps its own container. */
    static final String RYUK_LABEL = "org.testcontainers.ryuk";

    private final Engine engine;

    public EngineReaper(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Ryuk.Removed prune(Map<String, List<String>> filterMap) {
        Filters filters = Filters.of(filterMap);
        int containers = 0;
        for (Container c : ContainerQuery.select(engine.containers(), true, -1, filters)) {
            if (c.labels().containsKey(RYUK_LABEL)) {
                continue;
            }
            if (ignoreGone(() -> engine.containers().remove(c.id(), true, true))) {
                containers++;
            }
        }
        if (filters.get("label").isEmpty()) {
            // networks, volumes and images are matched by label only: without one, nothing of theirs is reaped
            return new Ryuk.Removed(containers, 0, 0, 0);
        }
        Filters labelsOnly = Filters.of(Map.of("label", filters.get("label")));
        int networks = 0;
        for (Network n : engine.networks().list(labelsOnly)) {
            if (!n.labels().isEmpty() && ignoreGone(() -> engine.networks().remove(n.id()))) {
                networks++;
            }
        }
        int volumes = 0;
        for (Volume v : engine.volumes().list(labelsOnly).volumes()) {
            if (ignoreGone(() -> engine.volumes().remove(v.name(), true))) {
                volumes++;
            }
        }
        int images = 0;
        for (Image img : engine.images().list(labelsOnly, false)) {
            if (ignoreGone(() -> engine.images().remove(img.id(), true, false))) {
                images++;
            }
        }
        return new Ryuk.Removed(containers, networks, volumes, images);
    }

    /** Runs a removal; false when the resource is already gone or still in use (Ryuk logs and moves on). */
    private static boolean ignoreGone(Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (EngineException e) {
            return false;
        }
    }
}
