package dev.drydock.admin;

import dev.drydock.engine.EngineFaultHooks;
import dev.drydock.runtime.Program;
import dev.drydock.runtime.ProgramRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scripted containers of one server (see {@link Stub}). A container whose image (and command) a stub matches
 * runs the stub instead of its command; a stub naming a command wins over an image-only one, then the newest.
 */
public final class Stubs implements ProgramRegistry.MainProgramOverride {
    private final RuleSet<StubRule> rules = new RuleSet<>("stub");

    /** Installs a stub (a copy of the definition); an existing stub with the same id is replaced. */
    public StubRule add(Stub stub) {
        Stub def = stub.copy();
        def.validate();
        return rules.add(def.id(), (id, n) -> new StubRule(id, def, n));
    }

    public boolean remove(String id) {
        return rules.remove(id);
    }

    public void clear() {
        rules.clear();
    }

    /** The installed stubs, oldest first. */
    public List<StubRule> list() {
        return rules.list();
    }

    public Optional<StubRule> get(String id) {
        return rules.get(id);
    }

    private StubRule find(String normalizedImage, List<String> argv) {
        StubRule best = null;
        for (StubRule r : rules.list()) {
            if (!r.stub().matches(normalizedImage, argv)) {
                continue;
            }
            if (best == null || r.stub().hasCommand() && !best.stub().hasCommand()
                    || r.stub().hasCommand() == best.stub().hasCommand() && r.order() > best.order()) {
                best = r;
            }
        }
        return best;
    }

    @Override
    public Program lookup(String image, List<String> argv) {
        if (rules.isEmpty()) {
            return null;
        }
        StubRule r = find(image, argv);
        return r == null ? null : r.program();
    }

    /** The health sequence of the stub a starting container runs, if any. */
    List<EngineFaultHooks.HealthStep> healthScript(EngineFaultHooks.ContainerFacts c) {
        if (rules.isEmpty() || c.image() == null || c.image().isEmpty()) {
            return List.of();
        }
        StubRule r = find(ProgramRegistry.normalizeImage(c.image()), c.argv());
        if (r == null) {
            return List.of();
        }
        List<EngineFaultHooks.HealthStep> out = new ArrayList<>();
        for (Stub.HealthStep h : r.stub().healthSteps()) {
            out.add(new EngineFaultHooks.HealthStep(h.status(), h.after()));
        }
        return out;
    }
}
