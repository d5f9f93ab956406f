package dev.drydock.runtime.programs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.RuntimeClock;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.net.NetStack;

/**
 * The {@code testcontainers/ryuk} resource reaper: clients send Docker filters, one URL-encoded query per line
 * ({@code label=org.testcontainers.sessionId%3Dabc&label=...}), each answered {@code ACK\n}; once every client
 * has gone and none came back within the reconnection timeout, the matching containers (forced), networks,
 * volumes and images are removed and the program exits.
 *
 * <p>The removal goes through a {@link Reaper} the engine supplies when it registers the program, so the runtime
 * stays free of engine imports. Environment as the real Ryuk: {@code RYUK_PORT} (8080),
 * {@code RYUK_CONNECTION_TIMEOUT} (60s), {@code RYUK_RECONNECTION_TIMEOUT} (10s), Go durations.
 */
public final class Ryuk {
    /** The marker-file program name the catalog's ryuk images run ({@code /bin/ryuk}). */
    public static final String PROGRAM = "ryuk";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
        .withZone(ZoneOffset.UTC);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** What Ryuk removes with; the engine implements it. */
    @FunctionalInterface
    public interface Reaper {
        /**
         * Removes the containers (forced, with their anonymous volumes), then networks, volumes and images that
         * match every one of the Docker filters ({@code label -> ["k=v", ...]}), skipping Ryuk's own container.
         */
        Removed prune(Map<String, List<String>> filters);
    }

    /** How many resources one prune removed. */
    public record Removed(int containers, int networks, int volumes, int images) {
        Removed plus(Removed o) {
            return new Removed(containers + o.containers, networks + o.networks, volumes + o.volumes,
                images + o.images);
        }
    }

    private final Reaper reaper;

    private Ryuk(Reaper reaper) {
        this.reaper = reaper;
    }

    /** Registers the {@code ryuk} program, removing through {@code reaper}. */
    public static void register(ProgramRegistry registry, Reaper reaper) {
        registry.registerProgramAsync(PROGRAM, new Ryuk(reaper)::start);
    }

    private CompletionStage<Integer> start(ProgramContext ctx) throws IOException {
        int port = intEnv(ctx, "RYUK_PORT", 8080);
        Duration connectionTimeout = durationEnv(ctx, "RYUK_CONNECTION_TIMEOUT", Duration.ofSeconds(60));
        Duration reconnectionTimeout = durationEnv(ctx, "RYUK_RECONNECTION_TIMEOUT", Duration.ofSeconds(10));
        Session s = new Session(ctx, reconnectionTimeout);
        log(ctx, "INFO", "starting connection_timeout=" + go(connectionTimeout) + " reconnection_timeout="
            + go(reconnectionTimeout) + " request_timeout=10s shutdown_timeout=10m0s remove_retries=10"
            + " retry_offset=-1s changes_retry_interval=1s port=" + port + " verbose=false");
        NetStack.Listener listener;
        try {
            listener = ctx.net().listen(port, s::serve);
        } catch (java.net.BindException e) {
            log(ctx, "ERROR", "run error=\"listen tcp :" + port + ": bind: address already in use\"");
            return CompletableFuture.completedFuture(1);
        }
        ctx.onExit(listener::close);
        log(ctx, "INFO", "Started address=[::]:" + port);
        s.timer = ctx.schedule(connectionTimeout, () -> s.firstConnectionTimeout());
        for (int sig : new int[] {Signals.SIGTERM, Signals.SIGINT}) {
            ctx.onSignal(sig, x -> {
                logQuietly(ctx, "INFO", "signal received signal=" + Signals.name(x).toLowerCase());
                s.done.complete(0);
            });
        }
        return s.done;
    }

    /** One Ryuk process: its filters and clients. */
    private final class Session {
        final ProgramContext ctx;
        final Duration reconnectionTimeout;
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final List<Map<String, List<String>>> filters = new ArrayList<>();
        int clients;
        boolean everConnected;
        RuntimeClock.Timer timer;

        Session(ProgramContext ctx, Duration reconnectionTimeout) {
            this.ctx = ctx;
            this.reconnectionTimeout = reconnectionTimeout;
        }

