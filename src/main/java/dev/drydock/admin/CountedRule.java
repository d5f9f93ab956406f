package dev.drydock.admin;

/**
 * An installed rule that applies a limited number of times (once, N times) or until removed, and says so.
 *
 * @param <D> the definition, which names its {@code times}
 */
abstract class CountedRule<D> extends InstalledRule<D> {
    CountedRule(String id, D definition, long order, int times) {
        super(id, definition, order, times);
    }

    /** How many more times it applies; -1 for until removed. */
    public int remaining() {
        return uses().remaining();
    }

    /** How many times it has applied (requests, containers or pulls). */
    public int hits() {
        return uses().hits();
    }
}
