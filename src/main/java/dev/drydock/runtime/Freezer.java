package dev.drydock.runtime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's cgroup freezer ({@code docker pause}): while frozen its processes run nothing. Timers keep
 * counting, as CLOCK_MONOTONIC does under a real freezer, but one that comes due is held and fires at thaw (a
 * {@code sleep 1} paused for a minute returns right after unpause); output written while frozen waits for the
 * thaw, so nothing reaches the log during a pause. One per {@link PidNamespace}, shared by its processes and execs.
 */
public final class Freezer {
    /** How often a writer held by the freezer looks whether its container died meanwhile. */
    private static final long RECHECK_MILLIS = 50;

    /**
     * How long a freeze waits for writes already past the gate (a write that blocks, e.g. on a client that does not
     * read, must not hang {@code docker pause}).
     */
    private static final long DRAIN_MILLIS = 2_000;

    private final List<Runnable> held = new ArrayList<>();
    private volatile boolean frozen;
    private volatile boolean released;
    /** Writes that passed the gate before a freeze and have not returned yet; guarded by this. */
    private int writing;

    Freezer() {
    }

    /**
     * Freezes the processes; idempotent. Like runc, which waits for the cgroup to reach FROZEN, it returns once the
     * writes that were under way have landed: after a pause nothing more reaches the log.
     */
    public synchronized void freeze() {
        if (released) {
            return;
        }
        frozen = true;
        long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while (writing > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Thaws them: held timers fire now, in the order they came due, and held writers go on. */
    public void thaw() {
        List<Runnable> due;
        synchronized (this) {
            frozen = false;
            due = new ArrayList<>(held);
            held.clear();
            notifyAll();
        }
        for (Runnable r : due) {
            r.run();
        }
    }

    /** True while frozen. */
    public boolean frozen() {
        return frozen;
    }

    /** The container died: nothing stays held (a killed process's writers must unwind). */
    void release() {
        released = true;
        thaw();
    }

    /** Runs a timer's task now, or at thaw when it comes due while frozen. */
    void fire(Runnable task) {
        synchronized (this) {
            if (frozen) {
                held.add(task);
                return;
            }
        }
        task.run();
    }

    /** Blocks the calling (process) thread while frozen. */
    void awaitThawed() {
        synchronized (this) {
            while (frozen) {
                try {
                    wait(RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    // A killed process's thread is interrupted: let it unwind instead of staying frozen.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Lets a write pass once thawed, counted until it returns (a freeze waits for it). */
    private synchronized void enterWrite() {
        while (frozen) {
            awaitThawed();
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        writing++;
    }

    private synchronized void leaveWrite() {
        if (--writing == 0) {
            notifyAll();
        }
    }

    /**
     * A safepoint of a computing process (a shell step, an awk or sed loop): blocks the calling thread while
     * frozen, as the cgroup freezer stops a CPU-bound loop, until thaw or until {@code process} is killed (a
     * kill interrupts its thread; the container's death releases the freezer), so no thread stays held.
     */
    void hold(SimProcess process) {
        boolean interrupted = false;
        synchronized (this) {
            while (frozen && !process.killed()) {
                try {
                    wait(RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code out} with each write held while frozen. */
    OutputStream gate(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                enterWrite();
                try {
                    out.write(b);
                } finally {
                    leaveWrite();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                enterWrite();
                try {
                    out.write(b, off, len);
                } finally {
                    leaveWrite();
                }
            }
        };
    }
}
