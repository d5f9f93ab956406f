package dev.drydock.runtime;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's worker threads (a cached pool) counting the tasks handed to them and not yet finished. The
 * pool's own active count misses a task a worker has taken but not yet begun, so only this count says for
 * certain that every process is parked.
 */
final class WorkerPool extends ThreadPoolExecutor {
    private final AtomicInteger inFlight = new AtomicInteger();

    WorkerPool(ThreadFactory threads) {
        super(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    @Override
    public void execute(Runnable task) {
        inFlight.incrementAndGet();
        try {
            super.execute(task);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        inFlight.decrementAndGet();
    }

    /** Tasks handed to the pool that have not finished: queued, starting or running. */
    int inFlight() {
        return inFlight.get();
    }
}
