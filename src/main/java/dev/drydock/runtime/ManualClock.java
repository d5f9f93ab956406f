package dev.drydock.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A clock for tests: time only moves on {@link #advance}, which runs the timers that fall due, in order. */
public final class ManualClock implements RuntimeClock {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private Instant now;
    private long seq;

    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            task.run();
            return () -> false;
        }
        return enqueue(delay, task);
    }

    private synchronized Timer enqueue(Duration delay, Runnable task) {
        Instant due;
        try {
            due = now.plus(delay.isNegative() ? Duration.ZERO : delay);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            due = Instant.MAX;
        }
        Entry e = new Entry(due, seq++, task);
        queue.add(e);
        return () -> {
            synchronized (ManualClock.this) {
                return queue.remove(e);
            }
        };
    }

    /** Moves time forward, running (on the calling thread) every timer due by then. */
    public void advance(Duration d) {
        Instant target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            next.task.run();
        }
    }

    /** How many timers are pending (sleeping processes, daemons' timers). */
    public synchronized int pendingTimers() {
        return queue.size();
    }

    /** The pending timers' due times, soonest first. */
    public synchronized List<Instant> dueTimes() {
        List<Entry> l = new ArrayList<>(queue);
        l.sort(null);
        return l.stream().map(e -> e.due).toList();
    }

    private record Entry(Instant due, long seq, Runnable task) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
