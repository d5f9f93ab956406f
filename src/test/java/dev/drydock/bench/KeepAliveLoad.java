package dev.drydock.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/** A closed-loop load: N threads, one keep-alive connection each, sending one request as fast as it is answered. */
final class KeepAliveLoad {
    /** What a run measured: requests answered while measuring, over how long, and their latencies. */
    record Result(long requests, double elapsedSeconds, LatencyHistogram latency) {
        double perSecond() {
            return requests / elapsedSeconds;
        }
    }

    private KeepAliveLoad() {
    }

    /**
     * Runs the load: every connection is opened first, then {@code warmupSeconds} unmeasured, then
     * {@code seconds} measured. {@code checkStatus} throws for an answer the caller does not accept.
     */
    static Result run(URI target, byte[] request, int connections, int warmupSeconds, int seconds,
                      IntConsumer checkStatus) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<LatencyHistogram> hs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            LatencyHistogram h = new LatencyHistogram();
            hs.add(h);
            Thread th = new Thread(() -> {
                try (BenchConnection c = BenchConnection.open(target)) {
                    ready.countDown();
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        checkStatus.accept(c.exchange(request));
                        if (measuring.get()) {
                            h.record(System.nanoTime() - t);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    ready.countDown();
                }
            }, "bench-" + i);
            threads.add(th);
            th.start();
        }
        ready.await();
        Thread.sleep(warmupSeconds * 1000L);
        long t0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load on " + target + " failed", failures.get(0));
        }
        LatencyHistogram all = new LatencyHistogram();
        hs.forEach(all::add);
        return new Result(all.count(), elapsed, all);
    }
}