        void serve(NetStack.Connection conn) throws IOException {
            synchronized (this) {
                if (done.isDone()) {
                    conn.close();
                    return;
                }
                clients++;
                everConnected = true;
                cancelTimer();
                logQuietly(ctx, "INFO", "client connected address=" + conn.remoteAddress() + " clients=" + clients);
            }
            try (conn) {
                BufferedReader in = new BufferedReader(new InputStreamReader(conn.input(), StandardCharsets.UTF_8));
                OutputStream out = conn.output();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<String, List<String>> f = parse(line);
                    if (f.isEmpty()) {
                        logQuietly(ctx, "ERROR", "add filter error=\"invalid filter: no filters\"");
                        continue;
                    }
                    synchronized (this) {
                        filters.add(f);
                    }
                    f.forEach((k, v) -> logQuietly(ctx, "INFO", "adding filter type=" + k + " values=\"["
                        + String.join(" ", v) + "]\""));
                    out.write("ACK\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away: counted as a disconnect below
            } finally {
                synchronized (this) {
                    clients--;
                    logQuietly(ctx, "INFO", "client disconnected address=" + conn.remoteAddress()
                        + " clients=" + clients);
                    if (clients == 0 && !done.isDone()) {
                        cancelTimer();
                        timer = ctx.schedule(reconnectionTimeout, this::pruneCheck);
                    }
                }
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }

        synchronized void firstConnectionTimeout() {
            if (!everConnected && !done.isDone()) {
                logQuietly(ctx, "ERROR", "run error=\"first connection: context deadline exceeded\"");
                done.complete(1);
            }
        }

        void pruneCheck() {
            List<Map<String, List<String>>> snapshot;
            synchronized (this) {
                if (clients > 0 || done.isDone()) {
                    return;
                }
                logQuietly(ctx, "INFO", "prune check clients=0");
                snapshot = List.copyOf(filters);
            }
            // Removal waits for processes to die: off the timer thread that other programs' timers share.
            Thread t = new Thread(() -> {
                Removed total = new Removed(0, 0, 0, 0);
                for (Map<String, List<String>> f : snapshot) {
                    try {
                        total = total.plus(reaper.prune(f));
                    } catch (RuntimeException e) {
                        logQuietly(ctx, "ERROR", "prune error=\"" + e.getMessage() + "\"");
                    }
                }
                logQuietly(ctx, "INFO", "removed containers=" + total.containers() + " networks="
                    + total.networks() + " volumes=" + total.volumes() + " images=" + total.images());
                logQuietly(ctx, "INFO", "done");
                done.complete(0);
            }, "ryuk-prune");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Parses one filter line as Go's url.ParseQuery does (keys and values percent-decoded, '+' is a space). */
    static Map<String, List<String>> parse(String line) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : line.trim().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                k = URLDecoder.decode(k, StandardCharsets.UTF_8);
                v = URLDecoder.decode(v, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void log(ProgramContext ctx, String level, String msg) throws IOException {
        Instant now = ctx.clock().now();
        String m = msg;
        int sp = m.indexOf(' ');
        String head = sp < 0 ? m : m.substring(0, sp);
        String rest = sp < 0 ? "" : m.substring(sp);
        // slog's text handler quotes a message with spaces; attributes follow as key=value
        String quoted = head.equals("client") || head.equals("adding") || head.equals("prune")
            || head.equals("signal") ? quoteTwoWords(m) : "msg=" + head + rest;
        ctx.out("time=" + TIME.format(now) + " level=" + level + " " + quoted + "\n");
    }

    /** "client connected address=..." → msg="client connected" address=... */
    private static String quoteTwoWords(String m) {
        int first = m.indexOf(' ');
        int second = m.indexOf(' ', first + 1);
        if (second < 0) {
            return "msg=\"" + m + "\"";
        }
        return "msg=\"" + m.substring(0, second) + "\"" + m.substring(second);
    }

    private static void logQuietly(ProgramContext ctx, String level, String msg) {
        try {
            log(ctx, level, msg);
        } catch (IOException | RuntimeException e) {
            // the log is gone (container removed): nothing to tell
        }
    }

    private static int intEnv(ProgramContext ctx, String key, int dflt) {
        String v = ctx.getenv(key);
        try {
            return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Duration durationEnv(ProgramContext ctx, String key, Duration dflt) {
        String v = ctx.getenv(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        Duration d = parseGoDuration(v.trim());
        return d == null ? dflt : d;
    }

    /** Go's time.ParseDuration for the units Ryuk users write ("10s", "1m30s", "500ms"); null when invalid. */
    static Duration parseGoDuration(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_DURATION.matcher(s);
        int pos = 0;
        double nanos = 0;
        while (m.find() && m.start() == pos) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = m.end();
        }
        return pos == s.length() && pos > 0 ? Duration.ofNanos((long) nanos) : null;
    }

    /** A duration the way Go prints it ("10s", "1m0s", "500ms"). */
    static String go(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.getSeconds();
        if (s < 60) {
            return d.getNano() == 0 ? s + "s" : (ms / 1000.0) + "s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return (h > 0 ? h + "h" : "") + m + "m" + (s % 60) + "s";
    }
}
