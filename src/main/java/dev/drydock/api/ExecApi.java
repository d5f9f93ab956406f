package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.exec.ExecInstance;
import dev.drydock.engine.exec.ExecOptions;
import dev.drydock.engine.exec.ExecService;
import dev.drydock.engine.exec.ExecStartException;
import dev.drydock.stream.Hijack;
import dev.drydock.stream.HijackSession;
import dev.drydock.stream.StreamExecutor;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code docker exec}: {@code POST /containers/{id}/exec}, {@code POST /exec/{id}/start} (hijacked when the
 * client asks to upgrade), {@code GET /exec/{id}/json} and {@code POST /exec/{id}/resize}.
 */
public final class ExecApi implements ApiResource {
    private final ExecService execs;
    private final StreamExecutor streams;

    public ExecApi(ExecService execs, StreamExecutor streams) {
        this.execs = execs;
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/containers/{id}/exec", this::create)
                .post("/exec/{id}/start", this::start)
                .post("/exec/{id}/resize", this::resize)
                .get("/exec/{id}/json", this::inspect);
    }

    private void create(Context ctx) {
        GoStruct body = body(ctx, "types.ExecConfig", "container.ExecOptions");
        ExecOptions options;
        try {
            int[] console = body.uintPair("ConsoleSize");
            options = new ExecOptions(body.bool("AttachStdin"), body.bool("AttachStdout"),
                    body.bool("AttachStderr"), body.bool("Tty"), body.strings("Env"), body.strings("Cmd"),
                    body.string("WorkingDir"), body.string("User"), body.bool("Privileged"),
                    body.string("DetachKeys"), console == null ? 0 : console[0], console == null ? 0 : console[1]);
        } catch (EngineException e) {
            throw decodeError(ctx, e);
        }
        ExecInstance e = execs.create(ctx.pathParam("id"), options);
        Http.json(ctx, 201, Map.of("Id", e.id()));
    }

    /** About what runc takes to start an exec'd process. */
    private static final long UPGRADED_START_DELAY_MILLIS = 25;

    private void start(Context ctx) throws IOException {
        GoStruct body = body(ctx, "types.ExecStartCheck", "container.ExecStartOptions");
        boolean detach;
        boolean tty;
        int[] console;
        try {
            detach = body.bool("Detach");
            tty = body.bool("Tty");
            console = body.uintPair("ConsoleSize");
        } catch (EngineException e) {
            throw decodeError(ctx, e);
        }
        int h = console == null ? 0 : console[0];
        int w = console == null ? 0 : console[1];
        ExecInstance e = execs.checkStartable(ctx.pathParam("id"));
        if (detach) {
            try {
                execs.start(e, null, null, h, w);
            } catch (ExecStartException ex) {
                throw EngineException.badRequest(ex.getMessage());
            }
            Http.empty(ctx, 200);
            return;
        }
        // Framing follows the start request's Tty, as the daemon's does, not the exec's.
        if (!e.options().attachStdin()) {
            // Without stdin a short command (echo) may be over by the time it started: then the answer is whole.
            Hijack.serveQuick(ctx, streams, tty, session -> begin(e, session, h, w));
            return;
        }
        Hijack.serve(ctx, streams, tty, session -> begin(e, session, h, w).get());
    }

