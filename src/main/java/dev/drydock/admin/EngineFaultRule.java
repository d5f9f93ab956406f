package dev.drydock.admin;

import java.util.Map;

/** An installed engine fault: its id, its definition and how often it has applied. */
public final class EngineFaultRule extends CountedRule<EngineFault> {
    EngineFaultRule(String id, EngineFault definition, long order) {
        super(id, definition, order, definition.times());
    }

    /** A copy of the definition it was added with. */
    public EngineFault definition() {
        return def().copy();
    }

    EngineFault fault() {
        return def();
    }

    @Override
    Map<String, Object> definitionJson() {
        return def().toJson();
    }
}
