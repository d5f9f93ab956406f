package dev.drydock.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Simulated time for processes: what {@code date} shows and when {@code sleep} timers fire.
 *
 * <p>Timers are callbacks, never parked threads, so a sleeping process costs no thread. A scaled clock runs
 * simulated time faster than real time ({@code sleep 1000} at speed 1000 lasts one real second yet stays
 * running until then); a {@link ManualClock} only moves when a test advances it.
 */
public interface RuntimeClock {

    /** The current simulated wall-clock time. */
    Instant now();

    /** Runs {@code task} once {@code delay} of simulated time has passed. */
    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task that can be cancelled. */
    interface Timer {
        /** Cancels the task; false when it already ran. */
        boolean cancel();
    }

    /** Real time, timers on the given scheduler. */
    static RuntimeClock system(ScheduledExecutorService scheduler) {
        return scaled(scheduler, 1.0);
    }

    /**
     * Simulated time that passes {@code speed} times faster than real time (speed 1000: a simulated second
     * lasts a real millisecond), starting at the real current time.
     */
    static RuntimeClock scaled(ScheduledExecutorService scheduler, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        return new RuntimeClock() {
            @Override
            public Instant now() {
                long real = System.nanoTime() - startNanos;
                return start.plusNanos((long) (real * speed));
            }

            @Override
            public Timer schedule(Duration delay, Runnable task) {
                long simNanos = saturatedNanos(delay);
                long realNanos = (long) Math.min(Long.MAX_VALUE / 2.0, simNanos / speed);
                ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0, realNanos), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }
        };
    }

    /** Nanoseconds of a duration, saturating instead of overflowing ({@code sleep infinity}). */
    static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }
}
