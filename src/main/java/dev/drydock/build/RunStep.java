package dev.drydock.build;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.containers.Container;
import dev.drydock.engine.containers.ContainerLog;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.containers.LogEntry;
import dev.drydock.fs.FsException;
import dev.drydock.fs.Layer;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RUN: the command runs in an intermediate container of the engine on the stage's image (see
 * {@link IntermediateContainer}), with the stage's env, build args, working directory, user and SHELL; its output
 * is streamed as it comes; what it changed in the container's layer becomes the step's layer.
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
        if (in.flags().containsKey("mount")) {
            throw new BuildFailure("the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/"
                    + " to learn how to build images with BuildKit enabled");
        }
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
        if (builder.probeCache(s, key, createdBy)) {
            return;
        }
        BuildOutput out = builder.out();
        Map<String, String> env = new LinkedHashMap<>();
        for (String[] e : s.env) {
            env.put(e[0], e[1]);
        }
        s.effectiveArgs().forEach((k, v) -> {
            if (v != null) {
                env.putIfAbsent(k, v);
            }
        });
        builder.options().buildArgs().forEach((k, v) -> {
            if (Builder.BUILTIN_ARGS.contains(k) && v != null) {
                env.putIfAbsent(k, v);
            }
        });
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        IntermediateContainer ctr = IntermediateContainer.create(engine, builder.options(), s, argv, envList);
        out.stream(" ---> Running in " + ctr.shortId() + "\n");
        Layer layer;
        try {
            String workdir = s.workdir == null || s.workdir.isEmpty() ? "/" : s.workdir;
            TreeCopy.mkdirs(engine.containers().files(ctr.container()), workdir);
            // The client sees the step start before the command runs (it may take a while).
            out.flush();
            int code = execute(ctr, argv, out);
            if (code != 0) {
                if (builder.options().forceRm()) {
                    out.stream("Removing intermediate container " + ctr.shortId() + "\n");
                    ctr.remove();
                }
                throw new BuildFailure("The command '" + String.join(" ", argv) + "' returned a non-zero code: "
                        + code, code);
            }
            layer = builder.layerOf(ctr.upper());
        } catch (FsException e) {
            throw new BuildFailure(e.getMessage());
        }
        builder.finishCommit(s, key, createdBy, layer);
        if (builder.options().rm()) {
            out.stream("Removing intermediate container " + ctr.shortId() + "\n");
            ctr.remove();
        }
    }

    /** Attaches to the container's output, starts it and waits for its exit code. */
    private int execute(IntermediateContainer ctr, List<String> argv, BuildOutput out) {
        LineStream stdout = new LineStream(out, false);
        LineStream stderr = new LineStream(out, true);
        Container c = ctr.container();
        ContainerLog.Listener listener = new ContainerLog.Listener() {
            @Override
            public void raw(int stream, byte[] data) {
                (stream == LogEntry.STDERR ? stderr : stdout).write(data, 0, data.length);
            }
        };
        c.log().subscribe(listener);
        ctr.publishAttach();
        try {
            try {
                engine.containers().start(ctr.id());
            } catch (EngineException e) {
                // The runtime could not exec the command: the daemon reports the start error itself.
                throw new BuildFailure(e.getMessage(), c.exitCode());
            }
            CompletableFuture<Integer> exit = engine.containers().waitFor(ctr.id(),
                    ContainerService.WaitCondition.NOT_RUNNING);
            int code = exit.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            stdout.close();
            stderr.close();
            return code;
        } catch (TimeoutException e) {
            engine.containers().kill(ctr.id(), "KILL");
            throw new BuildFailure("The command '" + String.join(" ", argv) + "' did not end within "
                    + TIMEOUT_MINUTES + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.containers().kill(ctr.id(), "KILL");
            throw new BuildFailure("build cancelled");
        } catch (ExecutionException e) {
            throw new BuildFailure(String.valueOf(e.getCause()));
        } finally {
            c.log().unsubscribe(listener);
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
            out.flush();
        }
    }
}
