package dev.drydock.build;

import dev.drydock.engine.Engine;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Layer;
import dev.drydock.runtime.ProcessSpec;
import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.SimProcess;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RUN: the command runs in the simulated runtime over the stage's filesystem (a fresh upper directory on the
 * stage image's layers), with the stage's env, build args, working directory, user and SHELL; its output is
 * streamed as it comes; what it changed becomes the step's layer.
 */
final class RunStep {
    /** A RUN that has not ended by then is killed and fails the build. */
    private static final long TIMEOUT_MINUTES = 10;

    private final Engine engine;
    private final Builder builder;
    private final StageState s;
    private final Instruction in;

    RunStep(Engine engine, Builder builder, StageState s, Instruction in) {
        this.engine = engine;
        this.builder = builder;
        this.s = s;
        this.in = in;
    }

    void run() {
        List<String> argv = new ArrayList<>();
        if (in.json()) {
            argv.addAll(in.args());
        } else {
            argv.addAll(s.shellOrDefault());
            argv.add(in.arg());
        }
        if (argv.isEmpty()) {
            throw new BuildFailure("RUN requires at least one argument");
        }
        Map<String, String> args = new java.util.TreeMap<>(s.effectiveArgs());
        String createdBy = String.join(" ", argv);
        if (!args.isEmpty()) {
            StringBuilder sb = new StringBuilder("|" + args.size());
            args.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            createdBy = sb + " " + createdBy;
        }
        String key = builder.cacheKey(s, createdBy);
        if (builder.probeCache(s, key)) {
            return;
        }
        String cid = engine.config().ids().newId().substring(0, 12);
        BuildOutput out = builder.out();
        out.stream(" ---> Running in " + cid + "\n");
        Path upper = builder.newScratch();
        Layer layer;
        try {
            FsView view = Builder.stageView(s, upper);
            String workdir = s.workdir == null || s.workdir.isEmpty() ? "/" : s.workdir;
            TreeCopy.mkdirs(view, workdir);
            Map<String, String> env = new LinkedHashMap<>();
            for (String[] e : s.env) {
                env.put(e[0], e[1]);
            }
            s.effectiveArgs().forEach(env::putIfAbsent);
            builder.options().buildArgs().forEach((k, v) -> {
                if (Builder.BUILTIN_ARGS.contains(k) && v != null) {
                    env.putIfAbsent(k, v);
                }
            });
            int code = execute(view, argv, env, workdir, cid, out);
            if (code != 0) {
                if (builder.options().forceRm()) {
                    out.stream("Removing intermediate container " + cid + "\n");
                }
                throw new BuildFailure("The command '" + String.join(" ", argv) + "' returned a non-zero code: "
                        + code, code);
            }
            layer = builder.layerOf(upper);
        } catch (FsException e) {
            throw new BuildFailure(e.getMessage());
        } finally {
            Builder.discard(upper);
        }
        builder.finishCommit(s, key, createdBy, layer);
        if (builder.options().rm()) {
            out.stream("Removing intermediate container " + cid + "\n");
        }
    }

    private int execute(FsView view, List<String> argv, Map<String, String> env, String workdir, String cid,
                        BuildOutput out) {
        LineStream stdout = new LineStream(out, false);
        LineStream stderr = new LineStream(out, true);
        SimProcess p;
        try {
            p = engine.runtime().start(ProcessSpec.builder(view).argv(argv).env(env).workdir(workdir)
                    .user(s.user).hostname(cid).stdout(stdout).stderr(stderr).build());
        } catch (ProcessStartException e) {
            throw new BuildFailure("failed to create shim task: OCI runtime create failed: runc create failed: "
                    + "unable to start container process: " + e.getMessage() + ": unknown", e.exitCode());
        }
        try {
            p.stdin().close();
        } catch (java.io.IOException ignored) {
            // Nothing to close.
        }
        try {
            int code = p.exit().get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            stdout.close();
            stderr.close();
            return code;
        } catch (TimeoutException e) {
            p.signal(9);
            throw new BuildFailure("The command '" + String.join(" ", argv) + "' did not end within "
                    + TIMEOUT_MINUTES + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.signal(9);
            throw new BuildFailure("build cancelled");
        } catch (ExecutionException e) {
            throw new BuildFailure(String.valueOf(e.getCause()));
        }
    }

    /** Process output to stream messages, a line (or a flushed chunk) at a time, never splitting a character. */
    private static final class LineStream extends OutputStream {
        private final BuildOutput out;
        private final boolean err;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineStream(BuildOutput out, boolean err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public synchronized void write(int b) {
            buf.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
            for (int i = off + len - 1; i >= off; i--) {
                if (b[i] == '\n') {
                    emit();
                    return;
                }
            }
        }

        @Override
        public synchronized void close() {
            if (buf.size() > 0) {
                emit();
            }
        }

        private void emit() {
            byte[] bytes = buf.toByteArray();
            int end = bytes.length;
            // Holds back the bytes of a character the next write completes.
            int lastNl = -1;
            for (int i = bytes.length - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    lastNl = i;
                    break;
                }
            }
            if (lastNl >= 0) {
                end = lastNl + 1;
            }
            String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
            buf.reset();
            buf.write(bytes, end, bytes.length - end);
            if (err) {
                out.stderr(text);
            } else {
                out.stream(text);
            }
        }
    }
}
