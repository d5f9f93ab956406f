package dev.drydock.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's JSON progress messages (pull, push, load) and its progress bar text. */
final class Progress {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Progress() {
    }

    /** {@code {"status":..,"id":..}}. */
    static Map<String, Object> status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) {
            m.put("id", id);
        }
        return m;
    }

    /** {@code {"status":..,"progressDetail":{},"id":..}}. */
    static Map<String, Object> step(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("progressDetail", Map.of());
        m.put("id", id);
        return m;
    }

    /** A progress line with current/total and the bar Docker draws. */
    static Map<String, Object> bar(String status, String id, long current, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("current", current);
        detail.put("total", total);
        m.put("progressDetail", detail);
        m.put("progress", barText(current, total));
        m.put("id", id);
        return m;
    }

    /** {@code [=====>      ]  1.2MB/2.4MB}, 50 columns wide. */
    static String barText(long current, long total) {
        int width = 50;
        int bars = total <= 0 ? 0 : (int) Math.min(width, current * width / total);
        String box = "[" + "=".repeat(bars) + ">" + " ".repeat(Math.max(0, width - bars)) + "] ";
        if (bars == width) {
            box = "[" + "=".repeat(width) + ">] ";
        }
        return box + String.format("%8s/%s", humanSize(current), humanSize(total));
    }

    /** Decimal size with three significant digits: 755B, 1.2kB, 2.15MB. */
    static String humanSize(long size) {
        double v = size;
        int unit = 0;
        while (v >= 1000 && unit < UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        return d.toPlainString() + UNITS[unit];
    }

    /** An in-band stream error, as Docker reports failures after a stream started. */
    static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        return m;
    }
}
