package dev.drydock.admin;

import dev.drydock.api.RouteTable;
import dev.drydock.engine.Engine;
import dev.drydock.engine.ResetOptions;

import java.util.List;

/**
 * The test-double powers of one server: its fault rules, its request journal, verification and reset. Reached
 * from Java through {@code Drydock} and over HTTP under {@code /_drydock/} (see {@link AdminApi}).
 */
public final class Admin {
    private final Engine engine;
    private final Faults faults = new Faults();
    private final EngineFaults engineFaults = new EngineFaults();
    private final Stubs stubs = new Stubs();
    private final RequestJournal journal;
    private volatile RouteIndex routes = new RouteIndex(List.of());
    private final Seeder seeder;
    /** The seed the server started with, applied again by every reset; null for none. */
    private volatile SeedPlan startSeed;
    /** Image ID to its tags right after the start seeds: what a reset keeps instead of pulling again. */
    private volatile java.util.Map<String, java.util.Set<String>> startImages = java.util.Map.of();

    /**
     * @param journalSize      how many requests the journal keeps (0 turns it off)
     * @param journalBodyLimit how many body bytes it keeps per request
     */
    public Admin(Engine engine, int journalSize, int journalBodyLimit) {
        this.engine = engine;
        this.journal = new RequestJournal(journalSize, journalBodyLimit);
        this.seeder = new Seeder(engine);
        engine.faultHooks(new AdminHooks(engineFaults, stubs));
        engine.runtime().programs().mainProgramOverride(stubs);
    }

    /**
     * Creates what the seed describes, all or nothing (see {@link Seed}).
     *
     * @return what was made: {@code {"images": [{ref, id}], "networks": [{name, id}], "volumes": [{name}],
     *         "containers": [{name, id, state}]}}
     * @throws IllegalArgumentException         for a malformed definition, naming the field
     * @throws dev.drydock.engine.EngineException when creating failed (400, 409 for a name in use), naming the field
     */
    public java.util.Map<String, Object> seed(Seed seed) {
        return seeder.apply(SeedJson.plan(seed.toJson(), engine.config().clock()));
    }

    /** Seeds now and again after every reset: the state a test class (or {@code --seed FILE}) starts from. */
    public java.util.Map<String, Object> seedOnStart(Seed seed) {
        SeedPlan plan = SeedJson.plan(seed.toJson(), engine.config().clock());
        java.util.Map<String, Object> made = seeder.apply(plan);
        SeedPlan before = startSeed;
        startSeed = before == null ? plan : concat(before, plan);
        java.util.Map<String, java.util.Set<String>> images = new java.util.HashMap<>();
        for (dev.drydock.engine.Image img : engine.images().all()) {
            images.put(img.id(), java.util.Set.copyOf(engine.images().repoTags(img.id())));
        }
        startImages = images;
        return made;
    }

    private static SeedPlan concat(SeedPlan a, SeedPlan b) {
        return new SeedPlan(b.clock() != null ? b.clock() : a.clock(), join(a.images(), b.images()),
                join(a.networks(), b.networks()), join(a.volumes(), b.volumes()), join(a.containers(), b.containers()));
    }

    private static <T> List<T> join(List<T> a, List<T> b) {
        List<T> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Removes every image (children first) and tag that was not there right after the start seeds. */
    private void removeImagesBut(java.util.Map<String, java.util.Set<String>> keep) {
        dev.drydock.engine.ImageService images = engine.images();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (dev.drydock.engine.Image img : images.all()) {
                if (!keep.containsKey(img.id()) && images.find(img.id()) != null
                        && images.children(img.id()).isEmpty()) {
                    images.remove(img.id(), true, false);
                    progress = true;
                }
            }
        }
        for (dev.drydock.engine.Image img : images.all()) {
            java.util.Set<String> tags = keep.getOrDefault(img.id(), java.util.Set.of());
            for (String tag : images.repoTags(img.id())) {
                if (!tags.contains(tag)) {
                    images.remove(tag, false, false);
                }
            }
        }
    }

    /** The engine clock, which tests can set, freeze and advance. */
    public dev.drydock.engine.ControllableClock clock() {
        return engine.controllableClock().orElseThrow(() ->
                new IllegalStateException("this engine was built with a clock that cannot be controlled"));
    }

    /** Called once the Engine API routes are known, so unmatched requests can be told apart. */
    public void routes(List<RouteTable.Route> declared) {
        this.routes = new RouteIndex(declared);
    }

    public Faults faults() {
        return faults;
    }

    /** Faults inside the daemon: exits, OOM kills, rate-limited pulls, disk-full creates. */
    public EngineFaults engineFaults() {
        return engineFaults;
    }

    /** Scripted container behaviour per image (and command). */
    public Stubs stubs() {
        return stubs;
    }

    public RequestJournal journal() {
        return journal;
    }

    Engine engine() {
        return engine;
    }

    /** Fails with a diff-style message unless the journal holds the expected number of matching requests. */
    public void verify(CountMatcher expected, RequestPattern pattern) {
        Verifier.verify(journal, expected, pattern);
    }

    /** Fails unless at least one recorded request matches. */
    public void verify(RequestPattern pattern) {
        verify(DrydockDsl.atLeast(1), pattern);
    }

    /** The recorded requests matching the pattern, oldest first. */
    public List<LoggedRequest> findAll(RequestPattern pattern) {
        return journal.find(pattern);
    }

    /** The recorded requests that no Engine API route matched (typos, unimplemented endpoints), oldest first. */
    public List<LoggedRequest> unmatched() {
        RouteIndex index = routes;
        return journal.find(r -> !index.matches(r.method(), r.path()));
    }

    /**
     * Back to a fresh server: journal, fault rules, engine faults, stubs and scenarios cleared, then the engine's
     * reset (every service's hook, event history, open event streams ended, clock and seeded IDs back to their
     * start), then the start seed applied again.
     */
    public void reset(ResetOptions options) {
        faults.clear();
        engineFaults.clear();
        stubs.clear();
        journal.clear();
        SeedPlan seed = startSeed;
        if (seed == null) {
            engine.reset(options);
            return;
        }
        engine.reset(ResetOptions.keepingImages());
        if (!options.keepImages()) {
            // The start seed's images stay (pulling them again would dominate a reset); what tests added goes.
            removeImagesBut(startImages);
        }
        seeder.reapply(seed);
    }
}
