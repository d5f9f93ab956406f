package dev.drydock.build;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Image;
import dev.drydock.engine.Timestamps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic builder's step cache: a step whose parent image, history line and resulting config match an
 * earlier step reuses that step's image. Each entry is also a build-cache record for {@code /system/df} and
 * {@code POST /build/prune}.
 */
public final class BuildCache {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** One cached step. */
    record Entry(String id, String key, String imageId, String parentId, String description, long size,
                 Instant created, Instant lastUsed, int usageCount) {
    }

    private final Engine engine;
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    /** COPY source references by a key of the context's arrival digests (a pure function's results, LRU). */
    private final Map<String, String> sourceHashes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 512;
        }
    };

    BuildCache(Engine engine) {
        this.engine = engine;
    }

    /** The cached image for a step, or null (also when the image was removed since). */
    Image lookup(String key) {
        Entry e = byKey.get(key);
        if (e == null) {
            return null;
        }
        Image img = engine.images().find(e.imageId());
        if (img == null) {
            byKey.remove(key, e);
            return null;
        }
        byKey.replace(key, e, new Entry(e.id(), key, e.imageId(), e.parentId(), e.description(), e.size(),
                e.created(), engine.config().clock().instant(), e.usageCount() + 1));
        return img;
    }

    /** The memo of COPY source references (callers synchronize on it). */
    Map<String, String> sourceHashes() {
        return sourceHashes;
    }

    void put(String key, Image image, String parentId, String description, long size) {
        Instant now = engine.config().clock().instant();
        byKey.put(key, new Entry(newId(), key, image.id(), parentId, description, size, now, now, 1));
    }

    private String newId() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append(ALPHABET.charAt(engine.config().ids().nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The records in the {@code BuildCache} shape of {@code /system/df}, newest first. */
    public List<Map<String, Object>> records() {
        List<Entry> entries = new ArrayList<>(byKey.values());
        entries.sort(Comparator.comparing(Entry::created).reversed().thenComparing(Entry::id));
        Map<String, String> idByImage = new LinkedHashMap<>();
        entries.forEach(e -> idByImage.put(e.imageId(), e.id()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", e.id());
            String parent = idByImage.get(e.parentId());
            m.put("Parent", parent == null ? "" : parent);
            m.put("Parents", parent == null ? null : List.of(parent));
            m.put("Type", "regular");
            m.put("Description", e.description());
            m.put("InUse", false);
            m.put("Shared", false);
            m.put("Size", e.size());
            m.put("CreatedAt", e.created().toString());
            m.put("LastUsedAt", e.lastUsed().toString());
            m.put("UsageCount", e.usageCount());
            out.add(m);
        }
        return out;
    }

    /** The result of a prune. */
    public record PruneResult(List<String> deleted, long spaceReclaimed) {
    }

    /**
     * Drops cache records ({@code POST /build/prune}): all of them, or those matching {@code until}, {@code id},
     * {@code description} and {@code type}; the next build runs those steps again.
     */
    public PruneResult prune(Filters filters) {
        Set<String> known = Set.of("until", "id", "parent", "type", "description", "inuse", "shared", "private");
        for (String k : filters.keys()) {
            if (!known.contains(k)) {
                throw EngineException.badRequest("failed to prune build cache: Invalid filter '" + k + "'");
            }
        }
        long until = filters.contains("until")
                ? Timestamps.parseNanos(filters.get("until").iterator().next(), engine.config().clock())
                : Long.MAX_VALUE;
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Entry e : new ArrayList<>(byKey.values())) {
            if (Timestamps.toNanos(e.created()) >= until) {
                continue;
            }
            if (filters.contains("id") && !filters.get("id").contains(e.id())) {
                continue;
            }
            if (filters.contains("type") && !filters.get("type").contains("regular")) {
                continue;
            }
            if (filters.contains("inuse") || filters.contains("shared")) {
                continue;
            }
            if (filters.contains("description")
                    && filters.get("description").stream().noneMatch(d -> e.description().contains(d))) {
                continue;
            }
            if (byKey.remove(e.key(), e)) {
                deleted.add(e.id());
                reclaimed += e.size();
            }
        }
        return new PruneResult(deleted, reclaimed);
    }
}
