package dev.drydock.engine.wiring;

import dev.drydock.engine.Engine;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Image;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.networks.Network;
import dev.drydock.engine.volumes.Volume;

/**
 * What {@code Engine.reset} clears beyond the journal and events: containers first (they hold volumes, networks
 * and images), then swarm and user networks, volumes, and images unless kept. Each step uses the resource's
 * own forced removal, so a reset leaves no half-removed object behind.
 */
public final class ResetWiring {
    private ResetWiring() {
    }

    /** Registers the hooks in dependency order. */
    public static void install(Engine engine) {
        engine.onReset("containers", options -> {
            for (Container c : engine.containers().all()) {
                engine.containers().remove(c.id(), true, true);
            }
        });
        engine.onReset("networks", options -> {
            if (engine.swarm().active()) {
                engine.swarm().leave(true);
            }
            for (Network n : engine.networks().all()) {
                if (!n.predefined()) {
                    engine.networks().remove(n.id());
                }
            }
        });
        engine.onReset("volumes", options -> {
            for (Volume v : engine.volumes().list(Filters.empty()).volumes()) {
                engine.volumes().remove(v.name(), true);
            }
        });
        engine.onReset("images", options -> {
            if (options.keepImages()) {
                return;
            }
            // Children first: a built, committed or seeded image keeps its parent, which cannot go before it.
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Image image : engine.images().all()) {
                    if (engine.images().find(image.id()) != null && engine.images().children(image.id()).isEmpty()) {
                        engine.images().remove(image.id(), true, false);
                        progress = true;
                    }
                }
            }
        });
    }
}
