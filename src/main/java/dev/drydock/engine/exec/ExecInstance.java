package dev.drydock.engine.exec;

import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.LaunchedProcess;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One exec instance: its options and its state (created, running, exited). State changes only in
 * {@link ExecService}; readers see the volatile fields.
 */
public final class ExecInstance {
    private final String id;
    private final Container container;
    private final ExecOptions options;
    private final byte[] detachKeys;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();
    private final CompletableFuture<LaunchedProcess> processStarted = new CompletableFuture<>();
    private volatile boolean running;
    private volatile Integer exitCode;
    private volatile int pid;
    private volatile LaunchedProcess process;

    ExecInstance(String id, Container container, ExecOptions options, byte[] detachKeys) {
        this.id = id;
        this.container = container;
        this.options = options;
        this.detachKeys = detachKeys;
    }

    public String id() {
        return id;
    }

    public Container container() {
        return container;
    }

    public ExecOptions options() {
        return options;
    }

    /** The parsed detach keys (empty when the client named none). */
    public byte[] detachKeys() {
        return detachKeys.clone();
    }

    /** The key sequence that detaches a session: the client's, else ctrl-p ctrl-q. */
    public byte[] effectiveDetachKeys() {
        return detachKeys.length == 0 ? DetachKeys.DEFAULT.clone() : detachKeys.clone();
    }

    public boolean running() {
        return running;
    }

    /** The exit code once the process ended (126 when it could not start), null before. */
    public Integer exitCode() {
        return exitCode;
    }

    /** The process ID while running and after; 0 before start. */
    public int pid() {
        return pid;
    }

    /** The running process, or null before start and after a failed start. */
    public LaunchedProcess process() {
        return process;
    }

    /** Completes with the exit code once the exec ended and its state and exec_die are visible. */
    public CompletableFuture<Integer> finished() {
        return finished;
    }

    /** Completes with the process once it runs; fails when the start failed. */
    CompletableFuture<LaunchedProcess> processStarted() {
        return processStarted;
    }

    boolean markStarted() {
        return started.compareAndSet(false, true);
    }

    boolean started() {
        return started.get();
    }

    void running(LaunchedProcess p) {
        this.process = p;
        this.pid = p.pid();
        this.running = true;
        processStarted.complete(p);
    }

    void exited(int code) {
        this.exitCode = code;
        this.running = false;
        processStarted.completeExceptionally(new IllegalStateException("exec ended"));
    }
}
