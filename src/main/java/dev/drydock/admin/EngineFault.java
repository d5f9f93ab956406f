package dev.drydock.admin;

import dev.drydock.engine.EngineFaultHooks;
import dev.drydock.runtime.ProgramRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fault inside the simulated daemon rather than on the HTTP surface: a container that exits with a code or
 * is OOM-killed (at start or after a while), a pull refused by Docker Hub's rate limit, a disk-full create.
 *
 * <pre>{@code
 * drydock.engineFaults().add(EngineFault.oomKilled().forImage("acme/api").after(Duration.ofSeconds(2)));
 * drydock.engineFaults().add(EngineFault.exits(3).forContainerName("worker").once());
 * drydock.engineFaults().add(EngineFault.pullRateLimited().forImage("redis").times(2));
 * drydock.engineFaults().add(EngineFault.diskFullOnCreate().withLabel("tier", "db"));
 * }</pre>
 *
 * <p>Matching: {@code image} is compared as given at create or pull, normalized as the registry does
 * ({@code docker.io/library/redis} and {@code redis} are {@code redis:latest}); name and labels only apply to
 * containers. With no matcher a fault applies to every container (or pull). A mutable builder: {@code add}
 * takes a copy.
 */
public final class EngineFault {
    /** Docker Hub's message when the anonymous pull quota is used up. */
    public static final String RATE_LIMIT_MESSAGE = "toomanyrequests: You have reached your pull rate limit. You may "
            + "increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit";

    /** What goes wrong. */
    public enum Kind {
        /** The container's process exits with a given code. */
        EXIT("exit"),
        /** The kernel's OOM killer ends the container (OOMKilled, 137, events oom then die). */
        OOM("oom"),
        /** The registry refuses the pull: {@code toomanyrequests}. */
        PULL_RATE_LIMIT("pullRateLimit"),
        /** Creating the container's layer fails: {@code no space left on device}. */
        DISK_FULL("diskFull");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The name in JSON. */
        public String wire() {
            return wire;
        }

