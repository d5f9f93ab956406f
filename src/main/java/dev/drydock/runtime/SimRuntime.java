package dev.drydock.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.ProcessStartException.Reason;
import dev.drydock.runtime.applets.Applets;
import dev.drydock.runtime.io.Pipe;
import dev.drydock.runtime.net.LoopbackNetStack;
import dev.drydock.runtime.net.NetStack;
import dev.drydock.runtime.programs.BuiltinPrograms;

/**
 * One simulated process runtime (one per Drydock instance): starts processes from a {@link ProcessSpec},
 * owns the program registry, the clock, a timer scheduler and the worker threads that run blocking programs.
 *
 * <p>Threads: a blocking program (an applet, a shell interpreting a script, a user {@link ContainerProgram})
 * runs on a worker thread while it runs; an async program ({@code sleep}, servers) holds no thread while
 * idle, and neither does a shell waiting on a foreground command, a pipeline, a command substitution,
 * {@code wait}, {@code eval}/{@code .}, a {@code read} or its next command line from a pipe or terminal
 * ({@link ResumableProgram}), nor {@code cat} copying a pipe or {@code nc -l} waiting for its connection. A shell
 * blocked inside a trap action keeps its worker thread.
 */
public final class SimRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final ProgramRegistry programs = new ProgramRegistry();
    private final ScheduledExecutorService scheduler;
    private final WorkerPool workers;
    private final RuntimeClock clock;
    private final Launcher launcher = new Launcher(this);

    public SimRuntime(RuntimeConfig config) {
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("drydock-timer-"));
        this.workers = new WorkerPool(daemon("drydock-proc-"));
        this.clock = config.clock() != null ? config.clock() : RuntimeClock.system(scheduler);
        Applets.registerAll(programs);
        BuiltinPrograms.registerAll(programs);
    }

    /** A runtime with {@link RuntimeConfig#defaults()}. */
    public static SimRuntime create() {
        return new SimRuntime(RuntimeConfig.defaults());
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public RuntimeConfig config() {
        return config;
    }

    /** This runtime's programs: register user programs here. */
    public ProgramRegistry programs() {
        return programs;
    }

    public RuntimeClock clock() {
        return clock;
    }

    /** The scheduler timers run on (for a {@link RuntimeClock#scaled} clock sharing it). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The worker threads blocking programs and connection handlers run on. */
    public ExecutorService workers() {
        return workers;
    }

    /**
     * Tasks handed to the worker threads and not finished yet (a process running, or one about to resume): zero
     * once every process is parked on a timer, a pipe or a child, so tests wait on it rather than on time.
     */
    public int tasksInFlight() {
        return workers.inFlight();
    }

    /** A loopback-only network for a container without one. */
    public NetStack loopbackNet(String hostname) {
        return new LoopbackNetStack(workers, hostname);
    }

    /**
     * Starts a process: resolves the user, the working directory and argv[0], then runs the program.
     *
     * @throws ProcessStartException like runc failing before the program runs (not found 127, not
     *                               executable 126, unknown user, missing working directory)
     */
    public SimProcess start(ProcessSpec spec) throws ProcessStartException {
        Users.UserInfo user = Users.resolve(spec.fs(), spec.user());
        String wd = Paths.normalize(spec.workdir());
        try {
            FileStat st = spec.fs().stat(wd, true).orElse(null);
            if (st == null || !st.isDirectory()) {
                throw new ProcessStartException(Reason.NO_SUCH_WORKDIR, "chdir to cwd (\"" + spec.workdir()
                    + "\") set in config.json failed: " + (st == null ? "no such file or directory"
                    : "not a directory"));
            }
        } catch (FsException e) {
            throw new ProcessStartException(Reason.NO_SUCH_WORKDIR, "chdir to cwd (\"" + spec.workdir()
                + "\") set in config.json failed: " + e.errno().text().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putIfAbsent("HOME", user.home());
        Launch launch;
        var imageProgram = spec.namespace() == null ? programs.mainProgram(spec.image(), spec.argv()) : java.util.Optional.<Program>empty();
        if (imageProgram.isPresent()) {
            launch = new Launch(imageProgram.get(), spec.argv(), null, false);
        } else {
            launch = launcher.resolve(spec.fs(), wd, spec.argv(), env.get("PATH"));
            if (launch.textScript()) {
                throw new ProcessStartException(Reason.NOT_EXECUTABLE,
                    "exec " + spec.argv().get(0) + ": exec format error");
            }
        }
        PidNamespace ns = spec.namespace() != null ? spec.namespace() : new PidNamespace(config.maxProcesses());
        int pid = ns.allocate();
        SimProcess p = new SimProcess(ns, pid, null, launch.argv(), clock.now(), user.uid(), user.gid());
        // Output leaves the container through its freezer: nothing is written while it is paused.
        OutputStream out = ns.freezer().gate(spec.stdout() != null ? spec.stdout() : OutputStream.nullOutputStream());
        OutputStream err = ns.freezer().gate(spec.stderr() != null ? spec.stderr() : OutputStream.nullOutputStream());
        InputStream in;
        if (spec.tty()) {
            Tty tty = new Tty(out, spec.consoleRows(), spec.consoleCols(), () -> interruptTree(p));
            p.tty(tty);
            out = tty.output();
            err = out;
            in = spec.stdinOpen() ? tty.processInput() : InputStream.nullInputStream();
            p.stdin(spec.stdinOpen() ? tty.keyboard() : OutputStream.nullOutputStream());
        } else if (spec.stdinOpen()) {
            Pipe pipe = new Pipe(65536);
            in = pipe.source();
            p.stdin(pipe.sink());
        } else {
            in = InputStream.nullInputStream();
            p.stdin(OutputStream.nullOutputStream());
        }
        ns.add(p);
        NetStack net = spec.net() != null ? spec.net() : loopbackNet(spec.hostname());
        ProgramContext ctx = new ProgramContext(this, p, launch.argv(), env, wd, in, out, err, spec.fs(), net,
            spec.hostname(), user, spec.tty());
        Program prog = launch.program();
        if (spec.inlineQuick() && prog.isQuick() && !prog.isAsync()) {
            // A quick program (echo) ends at once: its caller runs it (SimProcess.runDeferred), saving two thread
            // hand-offs, once it has released what it holds while starting processes.
            p.defer(() -> runSync(p, ctx, prog.sync()));
        } else {
            run(p, ctx, prog, false);
        }
        return p;
    }

    private static void interruptTree(SimProcess p) {
        for (SimProcess c : p.children()) {
            interruptTree(c);
        }
        p.signal(Signals.SIGINT);
    }

    /** Resolves a command for a shell or {@code xargs}: PATH, marker files, #! (see {@link Launch}). */
    public Launch resolve(ProgramContext ctx, List<String> argv) throws ProcessStartException {
        return launcher.resolve(ctx.fs(), ctx.cwd(), argv, ctx.getenv("PATH"));
    }

    /** Resolves a command with an explicit working directory and PATH (a shell's current values). */
    public Launch resolve(ProgramContext ctx, String cwd, List<String> argv, String path)
        throws ProcessStartException {
        return launcher.resolve(ctx.fs(), cwd, argv, path);
    }

    /** The first PATH match for a name, or null (for {@code which} and {@code command -v}). */
    public String which(ProgramContext ctx, String name, String path) {
        return Launcher.search(ctx.fs(), name, path == null ? Launcher.DEFAULT_PATH : path);
    }

    /**
     * Starts a child process of {@code parent} running {@code program}. With {@code inline} a blocking program
     * runs on the calling thread and this returns after it ended; otherwise it runs on a worker thread.
     */
    public SimProcess spawn(ProgramContext parent, List<String> argv, Program program, Map<String, String> env,
                            String cwd, InputStream in, OutputStream out, OutputStream err, boolean inline)
        throws ProcessStartException {
        SimProcess pp = parent.process();
        PidNamespace ns = pp.namespace();
        int pid = ns.allocate();
        SimProcess child = new SimProcess(ns, pid, pp, argv, clock.now(), pp.uid(), pp.gid());
        ns.add(child);
        pp.addChild(child);
        ProgramContext ctx = parent.child(child, argv, env, cwd, in, out, err);
        run(child, ctx, program, inline);
        return child;
    }

    /** Replaces the argv a process shows (the shell's {@code exec}). */
    public void exec(SimProcess p, List<String> argv) {
        p.argv(argv);
    }

    private void run(SimProcess p, ProgramContext ctx, Program prog, boolean inline) {
        ResumableProgram sliced = prog.resumableForm();
        if (sliced != null) {
            if (inline) {
                runSlice(p, ctx, () -> sliced.start(ctx));
            } else {
                workers.execute(() -> runSlice(p, ctx, () -> sliced.start(ctx)));
            }
        } else if (prog.isAsync()) {
            try {
                CompletionStage<Integer> st = prog.asyncForm().start(ctx);
                st.whenComplete((code, t) -> end(p, ctx, code, t));
            } catch (Exception | StackOverflowError e) {
                end(p, ctx, null, e);
            }
        } else if (inline) {
            runSync(p, ctx, prog.sync());
        } else {
            workers.execute(() -> runSync(p, ctx, prog.sync()));
        }
    }

    /**
     * Runs one slice of a {@link ResumableProgram}; a waiting slice frees this thread and the next one runs on a
     * worker once its wait is over or the process was terminated (the program then unwinds).
     */
    private void runSlice(SimProcess p, ProgramContext ctx, Callable<ResumableProgram.Slice> slice) {
        p.bindThread(Thread.currentThread());
        try {
            ResumableProgram.Slice s = slice.call();
            if (s.waiting()) {
                p.unbindThread();
                CompletableFuture.anyOf(s.until().toCompletableFuture(), p.exit())
                    .whenComplete((v, t) -> workers.execute(() -> runSlice(p, ctx, s.next())));
                return;
            }
            ended(p, ctx, s.code());
        } catch (Throwable t) {
            end(p, ctx, null, t);
        } finally {
            p.unbindThread();
        }
    }

    private void runSync(SimProcess p, ProgramContext ctx, ContainerProgram prog) {
        p.bindThread(Thread.currentThread());
        try {
            ended(p, ctx, prog.run(ctx));
        } catch (Throwable t) {
            end(p, ctx, null, t);
        } finally {
            p.unbindThread();
        }
    }

    /** A blocking program or a program's last slice returned {@code code}: exec what it asked for, or end. */
    private void ended(SimProcess p, ProgramContext ctx, int code) {
        ProgramContext next = ctx.pendingExec;
        if (next != null) {
            ctx.pendingExec = null;
            p.unbindThread();
            try {
                ctx.stdout().flush();
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
            p.argv(next.argv());
            run(p, next, ctx.pendingProgram, true);
            return;
        }
        end(p, ctx, code, null);
    }

    private void end(SimProcess p, ProgramContext ctx, Integer code, Throwable t) {
        if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        try {
            ctx.stdout().flush();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        if (t == null) {
            p.finish(code == null ? 0 : code & 0xff);
        } else if (t instanceof ProcessKilled || p.killed()) {
            p.terminate(137);
        } else if (t instanceof Pipe.BrokenPipeException) {
            p.terminate(128 + Signals.SIGPIPE);
        } else if (t instanceof InterruptedIOException) {
            p.terminate(130);
        } else if (t instanceof dev.drydock.fs.FsException fe && fe.errno() == dev.drydock.fs.Errno.ENOSPC) {
            // A full tmpfs: the tools report the failed write the way busybox's do.
            writeQuietly(ctx, ctx.name() + ": write error: No space left on device\n");
            p.finish(1);
        } else if (t instanceof StackOverflowError) {
            writeQuietly(ctx, "Segmentation fault\n");
            p.finish(139);
        } else {
            writeQuietly(ctx, ctx.name() + ": " + (t.getMessage() != null ? t.getMessage() : t.toString()) + "\n");
            p.finish(1);
        }
    }

    private static void writeQuietly(ProgramContext ctx, String s) {
        try {
            ctx.err(s);
        } catch (IOException | RuntimeException ignored) {
            // the stream is gone
        }
    }

    /** What {@link #run} collected. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Starts a process with captured output and waits for it (for build steps and tests); a start failure is
     * reported like a shell would: message on stderr, exit 127/126.
     *
     * @throws TimeoutException when it does not end within {@code timeout} (it is then killed)
     */
    public Result run(ProcessSpec spec, Duration timeout) throws TimeoutException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimProcess p;
        try {
            p = start(spec.toBuilder().stdout(synced(out)).stderr(synced(err)).build());
        } catch (ProcessStartException e) {
            return new Result(e.exitCode(), "", e.getMessage() + "\n");
        }
        try {
            p.stdin().close();
        } catch (IOException ignored) {
            // nothing to close
        }
        try {
            int code = p.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (out) {
                synchronized (err) {
                    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            p.signal(Signals.SIGKILL);
            throw e;
        }
    }

    private static OutputStream synced(ByteArrayOutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int x) {
                synchronized (b) {
                    b.write(x);
                }
            }

            @Override
            public void write(byte[] x, int off, int len) {
                synchronized (b) {
                    b.write(x, off, len);
                }
            }
        };
    }

    /** Stops the timer and worker threads (running processes are abandoned). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
