package dev.drydock.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import dev.drydock.fs.FsView;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.io.Pipe;
import dev.drydock.runtime.net.NetStack;

/**
 * Everything a program sees: argv, environment, working directory, streams, the container's filesystem and
 * network, its process (PID, signals) and the runtime's clock.
 */
public final class ProgramContext {
    private final SimRuntime runtime;
    private final SimProcess process;
    private final List<String> argv;
    private final Map<String, String> env;
    private String cwd;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final FsView fs;
    private final NetStack net;
    private final String hostname;
    private final Users.UserInfo user;
    private final boolean tty;
    private final Freezer freezer;

    ProgramContext(SimRuntime runtime, SimProcess process, List<String> argv, Map<String, String> env, String cwd,
                   InputStream stdin, OutputStream stdout, OutputStream stderr, FsView fs, NetStack net,
                   String hostname, Users.UserInfo user, boolean tty) {
        this.runtime = runtime;
        this.process = process;
        this.argv = List.copyOf(argv);
        this.env = new LinkedHashMap<>(env);
        this.cwd = cwd;
        this.stdin = stdin;
        this.stdout = new Guarded(stdout, process);
        this.stderr = new Guarded(stderr, process);
        this.fs = fs;
        this.net = net;
        this.hostname = hostname;
        this.user = user;
        this.tty = tty;
        this.freezer = process.namespace().freezer();
    }

    /** A context for a child process that inherits this one's filesystem, network, user and terminal. */
    public ProgramContext child(SimProcess child, List<String> argv, Map<String, String> env, String cwd,
                                InputStream in, OutputStream out, OutputStream err) {
        return new ProgramContext(runtime, child, argv, env, cwd, in, unguard(out), unguard(err), fs, net,
            hostname, user, tty);
    }

    private static OutputStream unguard(OutputStream o) {
        return o instanceof Guarded g ? g.sink : o;
    }

    public SimRuntime runtime() {
        return runtime;
    }

    public SimProcess process() {
        return process;
    }

    public int pid() {
        return process.pid();
    }

    /** argv[0] and the arguments. */
    public List<String> argv() {
        return argv;
    }

    /** The arguments after argv[0]. */
    public List<String> args() {
        return argv.subList(1, argv.size());
    }

    /** The basename of argv[0] (what a multi-call binary dispatches on). */
    public String name() {
        return Paths.name(argv.get(0));
    }

    /** The process environment (mutable: the shell keeps exported variables here). */
    public Map<String, String> env() {
        return env;
    }

    public String getenv(String key) {
        return env.get(key);
    }

    public String cwd() {
        return cwd;
    }

    public void cwd(String cwd) {
        this.cwd = cwd;
    }

    /** An absolute, normalized path for {@code path} relative to the working directory. */
    public String resolve(String path) {
        return Paths.resolve(cwd, path);
    }

    public InputStream stdin() {
        return stdin;
    }

    public OutputStream stdout() {
        return stdout;
    }

    public OutputStream stderr() {
        return stderr;
    }

