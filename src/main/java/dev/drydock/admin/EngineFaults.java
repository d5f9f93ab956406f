package dev.drydock.admin;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.EngineFaultHooks;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The installed engine faults of one server (see {@link EngineFault}); the oldest matching rule applies. The
 * engine asks at each pull, create and start; a rule limited with {@code times} is gone once used up.
 */
public final class EngineFaults {
    private final RuleSet<EngineFaultRule> rules = new RuleSet<>("engine-fault");

    /** Installs a rule (a copy of the definition); an existing rule with the same id is replaced. */
    public EngineFaultRule add(EngineFault fault) {
        EngineFault def = fault.copy();
        def.validate();
        return rules.add(def.id(), (id, n) -> new EngineFaultRule(id, def, n));
    }

    /** Removes a rule; false when there is none with that id. */
    public boolean remove(String id) {
        return rules.remove(id);
    }

    public void clear() {
        rules.clear();
    }

    /** The installed rules, oldest first. */
    public List<EngineFaultRule> list() {
        return rules.list();
    }

    public Optional<EngineFaultRule> get(String id) {
        return rules.get(id);
    }

    /** The first rule matching, counted as applied; null when none. */
    private EngineFault fire(Predicate<EngineFault> matches) {
        EngineFaultRule r = rules.useFirst(x -> matches.test(x.fault()));
        return r == null ? null : r.fault();
    }

    EngineFaultHooks.PullFailure onPull(String image) {
        EngineFault f = fire(x -> x.matchesPull(image));
        return f == null ? null : f.pullFailure();
    }

    EngineException onCreate(EngineFaultHooks.ContainerFacts c, String id) {
        EngineFault f = fire(x -> x.kind() == EngineFault.Kind.DISK_FULL && x.matchesContainer(c));
        return f == null ? null : EngineException.internal(f.diskFullMessage(id));
    }

    EngineFaultHooks.PlannedExit onStart(EngineFaultHooks.ContainerFacts c) {
        EngineFault f = fire(x -> (x.kind() == EngineFault.Kind.EXIT || x.kind() == EngineFault.Kind.OOM)
                && x.matchesContainer(c));
        return f == null ? null : f.plannedExit();
    }

    @Override
    public String toString() {
        return "EngineFaults" + rules;
    }
}
