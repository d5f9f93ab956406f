package dev.drydock.admin;

import java.util.Map;

/** An installed fault rule: its id, its definition and how often it has applied. */
public final class FaultRule extends CountedRule<Fault> {
    FaultRule(String id, Fault definition, long order) {
        super(id, definition, order, definition.times());
    }

    /** A copy of the definition it was added with. */
    public Fault definition() {
        return def().copy();
    }

    Fault fault() {
        return def();
    }

    RequestPattern request() {
        return def().request();
    }

    int priority() {
        return def().priority();
    }

    @Override
    Map<String, Object> definitionJson() {
        return def().toJson();
    }

    @Override
    public String toString() {
        return "FaultRule" + toJson();
    }
}
