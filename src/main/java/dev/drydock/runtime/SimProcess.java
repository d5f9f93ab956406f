package dev.drydock.runtime;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A running simulated process: its PID, argv, streams, signals and exit code.
 *
 * <p>Signals follow Linux: SIGKILL always kills (137); a signal the program handles runs its handler; an
 * unhandled fatal signal terminates with 128+n, except in PID 1, which ignores it (so {@code docker stop}
 * of a program without a handler ends with SIGKILL after the grace period).
 */
public final class SimProcess {
    private final PidNamespace namespace;
    private final int pid;
    private final SimProcess parent;
    private volatile List<String> argv;
    private final Instant started;
    private final int uid;
    private final int gid;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final List<SimProcess> children = new CopyOnWriteArrayList<>();
    private final Map<Integer, IntConsumer> handlers = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final List<Runnable> exitHooks = new CopyOnWriteArrayList<>();
    private volatile boolean killed;
    private volatile Thread thread;
    private volatile int wakeups;
    private volatile OutputStream stdin;
    private volatile Tty tty;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> deferred =
        new java.util.concurrent.atomic.AtomicReference<>();
    private volatile int umask;

    SimProcess(PidNamespace namespace, int pid, SimProcess parent, List<String> argv, Instant started, int uid,
               int gid) {
        this.namespace = namespace;
        this.pid = pid;
        this.parent = parent;
        this.argv = List.copyOf(argv);
        this.started = started;
        this.uid = uid;
        this.gid = gid;
        this.umask = parent == null ? 022 : parent.umask;
        exit.whenComplete((c, t) -> onExit());
    }

    /** The file mode creation mask, inherited from the parent (022 for a container's first process). */
    public int umask() {
        return umask;
    }

    /** Sets the file mode creation mask (the {@code umask} builtin). */
    public void umask(int mask) {
        this.umask = mask & 0777;
    }

    /** The PID inside its namespace (1 for a container's main process). */
    public int pid() {
        return pid;
    }

    /** The parent, or null for a namespace's first process or an exec. */
    public SimProcess parent() {
        return parent;
    }

    /** The PID of the parent (0 when none), as ps shows PPID. */
    public int ppid() {
        return parent == null ? 0 : parent.pid;
    }

    /** The argv actually running (after PATH and #! resolution, and after {@code exec}). */
    public List<String> argv() {
        return argv;
    }

