package dev.drydock.admin;

import dev.drydock.runtime.Program;

import java.util.Map;

/** An installed stub: its id, its definition, the program it runs and how many containers ran it. */
public final class StubRule extends InstalledRule<Stub> {
    private final Program program;

    StubRule(String id, Stub definition, long order) {
        // A stub applies until removed: its uses count the containers that ran it.
        super(id, definition, order, -1);
        this.program = definition.javaProgram() != null ? definition.javaProgram()
                : Program.async(new StubProgram(definition));
    }

    /** A copy of the definition it was added with. */
    public Stub definition() {
        return def().copy();
    }

    Stub stub() {
        return def();
    }

    /** How many containers have run it. */
    public int runs() {
        return uses().hits();
    }

    /** The program a container runs instead of its command, counted as one run. */
    Program program() {
        uses().consume();
        return program;
    }

    @Override
    Map<String, Object> definitionJson() {
        return def().toJson();
    }

    @Override
    void putUses(Map<String, Object> json) {
        json.put("runs", runs());
    }
}
