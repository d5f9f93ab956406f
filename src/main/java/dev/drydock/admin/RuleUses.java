package dev.drydock.admin;

import java.util.Map;

/** How many more times an installed rule applies (-1: until removed) and how often it has applied. */
final class RuleUses {
    private int remaining;
    private int hits;

    RuleUses(int times) {
        this.remaining = times;
    }

    synchronized int remaining() {
        return remaining;
    }

    synchronized int hits() {
        return hits;
    }

    /** Counts one application; false when the rule was used up meanwhile. */
    synchronized boolean consume() {
        if (remaining == 0) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
        }
        hits++;
        return true;
    }

    synchronized boolean exhausted() {
        return remaining == 0;
    }

    /** Adds {@code remaining} and {@code hits}, read together, to a rule's JSON view. */
    synchronized void putInto(Map<String, Object> json) {
        json.put("remaining", remaining);
        json.put("hits", hits);
    }
}
