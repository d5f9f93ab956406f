package dev.drydock.admin;

import dev.drydock.runtime.AsyncContainerProgram;
import dev.drydock.runtime.ContainerProgram;
import dev.drydock.runtime.Program;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.Signals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Scripted behaviour of a container's main process, per image (and optionally command): output lines with
 * delays, a health status sequence, ports answering HTTP or echoing TCP, an exit code after a delay or on a
 * signal, or running until stopped. Or, most powerful, any Java program.
 *
 * <pre>{@code
 * drydock.stubs().add(Stub.forImage("acme/api")
 *         .stdout("starting")
 *         .stdout("listening on 8080", Duration.ofMillis(200))
 *         .health("healthy", Duration.ofMillis(300))
 *         .httpPort(8080, 200, "{\"ok\":true}")
 *         .exitOnSignal("TERM", 0));                     // runs until stopped, exits 0 on SIGTERM
 * drydock.stubs().add(Stub.forImage("acme/job").stdout("done").exitWith(3));
 * drydock.stubs().add(Stub.forImage("acme/tool").program(ctx -> { ctx.out("hi\n"); return 0; }));
 * }</pre>
 *
 * <p>Delays are timers on the runtime clock; the script holds no thread while it waits. Steps run in order,
 * each {@code delay} after the previous one; the exit comes its own delay after the last line. A mutable builder:
 * {@code add} takes a copy.
 */
public final class Stub {
    /** An output line: to stdout or stderr, {@code delay} after the previous step. */
    public record Line(boolean stderr, String text, Duration delay) {
    }

    /** A health status from {@code after} since the start on. */
    public record HealthStep(String status, Duration after) {
    }

    /** A canned HTTP answer for requests matching method (null: any) and path (null: any). */
    public record HttpRoute(String method, String path, int status, String body, String contentType,
                            Map<String, String> headers) {
    }

    /** A listening port: HTTP routes (first match answers; none: 404), or a TCP echo. */
    public record Port(int port, List<HttpRoute> http, boolean echo) {
    }

    private final String image;
    private String id;
    private List<String> command;
    private Pattern commandMatches;
    private final List<Line> output = new ArrayList<>();
    private final List<HealthStep> health = new ArrayList<>();
    private final Map<Integer, Port> ports = new LinkedHashMap<>();
    private Integer exitCode;
    private Duration exitAfter = Duration.ZERO;
    private final Map<Integer, Integer> signals = new LinkedHashMap<>();
    private Program program;

    private Stub(String image) {
        this.image = image;
    }

    /** A stub for containers of this image (as given at create; {@code acme/api} is {@code acme/api:latest}). */
    public static Stub forImage(String image) {
        if (image == null || image.isBlank()) {
            throw JsonFields.field("image", "must be non-blank");
        }
        return new Stub(image);
    }

