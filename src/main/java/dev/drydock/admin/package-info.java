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
 * POST   /_drydock/reset                reset everything → 204; ?keepImages=true keeps images
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
 * <pre>
 * curl -s -XPOST localhost:2375/_drydock/faults -d '{"method":"GET","path":"/_ping","respond":{"status":500},"times":2}'
 * curl -s 'localhost:2375/_drydock/requests?method=POST&amp;path=/containers/*&#47;start'
 * curl -s -XPOST localhost:2375/_drydock/reset
 * </pre>
 */
package dev.drydock.admin;
