package dev.drydock.admin;

import dev.drydock.runtime.AsyncContainerProgram;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.net.NetStack;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Stub}'s script as a thread-free program: ports listen at once, output lines follow each other on
 * runtime-clock timers, then the exit (or nothing: run until stopped); declared signals end it with their code.
 */
final class StubProgram implements AsyncContainerProgram {
    private final Stub stub;

    StubProgram(Stub stub) {
        this.stub = stub;
    }

    @Override
    public CompletionStage<Integer> start(ProgramContext ctx) throws Exception {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        for (Stub.Port p : stub.ports()) {
            NetStack.Listener l;
            try {
                l = ctx.net().listen(p.port(), p.echo() ? StubProgram::echo : conn -> StubHttp.serve(conn, p.http()));
            } catch (java.net.BindException e) {
                ctx.err("drydock stub: bind 0.0.0.0:" + p.port() + ": address already in use\n");
                return CompletableFuture.completedFuture(1);
            }
            ctx.onExit(l::close);
        }
        for (Map.Entry<Integer, Integer> s : stub.signals().entrySet()) {
            int code = s.getValue();
            ctx.onSignal(s.getKey(), sig -> done.complete(code));
        }
        step(ctx, done, 0, false);
        return done;
    }

    /** Prints lines from {@code k} on, waiting on a timer where a line has a delay; then schedules the exit. */
    private void step(ProgramContext ctx, CompletableFuture<Integer> done, int k, boolean waited) {
        List<Stub.Line> lines = stub.output();
        int i = k;
        boolean delayServed = waited;
        while (i < lines.size()) {
            if (done.isDone()) {
                return;
            }
            Stub.Line line = lines.get(i);
            if (!delayServed && !line.delay().isZero()) {
                int at = i;
                ctx.schedule(line.delay(), () -> step(ctx, done, at, true));
                return;
            }
            write(ctx, line);
            i++;
            delayServed = false;
        }
        if (stub.exitCode() != null) {
            int code = stub.exitCode();
            Duration after = stub.exitAfter();
            if (after.isZero()) {
                done.complete(code);
            } else {
                ctx.schedule(after, () -> done.complete(code));
            }
        }
    }

    private static void write(ProgramContext ctx, Stub.Line line) {
        try {
            if (line.stderr()) {
                ctx.err(line.text() + "\n");
            } else {
                ctx.out(line.text() + "\n");
            }
        } catch (IOException | RuntimeException ignored) {
            // The process ended or nobody reads its output any more: the script goes on as a real one would.
        }
    }

    private static void echo(NetStack.Connection conn) throws IOException {
        try (conn) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = conn.input().read(buf)) > 0) {
                conn.output().write(buf, 0, n);
                conn.output().flush();
            }
        }
    }
}
