package dev.drydock.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** An installed engine fault: its id, its definition and how often it has applied. */
public final class EngineFaultRule {
    private final String id;
    private final EngineFault definition;
    private int remaining;
    private int hits;

    EngineFaultRule(String id, EngineFault definition) {
        this.id = id;
        this.definition = definition;
        this.remaining = definition.times();
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
    public synchronized int remaining() {
        return remaining;
    }

    /** How many containers or pulls it has applied to. */
    public synchronized int hits() {
        return hits;
    }

    /** Counts one application; false when used up meanwhile. */
    synchronized boolean consume() {
        if (remaining == 0) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
        }
        hits++;
        return true;
    }

    synchronized boolean exhausted() {
        return remaining == 0;
    }

    /** The rule as {@code GET /_drydock/engine-faults} shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> def = definition.toJson();
        def.remove("id");
        m.putAll(def);
        synchronized (this) {
            m.put("remaining", remaining);
            m.put("hits", hits);
        }
        return m;
    }
}
