package dev.drydock.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fault rule being defined: which requests ({@link RequestPattern}) and what happens to them.
 *
 * <pre>{@code
 * drydock.faults().add(Fault.on("POST", "/images/create")
 *         .respond(500, "toomanyrequests: You have reached your pull rate limit.")
 *         .times(2));
 * drydock.faults().add(Fault.on("GET", "/events").failAfterLines(3, "unexpected EOF"));
 * drydock.faults().add(Fault.on("ANY", "/**").delay(Duration.ofMillis(50)));
 * }</pre>
 *
 * <p>Paths are matched without the {@code /vX.Y} prefix unless {@link #onRawPath()} is set. Exactly one action
 * (respond, drop, fail mid-stream) may be given; a delay may come alone (latency before the real handler) or
 * with an action. Rules apply until removed unless limited with {@link #times(int)}; among matching rules the
 * lowest {@link #priority(int)} wins, then the most recently added. A mutable builder: {@code add} takes a copy.
 */
public final class Fault {
    /** WireMock's default priority: lower numbers win. */
    public static final int DEFAULT_PRIORITY = 5;
    /** The state every scenario starts in, and returns to on reset. */
    public static final String STARTED = "Started";

    private String id;
    private RequestPattern request;
    private FaultAction action;
    private Delay delay;
    private int times = -1;
    private int priority = DEFAULT_PRIORITY;
    private String scenario;
    private String whenState;
    private String setState;

    private Fault(RequestPattern request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** Requests with this method ({@code ANY} for all) whose versionless path matches the glob. */
    public static Fault on(String method, String pathGlob) {
        return new Fault(RequestPattern.of(method, PathPattern.glob(pathGlob)));
    }

    /** Requests with this method whose versionless path matches the regex (as a whole). */
    public static Fault onRegex(String method, String pathRegex) {
        return new Fault(RequestPattern.of(method, PathPattern.regex(pathRegex)));
    }

    /** Requests matching the pattern (the same patterns verification uses). */
    public static Fault on(RequestPattern pattern) {
        return new Fault(pattern);
    }

    /** Gives the rule a chosen id (default: generated). */
    public Fault withId(String id) {
        if (id != null && (id.isBlank() || id.contains("/"))) {
            throw new IllegalArgumentException("field \"id\": must be non-blank and contain no '/', was \"" + id + "\"");
        }
        this.id = id;
        return this;
    }

    /** Match the path as sent, with any {@code /vX.Y} prefix. */
    public Fault onRawPath() {
        request = request.onRawPath();
        return this;
    }

    public Fault withQueryParam(String name, StringMatcher matcher) {
        request = request.withQueryParam(name, matcher);
        return this;
    }

    public Fault withHeader(String name, StringMatcher matcher) {
        request = request.withHeader(name, matcher);
        return this;
    }

    /** Also requires the body to match: the body is then read before routing for requests that match the rest. */
    public Fault withRequestBody(StringMatcher matcher) {
        request = request.withRequestBody(matcher);
        return this;
    }

    /** Answers with the status and Docker's error body {@code {"message": "drydock: injected fault"}}. */
    public Fault respond(int status) {
        return respond(status, "drydock: injected fault");
    }

    /** Answers with the status and Docker's error body {@code {"message": message}}. */
    public Fault respond(int status, String message) {
        return action(FaultAction.Respond.dockerError(status, Objects.requireNonNull(message, "message")));
    }

    /** Answers with any status, content type and body. */
    public Fault respondWith(int status, String contentType, String body) {
        return action(new FaultAction.Respond(status, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                contentType, Map.of()));
    }

    /** Adds a header to the response this fault answers with (after {@code respond...}). */
    public Fault withResponseHeader(String name, String value) {
        if (!(action instanceof FaultAction.Respond r)) {
            throw new IllegalStateException("withResponseHeader needs respond(...) first");
        }
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put(name, value);
        action = new FaultAction.Respond(r.status(), r.body(), r.contentType(), h);
        return this;
    }

    /** Resets the TCP connection (RST) before any response byte. */
    public Fault resetConnection() {
        return action(new FaultAction.Drop(FaultAction.DropMode.RESET));
    }

    /** Closes the connection before any response byte. */
    public Fault closeConnection() {
        return action(new FaultAction.Drop(FaultAction.DropMode.CLOSE));
    }

    /** Lets {@code lines} lines of the real response through, then ends it with Docker's in-band error line. */
    public Fault failAfterLines(int lines, String error) {
        return action(new FaultAction.FailMidStream(true, lines, Objects.requireNonNull(error, "error")));
    }

    /** Lets {@code lines} lines of the real response through, then cuts the connection. */
    public Fault cutAfterLines(int lines) {
        return action(new FaultAction.FailMidStream(true, lines, null));
    }

    /** Lets {@code chunks} writes of the real response through, then ends it with the in-band error line. */
    public Fault failAfterChunks(int chunks, String error) {
        return action(new FaultAction.FailMidStream(false, chunks, Objects.requireNonNull(error, "error")));
    }

    /** Lets {@code chunks} writes of the real response through, then cuts the connection. */
    public Fault cutAfterChunks(int chunks) {
        return action(new FaultAction.FailMidStream(false, chunks, null));
    }

    /** Waits this long before handling (or before the fault's own action). */
    public Fault delay(Duration d) {
        this.delay = Delay.fixed(d.toMillis());
        return this;
    }

    /** Waits a uniformly random time between the bounds (inclusive) before handling. */
    public Fault randomDelay(Duration min, Duration max) {
        this.delay = new Delay(min.toMillis(), max.toMillis());
        return this;
    }

    /** Applies to the next {@code n} matching requests only, then the rule is gone. */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("field \"times\": must be at least 1, was " + n);
        }
        this.times = n;
        return this;
    }

    /** Applies to the next matching request only. */
    public Fault once() {
        return times(1);
    }

    /** Lower numbers win over higher ones when several rules match (default 5). */
    public Fault priority(int p) {
        this.priority = p;
        return this;
    }

    /** Puts the rule in a named scenario (which starts in {@link #STARTED}). */
    public Fault inScenario(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field \"scenario\": must be non-blank");
        }
        this.scenario = name;
        return this;
    }

    /** The rule applies only while its scenario is in this state. */
    public Fault whenScenarioStateIs(String state) {
        this.whenState = state;
        return this;
    }

    /** Each time the rule applies, its scenario moves to this state. */
    public Fault willSetStateTo(String state) {
        this.setState = state;
        return this;
    }

    private Fault action(FaultAction a) {
        if (action != null) {
            throw new IllegalStateException("a fault has one action; it already has " + action.toJsonField().getKey());
        }
        this.action = a;
        return this;
    }

    /** Checks the definition is complete and consistent; messages name the offending field. */
    void validate() {
        if (action == null && delay == null) {
            throw new IllegalArgumentException("field \"respond\": a fault needs respond, drop, failMidStream or delay");
        }
        if ((whenState != null || setState != null) && scenario == null) {
            throw new IllegalArgumentException("field \"scenario\": required with whenState or setState");
        }
    }

    public String id() {
        return id;
    }

    public RequestPattern request() {
        return request;
    }

    /** The action, or null for a pure delay. */
    public FaultAction action() {
        return action;
    }

    /** The delay, or null. */
    public Delay delay() {
        return delay;
    }

    /** How many more times the rule applies; -1 for until removed. */
    public int times() {
        return times;
    }

    public int priority() {
        return priority;
    }

    public String scenario() {
        return scenario;
    }

    public String whenState() {
        return whenState;
    }

    public String setState() {
        return setState;
    }

    Fault copy() {
        Fault f = new Fault(request);
        f.id = id;
        f.action = action;
        f.delay = delay;
        f.times = times;
        f.priority = priority;
        f.scenario = scenario;
        f.whenState = whenState;
        f.setState = setState;
        return f;
    }

    /** The definition as JSON fields, the same shape {@code POST /_drydock/faults} takes. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.putAll(request.toJson());
        if (action != null) {
            Map.Entry<String, Object> a = action.toJsonField();
            m.put(a.getKey(), a.getValue());
        }
        if (delay != null) {
            m.put("delay", delay.toJson());
        }
        if (times > 0) {
            m.put("times", times);
        }
        m.put("priority", priority);
        if (scenario != null) {
            m.put("scenario", scenario);
        }
        if (whenState != null) {
            m.put("whenState", whenState);
        }
        if (setState != null) {
            m.put("setState", setState);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Fault" + toJson();
    }
}
