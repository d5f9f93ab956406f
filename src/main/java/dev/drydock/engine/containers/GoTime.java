package dev.drydock.engine.containers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as Go's RFC3339Nano prints them: UTC, nanoseconds with trailing zeros dropped. */
public final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoTime() {
    }

    public static String rfc3339Nano(Instant t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (end > 0 && frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** With all nine digits, as log timestamps print them (RFC3339Nano fixed width). */
    public static String rfc3339NanoFixed(long epochNanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
        return SECONDS.format(t) + "." + String.format("%09d", t.getNano()) + "Z";
    }
}
