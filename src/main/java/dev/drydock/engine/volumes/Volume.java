package dev.drydock.engine.volumes;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One volume of the {@code local} driver: its identity and its data directory (in the engine's Jimfs).
 *
 * <p>Immutable; who uses it is kept by {@link VolumeService}.
 *
 * @param name      the volume name (64 hex digits for anonymous volumes)
 * @param driver    always {@code local}
 * @param labels    labels, empty when none (rendered as null, as the daemon does)
 * @param options   driver options, empty when none (rendered as null)
 * @param createdAt creation time, from the engine's clock
 * @param dataDir   where its content lives
 */
public record Volume(String name, String driver, Map<String, String> labels, Map<String, String> options,
                     Instant createdAt, Path dataDir) {

    /** The label the daemon puts on a volume it named itself. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    /** The only driver there is. */
    public static final String LOCAL = "local";

    public Volume {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** True for a volume created without a name (it carries {@link #ANONYMOUS_LABEL}). */
    public boolean anonymous() {
        return labels.containsKey(ANONYMOUS_LABEL);
    }

    /** The path a daemon shows for it: {@code /var/lib/docker/volumes/NAME/_data}. */
    public String mountpoint() {
        return mountpoint(name);
    }

    /** The path a daemon shows for a volume's data. */
    public static String mountpoint(String name) {
        return "/var/lib/docker/volumes/" + name + "/_data";
    }

    /** The API's {@code Volume} object, without UsageData. */
    public Map<String, Object> toApi() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreatedAt", createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("Driver", driver);
        m.put("Labels", labels.isEmpty() ? null : labels);
        m.put("Mountpoint", mountpoint());
        m.put("Name", name);
        m.put("Options", options.isEmpty() ? null : options);
        m.put("Scope", "local");
        return m;
    }

    /** The API's {@code Volume} object with {@code UsageData}, as /system/df shows it. */
    public Map<String, Object> toApi(long size, int refCount) {
        Map<String, Object> m = toApi();
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("RefCount", refCount);
        usage.put("Size", size);
        m.put("UsageData", usage);
        return m;
    }
}
