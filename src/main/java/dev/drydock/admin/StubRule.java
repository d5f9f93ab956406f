package dev.drydock.admin;

import dev.drydock.runtime.Program;

import java.util.LinkedHashMap;
import java.util.Map;

/** An installed stub: its id, its definition, the program it runs and how many containers ran it. */
public final class StubRule {
    private final String id;
    private final Stub definition;
    private final Program program;
    private final long order;
    private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    StubRule(String id, Stub definition, long order) {
        this.id = id;
        this.definition = definition;
        this.order = order;
        this.program = definition.javaProgram() != null ? definition.javaProgram()
                : Program.async(new StubProgram(definition));
    }

    public String id() {
        return id;
    }

    /** A copy of the definition it was added with. */
    public Stub definition() {
        return definition.copy();
    }

    Stub stub() {
        return definition;
    }

    long order() {
        return order;
    }

    /** How many containers have run it. */
    public int runs() {
        return runs.get();
    }

    Program program() {
        runs.incrementAndGet();
        return program;
    }

    /** The stub as {@code GET /_drydock/stubs} shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> def = definition.toJson();
        def.remove("id");
        m.putAll(def);
        m.put("runs", runs());
        return m;
    }
}
