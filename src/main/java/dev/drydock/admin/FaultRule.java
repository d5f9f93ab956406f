package dev.drydock.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** An installed fault rule: its id, its definition and how often it has applied. */
public final class FaultRule {
    private final String id;
    private final Fault definition;
    private final long order;
    private final RuleUses uses;

    FaultRule(String id, Fault definition, long order) {
        this.id = id;
        this.definition = definition;
        this.order = order;
        this.uses = new RuleUses(definition.times());
    }

    public String id() {
        return id;
    }

    /** A copy of the definition it was added with. */
    public Fault definition() {
        return definition.copy();
    }

    RequestPattern request() {
        return definition.request();
    }

    Fault fault() {
        return definition;
    }

    int priority() {
        return definition.priority();
    }

    long order() {
        return order;
    }

    /** How many more times it applies; -1 for until removed. */
    public int remaining() {
        return uses.remaining();
    }

    /** How many requests it has applied to. */
    public int hits() {
        return uses.hits();
    }

    /** Counts one application; false when the rule was used up meanwhile. Called under the registry's lock. */
    boolean consume() {
        return uses.consume();
    }

    boolean exhausted() {
        return uses.exhausted();
    }

    /** The rule as {@code GET /_drydock/faults} shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> def = definition.toJson();
        def.remove("id");
        m.putAll(def);
        uses.putInto(m);
        return m;
    }

    @Override
    public String toString() {
        return "FaultRule" + toJson();
    }
}
