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
    private final RequestJournal journal;
    private volatile RouteIndex routes = new RouteIndex(List.of());
    private final Seeder seeder;
    /** The seed the server started with, applied again by every reset; null for none. */
    private volatile SeedPlan startSeed;

    /**
     * @param journalSize      how many requests the journal keeps (0 turns it off)
     * @param journalBodyLimit how many body bytes it keeps per request
     */
    public Admin(Engine engine, int journalSize, int journalBodyLimit) {
        this.engine = engine;
        this.journal = new RequestJournal(journalSize, journalBodyLimit);
        this.seeder = new Seeder(engine);
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
     * Back to a fresh server: journal, fault rules and scenarios cleared, then the engine's reset (every
     * service's hook, event history, open event streams ended, clock and seeded IDs back to their start), then
     * the start seed applied again.
     */
    public void reset(ResetOptions options) {
        faults.clear();
        journal.clear();
        engine.reset(options);
        SeedPlan seed = startSeed;
        if (seed != null) {
            seeder.apply(seed);
        }
    }
}