    /** Writes text to stdout. */
    public void out(String s) throws IOException {
        stdout.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes text to stderr. */
    public void err(String s) throws IOException {
        stderr.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes "name: message\n" to stderr, the way busybox reports errors. */
    public void error(String message) throws IOException {
        err(name() + ": " + message + "\n");
    }

    public FsView fs() {
        return fs;
    }

    public NetStack net() {
        return net;
    }

    public String hostname() {
        return hostname;
    }

    public Users.UserInfo user() {
        return user;
    }

    public int uid() {
        return user.uid();
    }

    public int gid() {
        return user.gid();
    }

    /** True when the standard streams are a terminal. */
    public boolean isTty() {
        return tty;
    }

    public RuntimeClock clock() {
        return runtime.clock();
    }

    /**
     * Handles a signal instead of its default action (sig 0: every signal without its own handler). The
     * handler runs on the sender's thread and must not block; pass null to restore the default.
     */
    public void onSignal(int sig, IntConsumer handler) {
        process.handle(sig, handler);
    }

    /** Ignores a signal (like {@code trap '' TERM}). */
    public void ignoreSignal(int sig) {
        process.handle(sig, s -> { });
    }

    /** Runs {@code hook} when the process exits, however it ends. */
    public void onExit(Runnable hook) {
        process.onExitDo(hook);
    }

    /** Schedules a task on the runtime clock, cancelled if the process exits first. */
    public RuntimeClock.Timer schedule(Duration delay, Runnable task) {
        Freezer freezer = process.namespace().freezer();
        RuntimeClock.Timer t = runtime.clock().schedule(delay, () -> freezer.fire(() -> {
            if (process.isRunning()) {
                task.run();
            }
        }));
        process.onExitDo(t::cancel);
        return t;
    }

    /**
     * Sleeps in simulated time without holding a timer thread (this thread waits on the timer); a signal
     * that terminates the process throws {@link ProcessKilled}.
     */
    public void sleep(Duration d) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Due while the container is paused, the sleep ends only at unpause.
        Freezer freezer = process.namespace().freezer();
        RuntimeClock.Timer t = runtime.clock().schedule(d, () -> freezer.fire(() -> done.complete(null)));
        try {
            process.await(done, -1);
        } finally {
            t.cancel();
        }
    }

    /** Waits for {@code f} (e.g. a child's exit) unless the process is terminated first. */
    public <T> T await(CompletableFuture<T> f) {
        process.await(f, -1);
        return f.join();
    }

    /** Ends this process now with {@code code} (as a fatal signal would) and unwinds the calling thread. */
    public ProcessKilled terminate(int code) {
        process.terminate(code);
        return new ProcessKilled();
    }

    /** How many handled signals have woken this process so far (see {@link #awaitUnlessWoken}). */
    public int wakeups() {
        return process.wakeups();
    }

    /** Wakes this process's thread from {@link #awaitUnlessWoken} (a signal handler calls this). */
    public void wake() {
        process.wake();
    }

    /**
     * Waits for {@code f} unless a {@link #wake} happens after {@code sinceWakeups} (how {@code wait} is
     * interrupted by a trapped signal).
     *
     * @return true when f completed, false when woken
     */
    public boolean awaitUnlessWoken(CompletableFuture<?> f, int sinceWakeups) {
        return process.await(f, sinceWakeups);
    }

    /**
     * Replaces this process's program once the current one returns (the shell's {@code exec}): the process
     * keeps its PID and now shows {@code argv}.
     */
    public void exec(Program program, List<String> argv, Map<String, String> env, String cwd, InputStream in,
                     OutputStream out, OutputStream err) {
        pendingExec = new ProgramContext(runtime, process, argv, env, cwd, in, unguard(out), unguard(err), fs, net,
            hostname, user, tty);
        pendingProgram = program;
        process.argv(argv); // exec replaces the command line at once, not when this program has unwound
    }

    ProgramContext pendingExec;
    Program pendingProgram;

    /**
     * Throws {@link ProcessKilled} if a signal or the step budget ended this process; while the container is
     * paused, waits here for unpause (the safepoint where long computations stop under the freezer).
     */
    public void checkAlive() {
        process.checkAlive();
        if (freezer.frozen()) {
            freezer.hold(process);
            process.checkAlive();
        }
    }

    /** Output that stops a terminated process at its next write, and turns EPIPE into SIGPIPE. */
    private static final class Guarded extends OutputStream {
        private final OutputStream sink;
        private final SimProcess owner;

        Guarded(OutputStream sink, SimProcess owner) {
            this.sink = sink;
            this.owner = owner;
        }

        @Override
        public void write(int b) throws IOException {
            owner.checkAlive();
            try {
                sink.write(b);
            } catch (Pipe.BrokenPipeException e) {
                owner.terminate(128 + Signals.SIGPIPE);
                throw new ProcessKilled();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            owner.checkAlive();
            try {
                sink.write(b, off, len);
            } catch (Pipe.BrokenPipeException e) {
                owner.terminate(128 + Signals.SIGPIPE);
                throw new ProcessKilled();
            }
        }

        @Override
        public void flush() throws IOException {
            sink.flush();
        }

        @Override
        public void close() {
            // the process's standard streams are closed by whoever opened them
        }
    }
}
