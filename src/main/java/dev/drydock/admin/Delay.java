package dev.drydock.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Latency added before a request is handled: fixed, or uniformly random between two bounds (milliseconds). */
public record Delay(long minMs, long maxMs) {
    public Delay {
        if (minMs < 0) {
            throw new IllegalArgumentException("field \"delay.minMs\": must not be negative, was " + minMs);
        }
        if (maxMs < minMs) {
            throw new IllegalArgumentException("field \"delay.maxMs\": must be at least minMs (" + minMs + "), was "
                    + maxMs);
        }
    }

    /** Always this many milliseconds. */
    public static Delay fixed(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("field \"delay.fixedMs\": must not be negative, was " + ms);
        }
        return new Delay(ms, ms);
    }

    /** The delay for one request. */
    public long nextMillis() {
        return minMs == maxMs ? minMs : ThreadLocalRandom.current().nextLong(minMs, maxMs + 1);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (minMs == maxMs) {
            m.put("fixedMs", minMs);
        } else {
            m.put("minMs", minMs);
            m.put("maxMs", maxMs);
        }
        return m;
    }
}
