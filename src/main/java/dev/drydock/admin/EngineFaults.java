package dev.drydock.admin;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.EngineFaultHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The installed engine faults of one server (see {@link EngineFault}); the oldest matching rule applies. The
 * engine asks at each pull, create and start; a rule limited with {@code times} is gone once used up.
 */
public final class EngineFaults {
    private final List<EngineFaultRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Installs a rule (a copy of the definition); an existing rule with the same id is replaced. */
    public EngineFaultRule add(EngineFault fault) {
        EngineFault def = fault.copy();
        def.validate();
        long n = sequence.incrementAndGet();
        String id = def.id() != null ? def.id() : "engine-fault-" + n;
        EngineFaultRule rule = new EngineFaultRule(id, def);
        synchronized (this) {
            rules.removeIf(r -> r.id().equals(id));
            rules.add(rule);
        }
        return rule;
    }

    /** Removes a rule; false when there is none with that id. */
    public synchronized boolean remove(String id) {
        return rules.removeIf(r -> r.id().equals(id));
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** The installed rules, oldest first. */
    public List<EngineFaultRule> list() {
        return List.copyOf(rules);
    }

    public Optional<EngineFaultRule> get(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The first rule matching, counted as applied; null when none. */
    private EngineFault fire(Predicate<EngineFault> matches) {
        if (rules.isEmpty()) {
            return null;
        }
        for (EngineFaultRule r : rules) {
            if (matches.test(r.fault()) && r.consume()) {
                if (r.exhausted()) {
                    rules.remove(r);
                }
                return r.fault();
            }
        }
        return null;
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
        List<Object> l = new ArrayList<>();
        rules.forEach(r -> l.add(r.toJson()));
        return "EngineFaults" + l;
    }
}
