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
    /**
     * What a run measured: requests answered while measuring, over how long, their latencies, and the CPU time
     * this whole JVM (server and load threads alike) used meanwhile, -1 when the platform does not say.
     */
    record Result(long requests, double elapsedSeconds, LatencyHistogram latency, long cpuNanos,
                  double warmupSeconds) {
        double perSecond() {
            return requests / elapsedSeconds;
        }

        /**
         * CPU milliseconds per request: unlike {@link #perSecond()} it does not drop when other processes share the
         * cores, so {@code cores * 1000 / cpuMillisPerRequest()} bounds what the cores would do for this JVM alone.
         */
        double cpuMillisPerRequest() {
            return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1e6 / requests;
        }
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private KeepAliveLoad() {
    }

    /**
     * Runs the load: every connection is opened first, then {@code warmupSeconds} unmeasured, then
     * {@code seconds} measured. {@code checkStatus} throws for an answer the caller does not accept.
     */
    static Result run(URI target, byte[] request, int connections, int warmupSeconds, int seconds,
                      IntConsumer checkStatus) throws Exception {
        return run(target, connections, warmupSeconds, seconds, c -> checkStatus.accept(c.exchange(request)));
    }

    /** One unit of work on a connection (a single request, or a sequence such as exec create+start+inspect). */
    @FunctionalInterface
    interface Step {
        void run(BenchConnection c) throws Exception;
    }

    /** One unit of work without a connection (the engine called directly). */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /** As {@link #run(URI, int, int, int, Step)} without HTTP: each of {@code threads} threads repeats {@code task}. */
    static Result inEngine(int threads, int warmupSeconds, int seconds, Task task) throws Exception {
        return run(null, threads, warmupSeconds, seconds, c -> task.run());
    }

    /** As {@link #run(URI, byte[], int, int, int, IntConsumer)}, each thread repeating {@code step}. */
    static Result run(URI target, int connections, int warmupSeconds, int seconds, Step step) throws Exception {
        return run(target, connections, warmupSeconds, 0, seconds, step);
    }

    /**
     * The shortest warm-up of {@link #steady}: exec's CPU per operation can stay on a plateau (about 1 ms, C1 code)
     * for 8 s and more before C2 halves it again, so the 10% criterion alone stopped some runs too early.
     */
    static final int STEADY_MIN_WARMUP_SECONDS = 30;

    /** The longest warm-up {@link #steady} allows before it measures anyway. */
    static final int STEADY_MAX_WARMUP_SECONDS = 90;

    /**
     * As {@link #run(URI, int, int, int, Step)}, but after at least {@link #STEADY_MIN_WARMUP_SECONDS} the warm-up goes on in 4-second
     * windows until two windows in a row used no less than 90% of the lowest CPU per operation yet (the JIT
     * has not finished: a path that touches much code, such as exec's three requests, needs 30-60 s of load on
     * 2 busy cores), at most {@link #STEADY_MAX_WARMUP_SECONDS}. {@link Result#warmupSeconds()} says how long it took.
     */
    static Result steady(URI target, int connections, int warmupSeconds, int seconds, Step step) throws Exception {
        return run(target, connections, Math.max(warmupSeconds, STEADY_MIN_WARMUP_SECONDS), STEADY_MAX_WARMUP_SECONDS,
                seconds, step);
    }

    private static Result run(URI target, int connections, int warmupSeconds, int maxWarmupSeconds, int seconds,
                              Step step) throws Exception {
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
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
                try (BenchConnection c = target == null ? null : BenchConnection.open(target)) {
                    ready.countDown();
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        step.run(c);
                        done.incrementAndGet();
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
        long warm0 = System.nanoTime();
        Thread.sleep(warmupSeconds * 1000L);
        double best = Double.NaN;
        int flat = 0;
        while (maxWarmupSeconds > 0 && failures.isEmpty() && flat < 2
                && System.nanoTime() - warm0 < maxWarmupSeconds * 1_000_000_000L) {
            long n0 = done.get();
            long c0 = processCpuNanos();
            Thread.sleep(4000);
            double perOp = (processCpuNanos() - c0) / (double) Math.max(1, done.get() - n0);
            // The JIT's gains come in steps: only two windows in a row without a 10% gain end the warm-up.
            flat = perOp > best * 0.9 ? flat + 1 : 0;
            best = Double.isNaN(best) ? perOp : Math.min(best, perOp);
        }
        double warmedSeconds = (System.nanoTime() - warm0) / 1e9;
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long cpu1 = processCpuNanos();
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
        return new Result(all.count(), elapsed, all, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, warmedSeconds);
    }
}