    void argv(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    /** The command line as ps shows it. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    public Instant startedAt() {
        return started;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public PidNamespace namespace() {
        return namespace;
    }

    /** Direct children still running. */
    public List<SimProcess> children() {
        return new ArrayList<>(children);
    }

    private volatile int termSignal;

    /** Completes with the exit code (128+n when killed by signal n). */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public boolean isRunning() {
        return !exit.isDone();
    }

    /**
     * The process's stdin, which the caller writes to and closes for EOF; with a TTY, bytes go through the
     * terminal line discipline (echo, ^C sends SIGINT, ^D is EOF). A process started without stdinOpen
     * discards what is written here.
     */
    public OutputStream stdin() {
        return stdin;
    }

    void stdin(OutputStream in) {
        this.stdin = in;
    }

    void tty(Tty tty) {
        this.tty = tty;
    }

    /** Changes the terminal size (delivers SIGWINCH); no-op without a TTY. */
    public void resize(int rows, int cols) {
        Tty t = tty;
        if (t != null) {
            t.resize(rows, cols);
            signal(Signals.SIGWINCH);
        }
    }

    /** Terminal rows and columns, or null without a TTY. */
    public int[] consoleSize() {
        Tty t = tty;
        return t == null ? null : new int[] {t.rows(), t.cols()};
    }

    /** Delivers a signal with Linux semantics (see the class comment). Unknown or 0 signals do nothing. */
    public void signal(int sig) {
        if (!isRunning() || sig <= 0) {
            return;
        }
        if (sig == Signals.SIGKILL) {
            termSignal = sig;
            terminate(128 + Signals.SIGKILL);
            return;
        }
        IntConsumer h = handlers.get(sig);
        if (h == null) {
            h = handlers.get(0);
        }
        if (h != null) {
            h.accept(sig);
            return;
        }
        if (sig == Signals.SIGSTOP || Signals.ignoredByDefault(sig) || pid == 1) {
            return;
        }
        if (isRunning()) {
            termSignal = sig;
        }
        terminate(128 + sig);
    }

    /** The signal that ended the process (a shell reports it, as in "Terminated"), or 0. */
    public int termSignal() {
        return exit.isDone() ? termSignal : 0;
    }

    /** Installs a handler (sig 0: every signal without its own handler). Handlers must not block. */
    void handle(int sig, IntConsumer handler) {
        if (handler == null) {
            handlers.remove(sig);
        } else {
            handlers.put(sig, handler);
        }
    }

    /** True when a handler of the program's own (or its catch-all) receives {@code sig}: it decides what follows. */
    public boolean handles(int sig) {
        return sig != Signals.SIGKILL && (handlers.containsKey(sig) || handlers.containsKey(0));
    }

    /** Ends the process now with {@code code}; its thread, if any, is interrupted and unwinds. */
    void terminate(int code) {
        synchronized (lock) {
            if (exit.isDone()) {
                return;
            }
            killed = true;
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
            lock.notifyAll();
        }
        exit.complete(code);
    }

    /** Normal end of the program. */
    void finish(int code) {
        exit.complete(code);
    }

    /** Holds the run of a quick program for {@link #runDeferred} (see {@link ProcessSpec#inlineQuick()}). */
    void defer(Runnable run) {
        deferred.set(run);
    }

    /**
     * Runs a quick program that {@link SimRuntime#start} left for its caller, on the calling thread, to its end
     * (once; nothing for any other process). The caller starts a process under its own locks and runs it after
     * releasing them. A process killed meanwhile does not run.
     */
    public void runDeferred() {
        Runnable run = deferred.getAndSet(null);
        if (run != null && !exit.isDone()) {
            run.run();
        }
    }

    boolean killed() {
        return killed;
    }

    /** Throws {@link ProcessKilled} if the process was terminated. */
    void checkAlive() {
        if (killed) {
            throw new ProcessKilled();
        }
    }

    void bindThread(Thread t) {
        synchronized (lock) {
            this.thread = t;
        }
    }

    /** Unbinds the thread and clears any interrupt aimed at this process. */
    void unbindThread() {
        synchronized (lock) {
            if (thread == Thread.currentThread()) {
                thread = null;
                Thread.interrupted();
            }
        }
    }

    /** Wakes a thread blocked in {@link #await} (a handled signal arrived). */
    void wake() {
        synchronized (lock) {
            wakeups++;
            lock.notifyAll();
        }
    }

    int wakeups() {
        return wakeups;
    }

    /**
     * Blocks until {@code f} completes, the process is terminated (throws {@link ProcessKilled}), or, when
     * {@code sinceWakeups} is not -1, a {@link #wake} happened after that count.
     *
     * @return true when f completed
     */
    boolean await(CompletableFuture<?> f, int sinceWakeups) {
        if (!f.isDone()) {
            f.whenComplete((v, t) -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
        }
        synchronized (lock) {
            while (!f.isDone()) {
                if (killed) {
                    throw new ProcessKilled();
                }
                if (sinceWakeups != -1 && wakeups != sinceWakeups) {
                    return false;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    if (killed) {
                        throw new ProcessKilled();
                    }
                }
            }
        }
        return true;
    }

    void addChild(SimProcess child) {
        children.add(child);
    }

    /** Runs when the process exits (listeners closed, timers cancelled). */
    void onExitDo(Runnable hook) {
        if (exit.isDone()) {
            hook.run();
        } else {
            exitHooks.add(hook);
        }
    }

    private void onExit() {
        synchronized (lock) {
            lock.notifyAll();
        }
        for (Runnable r : exitHooks) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // cleanup is best effort
            }
        }
        namespace.remove(this);
        if (parent != null) {
            parent.children.remove(this);
        }
        if (pid == 1) {
            namespace.die();
        }
    }

    @Override
    public String toString() {
        return "SimProcess[" + pid + " " + commandLine() + "]";
    }
}
