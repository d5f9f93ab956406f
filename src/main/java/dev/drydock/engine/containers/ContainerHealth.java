package dev.drydock.engine.containers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's health as {@code State.Health} shows it: status ({@code starting}, {@code healthy},
 * {@code unhealthy}), failing streak and the last probes (at most five, as Docker keeps).
 */
public record ContainerHealth(String status, int failingStreak, List<Map<String, Object>> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    private static final int MAX_LOG = 5;

    /** The health a container with a health check has when it starts. */
    public static ContainerHealth starting() {
        return new ContainerHealth(STARTING, 0, List.of());
    }

    /** This health after one more probe ending in {@code status} at {@code at}. */
    public ContainerHealth next(String status, Instant at, String output) {
        int streak = UNHEALTHY.equals(status) ? failingStreak + 1 : HEALTHY.equals(status) ? 0 : failingStreak;
        List<Map<String, Object>> l = new ArrayList<>(log);
        if (!STARTING.equals(status)) {
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("Start", GoTime.rfc3339Nano(at));
            probe.put("End", GoTime.rfc3339Nano(at));
            probe.put("ExitCode", HEALTHY.equals(status) ? 0 : 1);
            probe.put("Output", output);
            l.add(probe);
            while (l.size() > MAX_LOG) {
                l.remove(0);
            }
        }
        return new ContainerHealth(status, streak, List.copyOf(l));
    }

    /** {@code State.Health} as the API renders it. */
    public Map<String, Object> toApi() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("FailingStreak", failingStreak);
        m.put("Log", log);
        return m;
    }

    /** What {@code docker ps} appends to "Up ...". */
    String statusSuffix() {
        return STARTING.equals(status) ? " (health: starting)" : " (" + status + ")";
    }
}
