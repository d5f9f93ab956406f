package dev.drydock.engine;

import java.util.Map;

/**
 * One daemon event, as {@code GET /events} reports it.
 *
 * @param type      the object type: container, image, volume, network, daemon, plugin, node, service, secret, config
 * @param action    what happened: create, start, die, pull, tag, ...
 * @param actorId   the object's ID (or name, for images and volumes, as Docker does)
 * @param attributes the actor's attributes (name, image, exitCode, signal, labels, ...), in insertion order
 * @param scope     "local" or "swarm"
 * @param timeNano  Unix time in nanoseconds
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, String scope,
                    long timeNano) {

    public Event {
        attributes = Map.copyOf(attributes);
    }

    /** Unix time in whole seconds. */
    public long time() {
        return timeNano / 1_000_000_000L;
    }
}
