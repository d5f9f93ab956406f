package dev.drydock.runtime;

/**
 * How a runtime instance behaves.
 *
 * @param clock          simulated time and timers; null for real time on the runtime's own scheduler
 * @param strictPrograms when true, an executable marker naming an unknown program fails like a missing binary
 *                       (127) instead of running the generic long-running stand-in
 * @param stepBudget     how many shell steps one process may take before it is killed (137), a last resort
 *                       against runaway loops; 0 for no limit
 * @param maxProcesses   processes per PID namespace (fork bombs fail with "can't fork")
 */
public record RuntimeConfig(RuntimeClock clock, boolean strictPrograms, long stepBudget, int maxProcesses) {

    /** Real time, lenient programs, a 50-million-step budget, 1024 processes per container. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(null, false, 50_000_000L, 1024);
    }

    public RuntimeConfig withClock(RuntimeClock c) {
        return new RuntimeConfig(c, strictPrograms, stepBudget, maxProcesses);
    }

    public RuntimeConfig withStrictPrograms(boolean strict) {
        return new RuntimeConfig(clock, strict, stepBudget, maxProcesses);
    }

    public RuntimeConfig withStepBudget(long steps) {
        return new RuntimeConfig(clock, strictPrograms, steps, maxProcesses);
    }

    public RuntimeConfig withMaxProcesses(int max) {
        return new RuntimeConfig(clock, strictPrograms, stepBudget, max);
    }
}
