/**
 * Test-double powers of a Drydock server: fault injection, the request journal with verification, and state
 * reset, from Java and over the admin REST API.
 *
 * <h2>Where it happens</h2>
 * One Jetty handler ({@link dev.drydock.admin.InterceptHandler}) sits in front of routing and the version filter:
 * every Engine API request (streams and unknown routes included) is recorded in the journal and matched against
 * the fault rules there, with no per-route code. Paths are matched without their {@code /vX.Y} prefix unless a
 * rule asks for the raw path. Requests under {@code /_drydock} go to the admin API instead: they are never
 * versioned, journaled or faulted; under a version prefix ({@code /v1.41/_drydock/...}) they are ordinary unknown
 * Engine paths.
 *
 * <h2>Java</h2>
 * <pre>{@code
 * import static dev.drydock.admin.DrydockDsl.*;
 *
 * drydock.faults().add(Fault.on("POST", "/images/create")
 *         .withQueryParam("fromImage", containing("busybox"))
 *         .respond(500, "toomanyrequests: You have reached your pull rate limit.")
 *         .times(2));                                       // fail the first two pulls, then succeed
 * drydock.faults().add(Fault.on("GET", "/events").failAfterLines(3, "unexpected EOF"));
 * drydock.faults().add(Fault.on("ANY", "/**").randomDelay(Duration.ofMillis(5), Duration.ofMillis(50)));
 * drydock.faults().add(Fault.on("GET", "/_ping").resetConnection().once());
 *
 * drydock.verify(exactly(1), postRequestedFor(urlPathMatching("/containers/.*}{@code /start")));
 * drydock.reset();   // journal, faults, scenarios, events, and every service registered with Engine.onReset
 * }</pre>
 *
 * <h2>REST (disabled with {@code --no-admin} / {@code DrydockConfig.adminEnabled(false)})</h2>
 * <pre>
 * GET    /_drydock                      the list of admin routes
 * POST   /_drydock/faults               add a rule → 201 {"id": ..., definition, "remaining", "hits"}
 * GET    /_drydock/faults               the rules in match order
 * GET    /_drydock/faults/{id}          one rule (404 when unknown)
 * DELETE /_drydock/faults/{id}          remove one rule → 204 (404 when unknown)
 * DELETE /_drydock/faults               remove every rule, scenarios back to "Started" → 204
 * GET    /_drydock/scenarios            {"name": "state", ...}
 * PUT    /_drydock/scenarios/{name}     {"state": "..."} → 204
 * GET    /_drydock/requests             the journal, oldest first; query filters: method, path (glob),
 *                                       pathRegex, status, transport (tcp|unix), since (id), limit (newest N)
 * DELETE /_drydock/requests             clear the journal → 204
 * GET    /_drydock/requests/unmatched   requests no Engine API route matched
 * POST   /_drydock/requests/find        the requests matching a pattern (JSON below, request fields only)
 * POST   /_drydock/requests/count       {"count": n} for a pattern
 * POST   /_drydock/reset                reset everything → 204; ?keepImages=true keeps images; then the
 *                                       start seeds again
 * POST   /_drydock/seed                 images, networks, volumes, containers in states (JSON or YAML, see
 *                                       {@link dev.drydock.admin.Seed}) → 201, all or nothing
 * GET    /_drydock/clock                {"time", "frozen"}; PUT sets (and freezes) it, DELETE restores it
 * POST   /_drydock/clock/advance        {"by": "90m"}
 * POST   /_drydock/engine-faults        add an engine fault → 201 {"id", definition, "remaining", "hits"}
 * GET    /_drydock/engine-faults        the engine faults, oldest first
 * GET    /_drydock/engine-faults/{id}   one (404 when unknown)
 * DELETE /_drydock/engine-faults/{id}   remove one → 204 (404 when unknown)
 * DELETE /_drydock/engine-faults        remove all → 204
 * POST   /_drydock/stubs                add a stub → 201 {"id", definition, "runs"}
 * GET    /_drydock/stubs                the stubs, oldest first
 * GET    /_drydock/stubs/{id}           one (404 when unknown)
 * DELETE /_drydock/stubs/{id}           remove one → 204 (404 when unknown)
 * DELETE /_drydock/stubs                remove all → 204
 * </pre>
 *
 * A rule in JSON (unknown fields, wrong types, bad regexes and negative numbers are a 400 whose message starts
 * with {@code field "NAME": }):
 * <pre>
 * {
 *   "id": "optional-own-id",
 *   "method": "POST",                       // default ANY
 *   "path": "/images/create",               // a glob (* one segment, ** any, ? one char); or
 *   "pathRegex": "/containers/.*&#47;start",  // a regex matching the whole path
 *   "rawPath": false,                       // true: match the path as sent, /vX.Y included
 *   "query":   {"fromImage": "busybox"},    // a string is equalTo; or {"equalTo"|"contains"|"matches": "..."},
 *   "headers": {"X-Registry-Auth": {"absent": true}},   // {"absent": true}, {"present": true}
 *   "body":    {"contains": "\"Image\""},
 *   // one action at most:
 *   "respond": {"status": 500, "message": "..."}        // Docker's {"message"} as application/json; or
 *   "respond": {"status": 200, "body": "...", "contentType": "text/plain", "headers": {"X-A": "b"}},
 *   "drop": "reset" | "close",                           // RST, or close without a response
 *   "failMidStream": {"afterLines": 2, "error": "unexpected EOF"}   // or "afterChunks", or "cut": true
 *   // latency, alone (then the real handler runs) or with an action:
 *   "delay": {"fixedMs": 200} | {"minMs": 10, "maxMs": 50},  // or "delayMs": 200
 *   "times": 2,                              // default: until removed
 *   "priority": 5,                           // lower wins; ties go to the most recently added
 *   "scenario": "pulls", "whenState": "Started", "setState": "recovered"
 * }
 * </pre>
 *
 * <h2>Engine faults ({@link dev.drydock.admin.EngineFault})</h2>
 * Failures inside the daemon rather than on the wire, matched by image (normalized), container name and labels:
 * <pre>{@code
 * drydock.engineFaults().add(EngineFault.oomKilled().forImage("acme/api").after(Duration.ofSeconds(2)));
 * drydock.engineFaults().add(EngineFault.exits(3).forContainerName("worker").once());
 * drydock.engineFaults().add(EngineFault.pullRateLimited().forImage("redis").times(2));
 * drydock.engineFaults().add(EngineFault.diskFullOnCreate().withLabel("tier", "db"));
 * }</pre>
 * <pre>
 * {"id": "optional", "kind": "exit" | "oom" | "pullRateLimit" | "diskFull",
 *  "image": "acme/api", "name": "worker", "labels": {"tier": "db"},      // all optional; name/labels: containers
 *  "exitCode": 3,          // exit only (default 1); oom is always 137 with OOMKilled, events oom then die
 *  "afterMs": 2000,        // exit/oom: after the start instead of at once
 *  "inBand": false,        // pullRateLimit: true = 200, "Pulling from", then an errorDetail line; false = 500 first
 *  "message": "...",       // pullRateLimit/diskFull: replaces Docker Hub's / dockerd's text
 *  "times": 1}
 * </pre>
 *
 * <h2>Stubs ({@link dev.drydock.admin.Stub})</h2>
 * What a container's main process does, per image and optionally command; the script runs on the runtime's program
 * SPI (a registry override consulted before image programs), a Java {@code ContainerProgram} is the most powerful
 * form:
 * <pre>{@code
 * drydock.stubs().add(Stub.forImage("acme/api").stdout("ready").health("healthy", Duration.ofMillis(500))
 *         .httpPort(8080, 200, "ok").exitOnSignal("TERM", 0));
 * drydock.stubs().add(Stub.forImage("acme/job").stdout("done").exitWith(3));
 * drydock.stubs().add(Stub.forImage("acme/tool").program(ctx -> { ctx.out("hi\n"); return 0; }));
 * }</pre>
 * <pre>
 * {"id": "optional", "image": "acme/api",
 *  "command": ["serve", "--port", "8080"] | "commandMatches": "serve.*",
 *  "output": [{"stdout": "line"}, {"stderr": "line", "delayMs": 100}],     // each delay after the previous step
 *  "health": [{"status": "starting" | "healthy" | "unhealthy", "afterMs": 500}],
 *  "ports": [{"port": 8080, "http": [{"method": "GET", "path": "/health", "status": 200, "body": "ok",
 *                                     "contentType": "text/plain", "headers": {"X-A": "b"}}]},
 *            {"port": 7, "echo": true}],
 *  "exit": {"code": 3, "afterMs": 100} | "runUntilStopped": true,       // exit: after the last line
 *  "signals": {"TERM": 0}}                                                 // exit code per signal
 * </pre>
 *
 * <pre>
 * curl -s -XPOST localhost:2375/_drydock/faults -d '{"method":"GET","path":"/_ping","respond":{"status":500},"times":2}'
 * curl -s 'localhost:2375/_drydock/requests?method=POST&amp;path=/containers/*&#47;start'
 * curl -s -XPOST localhost:2375/_drydock/reset
 * </pre>
 */
package dev.drydock.admin;