        static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.wire.equals(s)) {
                    return k;
                }
            }
            throw JsonFields.field("kind", "must be exit, oom, pullRateLimit or diskFull, was \"" + s + "\"");
        }
    }

    private final Kind kind;
    private String id;
    private String image;
    private String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private int exitCode;
    private Duration after = Duration.ZERO;
    private boolean inBand;
    private String message;
    private int times = -1;

    private EngineFault(Kind kind) {
        this.kind = kind;
    }

    /** The container's process exits with {@code code} (at start, or {@link #after} a delay). */
    public static EngineFault exits(int code) {
        if (code < 0 || code > 255) {
            throw JsonFields.field("exitCode", "must be between 0 and 255, was " + code);
        }
        EngineFault f = new EngineFault(Kind.EXIT);
        f.exitCode = code;
        return f;
    }

    /** The container is OOM-killed (at start, or {@link #after} a delay). */
    public static EngineFault oomKilled() {
        EngineFault f = new EngineFault(Kind.OOM);
        f.exitCode = 137;
        return f;
    }

    /** A pull is refused with Docker Hub's {@code toomanyrequests} error. */
    public static EngineFault pullRateLimited() {
        return new EngineFault(Kind.PULL_RATE_LIMIT);
    }

    /** A container create fails with {@code no space left on device}. */
    public static EngineFault diskFullOnCreate() {
        return new EngineFault(Kind.DISK_FULL);
    }

    /** Its own id (letters, digits, {@code .-_}); generated when not given. */
    public EngineFault withId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw JsonFields.field("id", "must be letters, digits, '.', '-' or '_', was \"" + id + "\"");
        }
        this.id = id;
        return this;
    }

    /** Only containers of (or pulls of) this image. */
    public EngineFault forImage(String image) {
        if (image == null || image.isBlank()) {
            throw JsonFields.field("image", "must be non-blank");
        }
        this.image = image;
        return this;
    }

    /** Only the container with this name. */
    public EngineFault forContainerName(String name) {
        if (name == null || name.isBlank()) {
            throw JsonFields.field("name", "must be non-blank");
        }
        this.name = name.startsWith("/") ? name.substring(1) : name;
        return this;
    }

    /** Only containers with this label value (repeatable: all must match). */
    public EngineFault withLabel(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** Exit or OOM this long after the start instead of at once. */
    public EngineFault after(Duration d) {
        if (d.isNegative()) {
            throw JsonFields.field("afterMs", "must not be negative, was " + d.toMillis());
        }
        this.after = d;
        return this;
    }

    /**
     * For a rate-limited pull: true to fail inside the progress stream (HTTP 200, "Pulling from", then the error
     * line, as when the registry refuses a layer); false (default) to fail before it, as dockerd does when the
     * manifest request is refused: HTTP 500 with the message, which the CLI prints as "Error response from daemon".
     */
    public EngineFault inBand(boolean b) {
        this.inBand = b;
        return this;
    }

    /** Replaces the default error message (rate limit and disk full). */
    public EngineFault message(String m) {
        this.message = m;
        return this;
    }

    /** Applies to the next {@code n} matching containers (or pulls) only. */
    public EngineFault times(int n) {
        if (n < 1) {
            throw JsonFields.field("times", "must be at least 1, was " + n);
        }
        this.times = n;
        return this;
    }

    public EngineFault once() {
        return times(1);
    }

    void validate() {
        if (!after.isZero() && kind != Kind.EXIT && kind != Kind.OOM) {
            throw JsonFields.field("afterMs", "only for exit and oom faults");
        }
        if (inBand && kind != Kind.PULL_RATE_LIMIT) {
            throw JsonFields.field("inBand", "only for pullRateLimit faults");
        }
        if (kind == Kind.PULL_RATE_LIMIT && (name != null || !labels.isEmpty())) {
            throw JsonFields.field(name != null ? "name" : "labels", "a pull has no container: match it by image");
        }
        if (message != null && (kind == Kind.EXIT || kind == Kind.OOM)) {
            throw JsonFields.field("message", "only for pullRateLimit and diskFull faults");
        }
    }

    public Kind kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    /** -1 for until removed. */
    public int times() {
        return times;
    }

    boolean matchesPull(String ref) {
        return kind == Kind.PULL_RATE_LIMIT && (image == null || sameImage(image, ref));
    }

    boolean matchesContainer(EngineFaultHooks.ContainerFacts c) {
        if (image != null && (c.image() == null || c.image().isEmpty() || !sameImage(image, c.image()))) {
            return false;
        }
        if (name != null && !name.equals(c.name())) {
            return false;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!e.getValue().equals(c.labels().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameImage(String a, String b) {
        return ProgramRegistry.normalizeImage(a).equals(ProgramRegistry.normalizeImage(b));
    }

    EngineFaultHooks.PlannedExit plannedExit() {
        return new EngineFaultHooks.PlannedExit(exitCode, kind == Kind.OOM, after);
    }

    EngineFaultHooks.PullFailure pullFailure() {
        return new EngineFaultHooks.PullFailure(message != null ? message : RATE_LIMIT_MESSAGE, inBand);
    }

    /** dockerd's message when the layer store cannot create the container's init layer. */
    String diskFullMessage(String containerId) {
        return message != null ? message
                : "mkdir /var/lib/docker/overlay2/" + containerId + "-init: no space left on device";
    }

    EngineFault copy() {
        EngineFault f = new EngineFault(kind);
        f.id = id;
        f.image = image;
        f.name = name;
        f.labels.putAll(labels);
        f.exitCode = exitCode;
        f.after = after;
        f.inBand = inBand;
        f.message = message;
        f.times = times;
        return f;
    }

    /** The definition in the JSON form {@code POST /_drydock/engine-faults} takes. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.put("kind", kind.wire());
        if (image != null) {
            m.put("image", image);
        }
        if (name != null) {
            m.put("name", name);
        }
        if (!labels.isEmpty()) {
            m.put("labels", new LinkedHashMap<>(labels));
        }
        if (kind == Kind.EXIT) {
            m.put("exitCode", exitCode);
        }
        if (kind == Kind.EXIT || kind == Kind.OOM) {
            m.put("afterMs", after.toMillis());
        }
        if (kind == Kind.PULL_RATE_LIMIT) {
            m.put("inBand", inBand);
        }
        if (message != null) {
            m.put("message", message);
        }
        if (times > 0) {
            m.put("times", times);
        }
        return m;
    }

    /** Reads a definition from its JSON form; problems are 400s naming the field. */
    public static EngineFault fromJson(com.fasterxml.jackson.databind.JsonNode node) {
        JsonFields.requireObject(node, "");
        JsonFields.checkFields(node, java.util.Set.of("id", "kind", "image", "name", "labels", "exitCode", "afterMs",
                "inBand", "message", "times"), "");
        if (!node.has("kind")) {
            throw JsonFields.field("kind", "required: exit, oom, pullRateLimit or diskFull");
        }
        Kind kind = Kind.parse(JsonFields.text(node, "kind", "kind"));
        if (node.has("exitCode") && kind != Kind.EXIT) {
            throw JsonFields.field("exitCode", "only for exit faults (oom is always 137)");
        }
        EngineFault f = switch (kind) {
            case EXIT -> exits(node.has("exitCode") ? (int) JsonFields.integer(node, "exitCode", "exitCode") : 1);
            case OOM -> oomKilled();
            case PULL_RATE_LIMIT -> pullRateLimited();
            case DISK_FULL -> diskFullOnCreate();
        };
        if (node.has("id")) {
            f.withId(JsonFields.text(node, "id", "id"));
        }
        if (node.has("image")) {
            f.forImage(JsonFields.text(node, "image", "image"));
        }
        if (node.has("name")) {
            f.forContainerName(JsonFields.text(node, "name", "name"));
        }
        if (node.has("labels")) {
            JsonFields.stringMap(node, "labels", "labels").forEach(f::withLabel);
        }
        if (node.has("afterMs")) {
            f.after(Duration.ofMillis(JsonFields.nonNegative(node, "afterMs", "afterMs")));
        }
        if (node.has("inBand")) {
            f.inBand(JsonFields.bool(node, "inBand", "inBand"));
        }
        if (node.has("message")) {
            f.message(JsonFields.text(node, "message", "message"));
        }
        if (node.has("times")) {
            long t = JsonFields.integer(node, "times", "times");
            f.times((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, t)));
        }
        f.validate();
        return f;
    }

    @Override
    public String toString() {
        return "EngineFault" + toJson();
    }
}
