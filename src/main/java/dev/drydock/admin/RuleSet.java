package dev.drydock.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The installed rules of one kind (faults, engine faults, stubs): unique ids (generated or chosen; adding an id
 * again replaces that rule), kept in match order, and used up after their {@code times}.
 *
 * <p>Reading is lock-free (an immutable list replaced on every change); changes take the set's lock, and using a
 * rule counts it atomically, so concurrent callers never over-use a rule limited to N times.
 */
final class RuleSet<R extends InstalledRule<?>> {
    private final String idPrefix;
    private final Comparator<? super R> matchOrder;
    private final AtomicLong sequence = new AtomicLong();
    private volatile List<R> rules = List.of();

    /** Rules named {@code idPrefix-N} unless given an id, matched oldest first. */
    RuleSet(String idPrefix) {
        this(idPrefix, null);
    }

    /** Rules named {@code idPrefix-N} unless given an id, matched in {@code matchOrder} (null: oldest first). */
    RuleSet(String idPrefix, Comparator<? super R> matchOrder) {
        this.idPrefix = idPrefix;
        this.matchOrder = matchOrder;
    }

    /** Installs the rule {@code make} builds from its id and its sequence number (a later rule has a larger one). */
    R add(String chosenId, BiFunction<String, Long, R> make) {
        long n = sequence.incrementAndGet();
        String id = chosenId != null ? chosenId : idPrefix + "-" + n;
        R rule = make.apply(id, n);
        synchronized (this) {
            List<R> list = new ArrayList<>(rules);
            list.removeIf(r -> r.id().equals(id));
            list.add(rule);
            if (matchOrder != null) {
                list.sort(matchOrder);
            }
            rules = List.copyOf(list);
        }
        return rule;
    }

    /** Removes a rule; false when there is none with that id. */
    synchronized boolean remove(String id) {
        return removeIf(r -> r.id().equals(id));
    }

    synchronized void clear() {
        rules = List.of();
    }

    /** The installed rules in match order (an immutable snapshot). */
    List<R> list() {
        return rules;
    }

    Optional<R> get(String id) {
        for (R r : rules) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Counts one use of a rule, removing it once used up; false when it was used up meanwhile. */
    boolean use(R rule) {
        if (!rule.uses().consume()) {
            return false;
        }
        if (rule.uses().exhausted()) {
            synchronized (this) {
                removeIf(r -> r == rule);
            }
        }
        return true;
    }

    /** The first rule in match order that matches and is not used up, counted as used; null when none. */
    R useFirst(Predicate<? super R> matches) {
        for (R r : rules) {
            if (matches.test(r) && use(r)) {
                return r;
            }
        }
        return null;
    }

    private boolean removeIf(Predicate<R> which) {
        List<R> list = new ArrayList<>(rules);
        boolean removed = list.removeIf(which);
        if (removed) {
            rules = List.copyOf(list);
        }
        return removed;
    }

    @Override
    public String toString() {
        return rules.stream().map(InstalledRule::toJson).toList().toString();
    }
}
