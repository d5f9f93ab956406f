package dev.drydock.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A container's PID namespace: its first process is PID 1, later ones (children, execs) count up. When PID 1
 * exits every other process in the namespace is killed, as on Linux.
 */
public final class PidNamespace {
    private final Map<Integer, SimProcess> processes = new ConcurrentSkipListMap<>();
    private final int maxProcesses;
    private final Freezer freezer = new Freezer();
    private int nextPid = 1;
    private volatile boolean dead;
    private int live;

    public PidNamespace() {
        this(4096);
    }

    public PidNamespace(int maxProcesses) {
        this.maxProcesses = maxProcesses;
    }

    synchronized int allocate() throws ProcessStartException {
        if (dead || live >= maxProcesses) {
            throw new ProcessStartException(ProcessStartException.Reason.RESOURCE_LIMIT,
                "can't fork: Resource temporarily unavailable");
        }
        live++;
        int pid = nextPid++;
        if (nextPid > 4194304) {
            nextPid = 2;
        }
        return pid;
    }

    void add(SimProcess p) {
        synchronized (this) {
            processes.put(p.pid(), p);
        }
        if (dead) {
            p.signal(Signals.SIGKILL);
        }
    }

    /** After PID 1 exited: no new process can start and every running one is killed. */
    void die() {
        dead = true;
        freezer.release();
        killAll();
    }

    /** The namespace's processes' freezer ({@code docker pause}). */
    public Freezer freezer() {
        return freezer;
    }

    /** True once PID 1 has exited. */
    public boolean isDead() {
        return dead;
    }

    synchronized void remove(SimProcess p) {
        if (processes.remove(p.pid(), p)) {
            live--;
        }
    }

    /** The running processes, by PID (what {@code ps} and Docker's {@code top} list). */
    public List<SimProcess> processes() {
        // Under the lock: a weakly consistent walk of the live map could see a process that just exited and
        // the one started in its place, and report more processes than ever ran at once.
        synchronized (this) {
            return new ArrayList<>(processes.values());
        }
    }

    /** The running process with this PID, or null. */
    public SimProcess get(int pid) {
        return processes.get(pid);
    }

    /** SIGKILLs every running process in the namespace. */
    public void killAll() {
        for (SimProcess p : processes()) {
            p.signal(Signals.SIGKILL);
        }
    }
}
