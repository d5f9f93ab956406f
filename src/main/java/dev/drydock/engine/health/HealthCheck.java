package dev.drydock.engine.health;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's Config.Healthcheck with Docker's defaults applied (interval and timeout 30s, start period 0,
 * 3 retries; a zero means the default).
 *
 * @param argv        the probe's command: CMD's arguments, or {@code /bin/sh -c} with CMD-SHELL's string
 * @param interval    the time between the end of one probe and the start of the next (and before the first)
 * @param timeout     a probe running longer is killed and counts as a failure
 * @param startPeriod failures this soon after the start do not count while the container is starting
 * @param retries     consecutive failures that make it unhealthy
 */
public record HealthCheck(List<String> argv, Duration interval, Duration timeout, Duration startPeriod, int retries) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;

    /** The check a container config asks for, or null when it has none (absent, empty Test, or NONE). */
    public static HealthCheck of(JsonNode config) {
        JsonNode hc = config.path("Healthcheck");
        JsonNode test = hc.path("Test");
        if (!test.isArray() || test.isEmpty()) {
            return null;
        }
        String kind = test.get(0).asText();
        List<String> argv = new ArrayList<>();
        switch (kind) {
            case "CMD" -> {
                for (int i = 1; i < test.size(); i++) {
                    argv.add(test.get(i).asText());
                }
            }
            case "CMD-SHELL" -> {
                argv.add("/bin/sh");
                argv.add("-c");
                List<String> words = new ArrayList<>();
                for (int i = 1; i < test.size(); i++) {
                    words.add(test.get(i).asText());
                }
                argv.add(String.join(" ", words));
            }
            default -> {
                return null;
            }
        }
        if (argv.isEmpty()) {
            return null;
        }
        int retries = hc.path("Retries").asInt(0);
        return new HealthCheck(argv, nanos(hc.path("Interval"), DEFAULT_INTERVAL),
                nanos(hc.path("Timeout"), DEFAULT_TIMEOUT), nanos(hc.path("StartPeriod"), Duration.ZERO),
                retries <= 0 ? DEFAULT_RETRIES : retries);
    }

    private static Duration nanos(JsonNode n, Duration absent) {
        long v = n.asLong(0);
        return v <= 0 ? absent : Duration.ofNanos(v);
    }

    /** Go's time.Duration.String() for the durations health checks use ("30s", "100ms", "1m30s", "1.5s"). */
    static String goDuration(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000 == 0) {
                return nanos / 1_000_000 + "ms";
            }
            if (nanos % 1_000 == 0) {
                return trim(nanos / 1_000.0) + "µs";
            }
            return nanos + "ns";
        }
        long hours = nanos / 3_600_000_000_000L;
        long minutes = nanos / 60_000_000_000L % 60;
        double seconds = (nanos % 60_000_000_000L) / 1e9;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(trim(seconds)).append('s');
        return sb.toString();
    }

    private static String trim(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s;
    }
}
