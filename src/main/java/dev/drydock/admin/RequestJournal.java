package dev.drydock.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * Every Engine API request of one server, newest kept: a fixed ring, so recording costs O(1) and memory stays
 * bounded however long the server runs. Admin requests are not recorded.
 */
public final class RequestJournal {
    private final AtomicReferenceArray<LoggedRequest> ring;
    private final int capacity;
    private final int bodyLimit;
    private final AtomicLong next = new AtomicLong();
    /** Requests numbered below this were cleared. */
    private volatile long clearedBefore;

    /**
     * @param capacity  how many requests are kept (0 turns the journal off)
     * @param bodyLimit how many body bytes are kept per request
     */
    public RequestJournal(int capacity, int bodyLimit) {
        if (capacity < 0) {
            throw new IllegalArgumentException("journal size must not be negative: " + capacity);
        }
        if (bodyLimit < 0) {
            throw new IllegalArgumentException("journal body limit must not be negative: " + bodyLimit);
        }
        this.capacity = capacity;
        this.bodyLimit = bodyLimit;
        this.ring = new AtomicReferenceArray<>(Math.max(capacity, 1));
    }

    public boolean enabled() {
        return capacity > 0;
    }

    public int capacity() {
        return capacity;
    }

    int bodyLimit() {
        return bodyLimit;
    }

    /** Takes the next number; the entry is then built and stored with {@link #store}. */
    long nextId() {
        return next.getAndIncrement();
    }

    void store(LoggedRequest r) {
        ring.set((int) (r.id() % capacity), r);
    }

    /** The kept requests, oldest first. */
    public List<LoggedRequest> all() {
        return find(r -> true);
    }

    /** The kept requests that satisfy the predicate, oldest first. */
    public List<LoggedRequest> find(Predicate<? super LoggedRequest> predicate) {
        List<LoggedRequest> out = new ArrayList<>();
        if (!enabled()) {
            return out;
        }
        long end = next.get();
        long start = Math.max(clearedBefore, end - capacity);
        for (long i = start; i < end; i++) {
            LoggedRequest r = ring.get((int) (i % capacity));
            // A slot may hold a newer request (overwritten meanwhile) or none yet (being stored).
            if (r != null && r.id() == i && predicate.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The kept requests matching the pattern, oldest first. */
    public List<LoggedRequest> find(RequestPattern pattern) {
        return find(pattern::matches);
    }

    public int count(RequestPattern pattern) {
        return find(pattern).size();
    }

    /** Forgets every request recorded so far, in O(1). */
    public void clear() {
        clearedBefore = next.get();
    }

    /** How many requests were recorded since the server started (kept or not). */
    public long totalRecorded() {
        return next.get();
    }
}