    public Stub withId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw JsonFields.field("id", "must be letters, digits, '.', '-' or '_', was \"" + id + "\"");
        }
        this.id = id;
        return this;
    }

    /** Only when the container's Entrypoint + Cmd is exactly this. */
    public Stub whenCommand(String... argv) {
        this.command = List.of(argv);
        return this;
    }

    /** Only when the command line (Entrypoint + Cmd joined by spaces) matches this regex as a whole. */
    public Stub whenCommandMatches(String regex) {
        try {
            this.commandMatches = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw JsonFields.field("commandMatches", "invalid regex: " + e.getDescription());
        }
        return this;
    }

    public Stub stdout(String line) {
        return stdout(line, Duration.ZERO);
    }

    /** Prints {@code line} (a newline is added) {@code delay} after the previous step. */
    public Stub stdout(String line, Duration delay) {
        output.add(new Line(false, line, nonNegative(delay, "output.delayMs")));
        return this;
    }

    public Stub stderr(String line) {
        return stderr(line, Duration.ZERO);
    }

    public Stub stderr(String line, Duration delay) {
        output.add(new Line(true, line, nonNegative(delay, "output.delayMs")));
        return this;
    }

    /** From {@code after} since the start on, {@code State.Health.Status} is {@code status} (with its event). */
    public Stub health(String status, Duration after) {
        if (!List.of("starting", "healthy", "unhealthy").contains(status)) {
            throw JsonFields.field("health.status", "must be starting, healthy or unhealthy, was \"" + status + "\"");
        }
        health.add(new HealthStep(status, nonNegative(after, "health.afterMs")));
        return this;
    }

    /** Listens on {@code port} and answers every HTTP request with this status and body (text/plain). */
    public Stub httpPort(int port, int status, String body) {
        return httpRoute(port, null, null, status, body, null, Map.of());
    }

    /** Adds a canned answer on an HTTP port; routes are tried in the order added, unmatched requests get 404. */
    public Stub httpRoute(int port, String method, String path, int status, String body, String contentType,
                          Map<String, String> headers) {
        checkPort(port);
        if (status < 100 || status > 599) {
            throw JsonFields.field("ports.http.status", "must be between 100 and 599, was " + status);
        }
        Port p = ports.get(port);
        if (p != null && p.echo()) {
            throw JsonFields.field("ports.port", "port " + port + " is already a TCP echo port");
        }
        List<HttpRoute> routes = new ArrayList<>(p == null ? List.of() : p.http());
        routes.add(new HttpRoute(method, path, status, body == null ? "" : body, contentType, Map.copyOf(headers)));
        ports.put(port, new Port(port, List.copyOf(routes), false));
        return this;
    }

    /** Listens on {@code port} and echoes every byte back. */
    public Stub tcpEcho(int port) {
        checkPort(port);
        if (ports.containsKey(port)) {
            throw JsonFields.field("ports.port", "port " + port + " is declared twice");
        }
        ports.put(port, new Port(port, List.of(), true));
        return this;
    }

    /** Exits with {@code code} right after the last output line. */
    public Stub exitWith(int code) {
        return exitWith(code, Duration.ZERO);
    }

    /** Exits with {@code code} {@code after} the last output line. */
    public Stub exitWith(int code, Duration after) {
        if (code < 0 || code > 255) {
            throw JsonFields.field("exit.code", "must be between 0 and 255, was " + code);
        }
        this.exitCode = code;
        this.exitAfter = nonNegative(after, "exit.afterMs");
        return this;
    }

    /** Exits with {@code code} on this signal ({@code TERM}, {@code SIGINT}, {@code 15}...). */
    public Stub exitOnSignal(String signal, int code) {
        int sig;
        try {
            sig = Signals.parse(signal);
        } catch (RuntimeException e) {
            sig = -1;
        }
        if (sig <= 0) {
            throw JsonFields.field("signals." + signal, "unknown signal");
        }
        if (code < 0 || code > 255) {
            throw JsonFields.field("signals." + signal, "exit code must be between 0 and 255, was " + code);
        }
        signals.put(sig, code);
        return this;
    }

    /** Runs until stopped (the default when no exit is given): forgets a previous {@link #exitWith}. */
    public Stub runUntilStopped() {
        this.exitCode = null;
        this.exitAfter = Duration.ZERO;
        return this;
    }

    /** Runs this Java program as the main process instead of a script (health steps still apply). */
    public Stub program(ContainerProgram p) {
        this.program = Program.of(p);
        return this;
    }

    /** Runs this thread-free Java program as the main process instead of a script. */
    public Stub programAsync(AsyncContainerProgram p) {
        this.program = Program.async(p);
        return this;
    }

    private static Duration nonNegative(Duration d, String field) {
        if (d.isNegative()) {
            throw JsonFields.field(field, "must not be negative, was " + d.toMillis());
        }
        return d;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw JsonFields.field("ports.port", "must be between 1 and 65535, was " + port);
        }
    }

    void validate() {
        if (program != null && (!output.isEmpty() || !ports.isEmpty() || exitCode != null || !signals.isEmpty())) {
            throw new IllegalArgumentException("field \"program\": a Java program replaces the script: give one");
        }
        if (command != null && commandMatches != null) {
            throw JsonFields.field("commandMatches", "give command or commandMatches, not both");
        }
    }

    public String id() {
        return id;
    }

    public String image() {
        return image;
    }

    List<Line> output() {
        return output;
    }

    List<HealthStep> healthSteps() {
        return health;
    }

    List<Port> ports() {
        return List.copyOf(ports.values());
    }

    Integer exitCode() {
        return exitCode;
    }

    Duration exitAfter() {
        return exitAfter;
    }

    Map<Integer, Integer> signals() {
        return signals;
    }

    Program javaProgram() {
        return program;
    }

    /** True when it names a command (more specific than an image-only stub). */
    boolean hasCommand() {
        return command != null || commandMatches != null;
    }

    boolean matches(String normalizedImage, List<String> argv) {
        if (!ProgramRegistry.normalizeImage(image).equals(normalizedImage)) {
            return false;
        }
        if (command != null) {
            return command.equals(argv);
        }
        return commandMatches == null || commandMatches.matcher(String.join(" ", argv)).matches();
    }

    Stub copy() {
        Stub s = new Stub(image);
        s.id = id;
        s.command = command;
        s.commandMatches = commandMatches;
        s.output.addAll(output);
        s.health.addAll(health);
        s.ports.putAll(ports);
        s.exitCode = exitCode;
        s.exitAfter = exitAfter;
        s.signals.putAll(signals);
        s.program = program;
        return s;
    }

    /** The definition in the JSON form {@code POST /_drydock/stubs} takes (a Java program shows as "java"). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (id != null) {
            m.put("id", id);
        }
        m.put("image", image);
        if (command != null) {
            m.put("command", command);
        }
        if (commandMatches != null) {
            m.put("commandMatches", commandMatches.pattern());
        }
        if (program != null) {
            m.put("program", "java");
        }
        if (!output.isEmpty()) {
            List<Object> l = new ArrayList<>();
            for (Line line : output) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put(line.stderr() ? "stderr" : "stdout", line.text());
                o.put("delayMs", line.delay().toMillis());
                l.add(o);
            }
            m.put("output", l);
        }
        if (!health.isEmpty()) {
            m.put("health", health.stream().map(h -> Map.of("status", h.status(), "afterMs", h.after().toMillis()))
                    .toList());
        }
        if (!ports.isEmpty()) {
            List<Object> l = new ArrayList<>();
            for (Port p : ports.values()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("port", p.port());
                if (p.echo()) {
                    o.put("echo", true);
                } else {
                    List<Object> routes = new ArrayList<>();
                    for (HttpRoute r : p.http()) {
                        Map<String, Object> ro = new LinkedHashMap<>();
                        if (r.method() != null) {
                            ro.put("method", r.method());
                        }
                        if (r.path() != null) {
                            ro.put("path", r.path());
                        }
                        ro.put("status", r.status());
                        ro.put("body", r.body());
                        if (r.contentType() != null) {
                            ro.put("contentType", r.contentType());
                        }
                        if (!r.headers().isEmpty()) {
                            ro.put("headers", r.headers());
                        }
                        routes.add(ro);
                    }
                    o.put("http", routes);
                }
                l.add(o);
            }
            m.put("ports", l);
        }
        if (exitCode != null) {
            m.put("exit", Map.of("code", exitCode, "afterMs", exitAfter.toMillis()));
        }
        if (!signals.isEmpty()) {
            Map<String, Object> s = new LinkedHashMap<>();
            signals.forEach((sig, code) -> s.put(Signals.name(sig), code));
            m.put("signals", s);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Stub" + toJson();
    }
}
