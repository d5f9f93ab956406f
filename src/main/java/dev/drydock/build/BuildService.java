package dev.drydock.build;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Image;
import dev.drydock.registry.Reference;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic builder behind {@code POST /build}, one per engine: {@link #prepare} reads the context and parses
 * the Dockerfile (errors there are HTTP errors), {@link #run} builds it writing the progress stream (errors
 * there are in-band). Holds the step cache.
 */
public final class BuildService {
    private final Engine engine;
    private final BuildCache cache;

    public BuildService(Engine engine) {
        this.engine = engine;
        this.cache = new BuildCache(engine);
        engine.system().setBuildCache(cache::records);
    }

    /** The step cache (records for /system/df, prune). */
    public BuildCache cache() {
        return cache;
    }

    /** A build ready to run: its context (to close when done), plan and validated tags. */
    public record Prepared(BuildOptions options, BuildContext context, BuildPlan plan, List<Reference> tags)
            implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Receives the context and parses the Dockerfile.
     *
     * @throws EngineException 400 for a bad tag, an unsafe or over-size context, a Dockerfile parse error, an
     *                         unknown target; 500 when the Dockerfile is missing, as the daemon answers
     */
    public Prepared prepare(InputStream body, BuildOptions options) {
        return prepare(body, -1, options);
    }

    /**
     * {@link #prepare(InputStream, BuildOptions)} for a body whose length is known ({@code Content-Length}, or -1):
     * a context up to 16 MB is then read in one buffer.
     */
    public Prepared prepare(InputStream body, long length, BuildOptions options) {
        List<Reference> tags = new ArrayList<>();
        for (String t : options.tags()) {
            try {
                Reference r = Reference.parse(t);
                if (r.digest() != null) {
                    throw EngineException.badRequest("invalid reference format");
                }
                tags.add(r.withDefaultTag());
            } catch (IllegalArgumentException e) {
                throw EngineException.badRequest(e.getMessage());
            }
        }
        BuildContext context = BuildContext.receive(body, engine.images().layers(),
                engine.config().maxArchiveBytes(), options.dockerfile(), length, cache.sourceHashes());
        try {
            String text = context.dockerfile(options.dockerfile());
            if (text.isBlank()) {
                throw EngineException.badRequest("the Dockerfile (" + options.dockerfile() + ") cannot be empty");
            }
            DockerfileParser.Dockerfile df;
            try {
                df = DockerfileParser.parse(text);
            } catch (DockerfileException e) {
                throw EngineException.badRequest(e.getMessage());
            }
            BuildPlan plan = BuildPlan.of(df, options.target(), options.labels());
            return new Prepared(options, context, plan, tags);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Runs a prepared build, writing its stream; a failure ends the stream with its in-band error. */
    public Image run(Prepared p, BuildOutput out) {
        try (p) {
            return build(p, out);
        } finally {
            out.flush();
        }
    }

    private Image build(Prepared p, BuildOutput out) {
        Image img;
        try {
            img = new Builder(engine, cache, p.options(), p.context(), p.plan(), out).run();
        } catch (BuildFailure f) {
            out.error(f.getMessage(), f.code());
            return null;
        } catch (EngineException e) {
            out.error(e.getMessage(), null);
            return null;
        }
        out.stream("Successfully built " + Builder.shortId(img.id()) + "\n");
        for (Reference r : p.tags()) {
            engine.images().tag(img.id(), r.name() + ":" + r.tag(), null);
            out.stream("Successfully tagged " + r.familiarString() + "\n");
        }
        if (p.options().quiet()) {
            out.quietResult(img.id());
        }
        return img;
    }
}
