package dev.drydock.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The installed fault rules of one server, and their scenarios' states.
 *
 * <p>Reading is lock-free (see {@link RuleSet}); only the moment a rule applies (counting its uses, moving its
 * scenario) takes a lock, so concurrent requests never over-use a rule or skip a scenario state.
 */
public final class Faults {
    private static final Comparator<FaultRule> MATCH_ORDER =
            Comparator.comparingInt(FaultRule::priority).thenComparing(Comparator.comparingLong(FaultRule::order).reversed());

    private final RuleSet<FaultRule> rules = new RuleSet<>("fault", MATCH_ORDER);
    private final Map<String, String> scenarios = new ConcurrentHashMap<>();

    /** Installs a rule (a copy of the definition); an existing rule with the same id is replaced. */
    public FaultRule add(Fault fault) {
        Fault def = fault.copy();
        def.validate();
        return rules.add(def.id(), (id, n) -> new FaultRule(id, def, n));
    }

    /** Removes a rule; false when there is none with that id. */
    public boolean remove(String id) {
        return rules.remove(id);
    }

    /** Removes every rule and puts every scenario back in {@link Fault#STARTED}. */
    public synchronized void clear() {
        rules.clear();
        scenarios.clear();
    }

    /** The installed rules in match order. */
    public List<FaultRule> list() {
        return rules.list();
    }

    /** The rule with this id, if installed. */
    public Optional<FaultRule> get(String id) {
        return rules.get(id);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
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
        for (FaultRule r : rules.list()) {
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
        for (FaultRule rule : rules.list()) {
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
        if (!rules.use(rule)) {
            return false;
        }
        if (f.scenario() != null && f.setState() != null) {
            scenarios.put(f.scenario(), f.setState());
        }
        return true;
    }
}
