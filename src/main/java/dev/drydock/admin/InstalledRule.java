package dev.drydock.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every installed admin rule has: its id, the definition it was added with (a private copy), its place in
 * the order of adding, and its uses ({@code times}: once, N times, or -1 until removed).
 *
 * @param <D> the definition (a {@link Fault}, an {@link EngineFault}, a {@link Stub})
 */
abstract class InstalledRule<D> {
    private final String id;
    private final D definition;
    private final long order;
    private final RuleUses uses;

    InstalledRule(String id, D definition, long order, int times) {
        this.id = id;
        this.definition = definition;
        this.order = order;
        this.uses = new RuleUses(times);
    }

    public String id() {
        return id;
    }

    /** The definition itself (not a copy): for matching and acting. */
    final D def() {
        return definition;
    }

    /** Larger for a rule added later. */
    final long order() {
        return order;
    }

    final RuleUses uses() {
        return uses;
    }

    /** The definition's fields as its JSON form has them. */
    abstract Map<String, Object> definitionJson();

    /** Adds how the rule was used to its JSON view: {@code remaining} and {@code hits} unless overridden. */
    void putUses(Map<String, Object> json) {
        uses.putInto(json);
    }

    /** The rule as the admin API lists it: its id, its definition's fields, then its uses. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> def = definitionJson();
        def.remove("id");
        m.putAll(def);
        putUses(m);
        return m;
    }
}
