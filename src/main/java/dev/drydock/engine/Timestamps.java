package dev.drydock.engine;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's {@code since}/{@code until} values: Unix seconds (with fraction), RFC 3339, or a Go duration ago. */
public final class Timestamps {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Timestamps() {
    }

    /** Parses a timestamp to Unix nanoseconds; Docker's 400 for anything else. */
    public static long parseNanos(String value, Clock clock) {
        String v = value.trim();
        try {
            if (v.matches("-?\\d+(\\.\\d*)?")) {
                BigDecimal seconds = new BigDecimal(v);
                return seconds.movePointRight(9).longValue();
            }
            if (v.matches("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+")) {
                return toNanos(clock.instant()) - durationNanos(v);
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return toNanos(Instant.parse(v + "T00:00:00Z"));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
                return toNanos(Instant.parse(v + (v.length() == 16 ? ":00Z" : "Z")));
            }
            return toNanos(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw EngineException.badRequest("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    /** A Go duration such as {@code 1h30m} in nanoseconds. */
    public static long durationNanos(String v) {
        Matcher m = DURATION_PART.matcher(v);
        long total = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (n * unit);
        }
        return total;
    }

    public static long toNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
