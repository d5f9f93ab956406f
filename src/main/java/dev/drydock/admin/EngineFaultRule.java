package dev.drydock.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** An installed engine fault: its id, its definition and how often it has applied. */
public final class EngineFaultRule {
    private final String id;
    private final EngineFault definition;
    private final RuleUses uses;

    EngineFaultRule(String id, EngineFault definition) {
        this.id = id;
        this.definition = definition;
        this.uses = new RuleUses(definition.times());
    }

    public String id() {
        return id;
    }

    /** A copy of the definition it was added with. */
    public EngineFault definition() {
        return definition.copy();
    }

    EngineFault fault() {
        return definition;
    }

    /** How many more times it applies; -1 for until removed. */
    public int remaining() {
        return uses.remaining();
    }

    /** How many containers or pulls it has applied to. */
    public int hits() {
        return uses.hits();
    }

    /** Counts one application; false when used up meanwhile. */
    boolean consume() {
        return uses.consume();
    }

    boolean exhausted() {
        return uses.exhausted();
    }

    /** The rule as {@code GET /_drydock/engine-faults} shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> def = definition.toJson();
        def.remove("id");
        m.putAll(def);
        uses.putInto(m);
        return m;
    }
}
