package dev.drydock.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The installed fault rules of one server, and their scenarios' states.
 *
 * <p>Reading is lock-free (an array replaced on every change, kept in match order); only the moment a rule
 * applies (counting its uses, moving its scenario) takes a lock, so concurrent requests never over-use a rule.
 */
public final class Faults {
    private static final Comparator<FaultRule> MATCH_ORDER =
            Comparator.comparingInt(FaultRule::priority).thenComparing(Comparator.comparingLong(FaultRule::order).reversed());

    private volatile FaultRule[] rules = new FaultRule[0];
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, String> scenarios = new ConcurrentHashMap<>();

    /** Installs a rule (a copy of the definition); an existing rule with the same id is replaced. */
    public FaultRule add(Fault fault) {
        Fault def = fault.copy();
        def.validate();
        long n = sequence.incrementAndGet();
        String id = def.id() != null ? def.id() : "fault-" + n;
        FaultRule rule = new FaultRule(id, def, n);
        synchronized (this) {
            List<FaultRule> list = new ArrayList<>(Arrays.asList(rules));
            list.removeIf(r -> r.id().equals(id));
            list.add(rule);
            list.sort(MATCH_ORDER);
            rules = list.toArray(new FaultRule[0]);
        }
        return rule;
    }

    /** Removes a rule; false when there is none with that id. */
    public synchronized boolean remove(String id) {
        List<FaultRule> list = new ArrayList<>(Arrays.asList(rules));
        boolean removed = list.removeIf(r -> r.id().equals(id));
        if (removed) {
            rules = list.toArray(new FaultRule[0]);
        }
        return removed;
    }

    /** Removes every rule and puts every scenario back in {@link Fault#STARTED}. */
    public synchronized void clear() {
        rules = new FaultRule[0];
        scenarios.clear();
    }

    /** The installed rules in match order. */
    public List<FaultRule> list() {
        return List.of(rules);
    }

    /** The rule with this id, if installed. */
    public Optional<FaultRule> get(String id) {
        for (FaultRule r : rules) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** A scenario's current state ({@link Fault#STARTED} until a rule moves it). */
    public String scenarioState(String scenario) {
        return scenarios.getOrDefault(scenario, Fault.STARTED);
    }

    /** Moves a scenario to a state by hand. */
    public void setScenarioState(String scenario, String state) {
        scenarios.put(scenario, state);
    }

    /** Every scenario some rule names, with its state. */
    public Map<String, String> scenarioStates() {
        Map<String, String> m = new TreeMap<>();
        for (FaultRule r : rules) {
            if (r.fault().scenario() != null) {
                m.put(r.fault().scenario(), scenarioState(r.fault().scenario()));
            }
        }
        m.putAll(scenarios);
        return m;
    }

    /**
     * The rule that applies to this request, counted as applied; null when none does. Body predicates are only
     * evaluated (and the body only read) for rules whose other parts match.
     */
    FaultRule apply(RequestView request) {
        FaultRule[] snapshot = rules;
        for (FaultRule rule : snapshot) {
            RequestPattern p = rule.request();
            if (!p.matchesWithoutBody(request)) {
                continue;
            }
            if (p.body() != null && !p.body().matches(request.bodyText())) {
                continue;
            }
            if (fire(rule)) {
                return rule;
            }
        }
        return null;
    }

    private synchronized boolean fire(FaultRule rule) {
        Fault f = rule.fault();
        if (f.scenario() != null && f.whenState() != null && !f.whenState().equals(scenarioState(f.scenario()))) {
            return false;
        }
        if (!rule.consume()) {
            return false;
        }
        if (f.scenario() != null && f.setState() != null) {
            scenarios.put(f.scenario(), f.setState());
        }
        if (rule.exhausted()) {
            List<FaultRule> list = new ArrayList<>(Arrays.asList(rules));
            list.removeIf(r -> r == rule);
            rules = list.toArray(new FaultRule[0]);
        }
        return true;
    }
}
