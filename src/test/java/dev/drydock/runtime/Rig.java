package dev.drydock.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.drydock.fs.FsView;
import dev.drydock.fs.JimfsFactory;
import dev.drydock.fs.PathFsView;

/** A busybox-like container filesystem on Jimfs plus a runtime, for tests. */
public final class Rig implements AutoCloseable {
    public final FileSystem jimfs;
    public final FsView fs;
    public final SimRuntime rt;
    public final ManualClock clock;

    public Rig() {
        this(RuntimeConfig.defaults(), true);
    }

    public Rig(RuntimeConfig config, boolean manualClock) {
        try {
            jimfs = JimfsFactory.newFileSystem("rig");
            Path root = jimfs.getPath("/root-of-container");
            Files.createDirectories(root);
            fs = new PathFsView(root);
            for (String d : new String[] {"/bin", "/etc", "/tmp", "/root", "/home", "/usr/bin", "/usr/sbin", "/var",
                "/proc", "/dev", "/sys"}) {
                fs.mkdirs(d);
            }
            fs.writeAll("/etc/passwd", ("root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
                + "nobody:x:65534:65534:nobody:/home:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n")
                .getBytes(StandardCharsets.UTF_8));
            fs.writeAll("/etc/group", "root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nnogroup:x:65534:\n"
                .getBytes(StandardCharsets.UTF_8));
            fs.writeAll("/etc/hosts", "127.0.0.1\tlocalhost\n172.17.0.2\tc0ffee\n".getBytes(StandardCharsets.UTF_8));
            clock = manualClock ? new ManualClock(Instant.parse("2026-01-02T03:04:05Z")) : null;
            rt = new SimRuntime(manualClock ? config.withClock(clock) : config);
            Executables.installBusybox(fs, rt.programs().appletNames());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls (real time, milliseconds) until the condition holds: the work left runs on worker threads. */
    public static void until(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Waits (manual clock only) until no worker task is in flight and {@code timers} sleeps are pending: each shell
     * is parked on a timer. (The pool's active count missed a resumption handed to a worker that had not begun it.)
     */
    public void idleWith(int timers) throws InterruptedException {
        until(timers + " pending timers and no task in flight (now " + clock.pendingTimers() + ", "
                + rt.tasksInFlight() + " in flight)",
            () -> clock.pendingTimers() == timers && rt.tasksInFlight() == 0);
    }

    /**
     * Waits until no task is in flight and no thread is inside the shell: a shell resumed a moment ago may still be
     * handed to a worker, but one that keeps its thread times this out.
     */
    public void noThreadInShell() throws InterruptedException {
        until("no task in flight and no thread inside the shell",
            () -> rt.tasksInFlight() == 0 && threadsInShell().isEmpty());
    }

    /** Threads whose stack is inside the shell interpreter (a shell holding its thread), with their stacks. */
    public static java.util.List<String> threadsInShell() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement el : e.getValue()) {
                if (el.getClassName().startsWith("dev.drydock.runtime.shell.")) {
                    names.add(e.getKey().getName() + java.util.Arrays.toString(e.getValue()));
                    break;
                }
            }
        }
        return names;
    }

    /** The process's exit code, waiting at most 10 s. */
    public static int exitCode(SimProcess p) throws Exception {
        return p.exit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    public ProcessSpec.Builder spec(String... argv) {
        return ProcessSpec.builder(fs).argv(argv).hostname("c0ffee")
            .env("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").env("HOME", "/root");
    }

    /** Runs {@code sh -c script} to completion. */
    public SimRuntime.Result sh(String script) {
        return run(spec("sh", "-c", script).build());
    }

    public SimRuntime.Result run(ProcessSpec spec) {
        try {
            return rt.run(spec, Duration.ofSeconds(20));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(String path, String content) {
        try {
            fs.mkdirs(dev.drydock.fs.Paths.parent(path));
            fs.writeAll(path, content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String read(String path) {
        try {
            return new String(fs.readAll(path), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        rt.close();
        jimfs.close();
    }
}
