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

    /**
     * @param journalSize      how many requests the journal keeps (0 turns it off)
     * @param journalBodyLimit how many body bytes it keeps per request
     */
    public Admin(Engine engine, int journalSize, int journalBodyLimit) {
        this.engine = engine;
        this.journal = new RequestJournal(journalSize, journalBodyLimit);
        engine.faultHooks(new AdminHooks(engineFaults, stubs));
        engine.runtime().programs().mainProgramOverride(stubs);
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
     * Back to a fresh server: journal, fault rules, engine faults, stubs and scenarios cleared, then the engine's reset (every
     * service's hook, event history, open event streams ended).
     */
    public void reset(ResetOptions options) {
        faults.clear();
        engineFaults.clear();
        stubs.clear();
        journal.clear();
        engine.reset(options);
    }
}
