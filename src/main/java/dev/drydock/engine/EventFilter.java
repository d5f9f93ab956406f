package dev.drydock.engine;

import java.util.Set;

/** Which events a {@code GET /events} subscriber wants, by Docker's rules for each filter key. */
public final class EventFilter {
    /** Actions Docker matches by prefix, because their real names carry a suffix (exec_create: sh -c ...). */
    private static final Set<String> FUZZY_ACTIONS = Set.of("health_status", "exec_create", "exec_start");

    private final Filters filters;

    /** Unknown keys are ignored, as the daemon ignores them for events. */
    public EventFilter(Filters filters) {
        this.filters = filters;
    }

    public boolean matches(Event e) {
        return matchAction(e)
                && filters.exactMatch("type", e.type())
                && (!filters.contains("scope") || filters.exactMatch("scope", e.scope()))
                && byName(e, "daemon") && byName(e, "container") && byName(e, "plugin") && byName(e, "volume")
                && byName(e, "network") && byName(e, "node") && byName(e, "service") && byName(e, "secret")
                && byName(e, "config")
                && matchImage(e)
                && filters.matchKeyValues("label", e.attributes());
    }

    private boolean matchAction(Event e) {
        for (String v : filters.get("event")) {
            if (FUZZY_ACTIONS.contains(v)) {
                return filters.fuzzyMatch("event", e.action());
            }
        }
        return filters.exactMatch("event", e.action());
    }

    /** A name-keyed filter matches the actor's ID or name by prefix, whatever the event's type (as the daemon does). */
    private boolean byName(Event e, String type) {
        if (!filters.contains(type)) {
            return true;
        }
        return filters.fuzzyMatch(type, e.actorId()) || filters.fuzzyMatch(type, e.attributes().get("name"));
    }

    private boolean matchImage(Event e) {
        if (!filters.contains("image")) {
            return true;
        }
        String name = e.attributes().get("image".equals(e.type()) ? "name" : "image");
        return filters.exactMatch("image", e.actorId())
                || (name != null && filters.exactMatch("image", name))
                || filters.exactMatch("image", stripTag(e.actorId()))
                || (name != null && filters.exactMatch("image", stripTag(name)));
    }

    private static String stripTag(String ref) {
        if (ref == null) {
            return null;
        }
        int at = ref.indexOf('@');
        if (at >= 0) {
            return ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        int slash = ref.lastIndexOf('/');
        return colon > slash ? ref.substring(0, colon) : ref;
    }
}
