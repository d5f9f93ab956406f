package dev.drydock.engine.containers;

/**
 * How simulated waits map to real time. Stop grace periods and restart back-offs are simulated: by default the
 * grace period of a process that cannot exit of its stop signal (no handler) lasts at most {@code graceCapMillis}
 * of real time, and back-offs are scaled down. A process that handles the signal gets the period up to
 * {@code handledCapMillis}: long enough for a trap to run once its foreground command ends (a loop's
 * {@code sleep 1}) on a loaded machine, short of the 10 s a trap that never exits would cost in full.
 *
 * @param graceCapMillis   the longest real wait for a process without a handler to exit after its stop signal
 * @param handledCapMillis the longest real wait for a process that handles its stop signal
 * @param backoffScale     restart back-off multiplier (1.0 keeps Docker's real 100ms-doubling back-off)
 * @param realTime         when true, grace periods are waited in full, as a real daemon does
 */
public record ContainerTiming(long graceCapMillis, long handledCapMillis, double backoffScale, boolean realTime) {
    /** Fast simulated defaults. */
    public static ContainerTiming simulated() {
        return new ContainerTiming(100, 5_000, 0.01, false);
    }

    /** Real-time waits, for users who need them. */
    public static ContainerTiming real() {
        return new ContainerTiming(Long.MAX_VALUE, Long.MAX_VALUE, 1.0, true);
    }

    /**
     * The real milliseconds to wait for an exit during a grace period of {@code seconds} (negative: forever), for a
     * process that {@code handles} its stop signal or not.
     */
    long graceMillis(int seconds, boolean handles) {
        long cap = realTime ? Long.MAX_VALUE : handles ? handledCapMillis : graceCapMillis;
        return seconds < 0 ? cap : Math.min(seconds * 1000L, cap);
    }
}
