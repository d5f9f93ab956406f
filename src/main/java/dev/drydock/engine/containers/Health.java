package dev.drydock.engine.containers;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's {@code State.Health}: the status its healthcheck probes arrived at, the current run of failures
 * and the last {@value #KEEP} probe results, with the daemon's rules for turning a probe result into a status.
 */
public final class Health {
    /** The status names on the wire. */
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** The daemon keeps this many probe results. */
    static final int KEEP = 5;
    /** Probe output beyond this many bytes is cut, as the daemon does. */
    public static final int MAX_OUTPUT = 4096;

    /**
     * One probe's outcome.
     *
     * @param exitCode 0 healthy, anything else a failure (-1 when the probe could not run or timed out)
     */
    public record Result(Instant start, Instant end, int exitCode, String output) {
    }

    private final ArrayDeque<Result> log = new ArrayDeque<>();
    private String status = STARTING;
    private int failingStreak;

    /** A new run starts: the status goes back to starting and the failing streak to 0; the log stays. */
    public synchronized void restart() {
        status = STARTING;
        failingStreak = 0;
    }

    public synchronized String status() {
        return status;
    }

    /**
     * Records a probe result; returns the new status when it changed (a {@code health_status} event), else null.
     *
     * @param inStartPeriod the probe began within the start period: a failure before the first success does not count
     * @param retries       consecutive counted failures that make the container unhealthy
     */
    public synchronized String record(Result r, boolean inStartPeriod, int retries) {
        String before = status;
        if (r.exitCode() == 0) {
            failingStreak = 0;
            status = HEALTHY;
        } else if (!(status.equals(STARTING) && inStartPeriod)) {
            failingStreak++;
            if (failingStreak >= retries) {
                status = UNHEALTHY;
            }
        }
        log.addLast(r);
        while (log.size() > KEEP) {
            log.removeFirst();
        }
        return status.equals(before) ? null : status;
    }

    /** {@code State.Health} as inspect shows it. */
    public synchronized Map<String, Object> toApi() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("FailingStreak", failingStreak);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Result r : log) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Start", GoTime.rfc3339Nano(r.start()));
            e.put("End", GoTime.rfc3339Nano(r.end()));
            e.put("ExitCode", r.exitCode());
            e.put("Output", r.output());
            entries.add(e);
        }
        m.put("Log", entries);
        return m;
    }

    /** The health part of {@code docker ps}'s status: "health: starting", "healthy" or "unhealthy". */
    public synchronized String summary() {
        return status.equals(STARTING) ? "health: starting" : status;
    }
}
