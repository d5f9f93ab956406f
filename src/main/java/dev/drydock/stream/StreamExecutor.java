package dev.drydock.stream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads long-lived streams (events, logs follow, wait, attach) write from, so none of them holds one of
 * Jetty's request threads. One per server; closed with it.
 */
public final class StreamExecutor implements AutoCloseable {
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final AtomicInteger active = new AtomicInteger();

    public StreamExecutor(String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(factory);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code task} on a stream thread after {@code millis}: periodic streams (stats) wait on this timer
     * between writes instead of holding a thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException once closed
     */
    public void schedule(Runnable task, long millis) {
        timer.schedule(() -> execute(task), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs a stream's body on its own thread. */
    public void execute(Runnable body) {
        active.incrementAndGet();
        executor.execute(() -> {
            try {
                body.run();
            } finally {
                active.decrementAndGet();
            }
        });
    }

    /** How many streams are being written now. */
    public int active() {
        return active.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }
}