    /**
     * Starts the attached session: the process's output goes to the client until it exits, the client's stdin
     * to it. Returns when the process started (a quick one may have ended already); completes when the session
     * is over.
     */
    private CompletableFuture<?> begin(ExecInstance e, HijackSession session, int h, int w) throws Exception {
        ExecOptions o = e.options();
        if (session.upgraded()) {
            // A real exec takes runc some milliseconds to start. Output written right behind the 101 can reach
            // a client before it has parsed the headers: docker-py's exec_run then reads the raw socket past
            // its HTTP reader's buffer and loses the output that the buffer swallowed.
            Thread.sleep(UPGRADED_START_DELAY_MILLIS);
        }
        LaunchedProcess p;
        try {
            // Only a session on the request thread (not upgraded) may run a quick program there to its end.
            p = execs.start(e, o.attachStdout() ? session.stdout() : null,
                    o.attachStderr() ? session.stderr() : null, h, w, !session.upgraded() && !o.attachStdin());
        } catch (ExecStartException | EngineException ex) {
            // After the stream began the daemon reports errors in it, as a line on stdout.
            session.stdout().write((ex.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> detached = new CompletableFuture<>();
        if (o.attachStdin()) {
            forwardStdin(session.stdin(), p.stdin(), e.effectiveDetachKeys(), detached);
        }
        return CompletableFuture.anyOf(e.finished(), detached);
    }

    /**
     * Copies the client's stdin to the process on a stream thread, closing the process's stdin at the client's
     * end of input; the detach keys end the session and leave the process running.
     */
    private void forwardStdin(InputStream in, OutputStream target, byte[] detachKeys,
                              CompletableFuture<Void> detached) {
        streams.execute(() -> {
            byte[] buf = new byte[8192];
            byte[] out = new byte[8192 + detachKeys.length];
            int matched = 0;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int len = 0;
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b == detachKeys[matched]) {
                            if (++matched == detachKeys.length) {
                                target.write(out, 0, len);
                                target.flush();
                                detached.complete(null);
                                return;
                            }
                            continue;
                        }
                        // A partial sequence that did not complete is ordinary input.
                        System.arraycopy(detachKeys, 0, out, len, matched);
                        len += matched;
                        matched = 0;
                        if (b == detachKeys[0]) {
                            matched = 1;
                        } else {
                            out[len++] = b;
                        }
                    }
                    target.write(out, 0, len);
                    target.flush();
                }
                target.write(detachKeys, 0, matched);
                target.close();
            } catch (IOException ignored) {
                // Either side went away: nothing more to forward.
            }
        });
    }

    private void resize(Context ctx) {
        ExecInstance e = execs.get(ctx.pathParam("id"));
        int h = Http.intParam(ctx, "h", 0);
        int w = Http.intParam(ctx, "w", 0);
        execs.resize(e, h, w);
        Http.empty(ctx, 200);
    }

    private void inspect(Context ctx) {
        ExecInstance e = execs.get(ctx.pathParam("id"));
        ExecOptions o = e.options();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("tty", o.tty());
        process.put("entrypoint", o.cmd().get(0));
        process.put("arguments", o.cmd().subList(1, o.cmd().size()));
        process.put("privileged", o.privileged());
        if (!o.user().isEmpty()) {
            process.put("user", o.user());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", e.id());
        out.put("Running", e.running());
        out.put("ExitCode", e.exitCode());
        out.put("ProcessConfig", process);
        out.put("OpenStdin", o.attachStdin());
        out.put("OpenStderr", o.attachStderr());
        out.put("OpenStdout", o.attachStdout());
        out.put("CanRemove", false);
        out.put("ContainerID", e.container().id());
        out.put("DetachKeys", Base64.getEncoder().encodeToString(e.detachKeys()));
        out.put("Pid", e.pid());
        Http.json(ctx, out);
    }

    /**
     * Reads a body as the daemon's JSON reader: from API 1.42 a Content-Type other than JSON is refused and
     * decoder errors read "invalid JSON: ...", before that they are bare; all are 400s.
     */
    private static GoStruct body(Context ctx, String legacyType, String modernType) {
        boolean legacy = !Http.versionAtLeast(ctx, "1.42");
        byte[] bytes = ctx.bodyAsBytes();
        String ct = ctx.header("Content-Type");
        if (!legacy && bytes.length > 0 && ct != null && !ct.isEmpty()
                && !ct.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/json")) {
            throw EngineException.badRequest("unsupported Content-Type header (" + ct
                    + "): must be 'application/json'");
        }
        String prefix = legacy ? "" : "invalid JSON: ";
        String syntax = GoJsonSyntax.check(bytes);
        if (syntax != null) {
            throw EngineException.badRequest(prefix + (syntax.equals(GoJsonSyntax.EOF)
                    ? "got EOF while reading request body" : syntax));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw EngineException.badRequest(prefix + e.getMessage());
        }
        try {
            return GoStruct.of(node, Http.versionAtLeast(ctx, "1.46") ? modernType : legacyType);
        } catch (EngineException e) {
            throw decodeError(ctx, e);
        }
    }

    private static EngineException decodeError(Context ctx, EngineException e) {
        return Http.versionAtLeast(ctx, "1.42") ? EngineException.badRequest("invalid JSON: " + e.getMessage()) : e;
    }

}
