package dev.drydock.engine.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's State.Health: its status, failing streak and the last probes, judged as dockerd judges them.
 * Thread-safe; the health monitor records probe results, inspect and the list read.
 */
public final class ContainerHealth {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** The filter value of a container without a health check. */
    public static final String NONE = "none";
    /** Docker keeps the last five probe results. */
    static final int KEEP = 5;

    /** One probe's result as State.Health.Log shows it. */
    public record Probe(Instant start, Instant end, int exitCode, String output) {
    }

    private final ArrayDeque<Probe> log = new ArrayDeque<>();
    private String status = STARTING;
    private int failingStreak;

    /** A (re)start: back to starting with no failures; the log stays. */
    public synchronized void starting() {
        status = STARTING;
        failingStreak = 0;
    }

    /**
     * The monitor stopped (the container was paused or exited): dockerd then reports unhealthy, "for
     * compatibility", keeping the streak and the log and publishing no event; the next probe result decides again.
     */
    public synchronized void monitorStopped() {
        status = UNHEALTHY;
    }

    public synchronized String status() {
        return status;
    }

    public synchronized int failingStreak() {
        return failingStreak;
    }

    public synchronized List<Probe> log() {
        return new ArrayList<>(log);
    }

    /**
     * Records a probe as dockerd's monitor does: exit 0 is healthy and clears the streak; any other result counts
     * a failure (unless the container is still starting within its start period), and {@code retries} failures
     * in a row make it unhealthy.
     *
     * @param startedAt   when the container's run started (the start period counts from there)
     * @param startPeriod failures before this much time are not counted while starting
     * @return the new status when it changed (a {@code health_status} event is due), otherwise null
     */
    public synchronized String record(Probe p, Instant startedAt, Duration startPeriod, int retries) {
        String old = status;
        if (p.exitCode() == 0) {
            failingStreak = 0;
            status = HEALTHY;
        } else {
            boolean count = !(status.equals(STARTING)
                    && Duration.between(startedAt, p.start()).compareTo(startPeriod) < 0);
            if (count) {
                failingStreak++;
                if (failingStreak >= retries) {
                    status = UNHEALTHY;
                }
            }
        }
        log.addLast(p);
        while (log.size() > KEEP) {
            log.removeFirst();
        }
        return old.equals(status) ? null : status;
    }

    /** State.Health as inspect shows it. */
    public synchronized Map<String, Object> toApi() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Probe p : log) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("Start", GoTime.rfc3339Nano(p.start()));
            e.put("End", GoTime.rfc3339Nano(p.end()));
            e.put("ExitCode", p.exitCode());
            e.put("Output", p.output());
            entries.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("FailingStreak", failingStreak);
        m.put("Log", entries);
        return m;
    }

    /** The health part of ps's status line: "health: starting", "healthy" or "unhealthy". */
    public synchronized String summary() {
        return status.equals(STARTING) ? "health: starting" : status;
    }

    /** Whether a config's Healthcheck runs probes (a Test other than NONE; an empty one means none). */
    public static boolean configured(com.fasterxml.jackson.databind.JsonNode config) {
        var test = config.path("Healthcheck").path("Test");
        return test.isArray() && !test.isEmpty() && !test.get(0).asText().equals("NONE");
    }
}
