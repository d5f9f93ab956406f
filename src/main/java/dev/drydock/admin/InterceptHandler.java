package dev.drydock.admin;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import dev.drydock.stream.Streaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The one place every request passes before routing (Jetty level, in front of the servlet and the version
 * filter): {@code /_drydock/} requests go to the admin API; every other request is recorded in the journal and
 * matched against the fault rules, so streaming and unknown routes are covered with no per-route code.
 */
public final class InterceptHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(InterceptHandler.class);

    private final Admin admin;
    private final AdminApi api;
    private final Map<String, String> daemonHeaders;

    /**
     * @param admin         the journal and fault rules
     * @param api           the admin routes, or null when the admin API is off ({@code /_drydock} is then an
     *                      ordinary unknown Engine path)
     * @param daemonHeaders headers every daemon response carries (Api-Version, Server, ...), stamped on
     *                      fault responses too
     */
    public InterceptHandler(Admin admin, AdminApi api, Map<String, String> daemonHeaders) {
        this.admin = admin;
        this.api = api;
        this.daemonHeaders = Map.copyOf(daemonHeaders);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String rawPath = request.getHttpURI().getPath();
        if (rawPath == null) {
            rawPath = "/";
        }
        if (api != null && AdminApi.owns(rawPath)) {
            return api.handle(request, response, callback);
        }
        RequestJournal journal = admin.journal();
        Faults faults = admin.faults();
        if (!journal.enabled() && faults.isEmpty()) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        LiveRequest live = new LiveRequest(request, rawPath);
        LoggedRequest entry = journal.enabled() ? record(journal, request, live) : null;
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        ObservedStream[] stream = new ObservedStream[1];
        request.addHttpStreamWrapper(s -> stream[0] = new ObservedStream(s, entry, start, endPoint));

        FaultRule rule = faults.isEmpty() ? null : faults.apply(live);
        // A body read to evaluate a rule is handed to the handler again, whether or not the rule applied.
        Request next = live.bufferedBody() == null ? request : new ReplayRequest(request, live.bufferedBody());
        if (rule == null) {
            return super.handle(next, response, callback);
        }
        if (entry != null) {
            entry.faultId(rule.id());
        }
        Fault fault = rule.fault();
        if (fault.action() instanceof FaultAction.FailMidStream f) {
            ObservedStream observed = stream[0];
            if (observed != null) {
                // Bodies Jetty writes (plain responses) are cut at the HTTP stream...
                observed.failMidStream(f);
            }
            // ...streamed bodies (events, logs, pull progress) write past it, so they are cut where they are made.
            request.setAttribute(Streaming.BODY_FILTER, (UnaryOperator<OutputStream>) out -> {
                if (observed != null) {
                    observed.failMidStream(null);
                }
                return new MidStreamOutput(out, f, endPoint);
            });
        }
        if (fault.action() instanceof FaultAction.Drop && stream[0] != null) {
            stream[0].dropped();
        }
        long delay = fault.delay() == null ? 0 : fault.delay().nextMillis();
        if (delay <= 0) {
            return act(fault.action(), next, response, callback);
        }
        // Latency without holding a request thread: the scheduler hands the rest to the pool when it is due.
        request.getComponents().getScheduler().schedule(() -> request.getComponents().getExecutor().execute(() -> {
            try {
                if (!act(fault.action(), next, response, callback)) {
                    Response.writeError(next, response, callback, 404);
                }
            } catch (Throwable t) {
                Response.writeError(next, response, callback, t);
            }
        }), delay, TimeUnit.MILLISECONDS);
        return true;
    }

    private LoggedRequest record(RequestJournal journal, Request request, LiveRequest live) {
        String transport = request.getConnectionMetaData().getConnector() instanceof UnixDomainServerConnector
                ? "unix" : "tcp";
        LoggedRequest entry = new LoggedRequest(journal.nextId(), admin.engine().config().clock().instant(),
                request.getMethod(), live.rawPath(), live.path(), VersionPrefix.version(live.rawPath()),
                live.rawQuery(), live.headerPairs(), transport, journal.bodyLimit());
        journal.store(entry);
        return entry;
    }

    private boolean act(FaultAction action, Request request, Response response, Callback callback) throws Exception {
        if (action instanceof FaultAction.Respond r) {
            respond(r, response, callback);
            return true;
        }
        if (action instanceof FaultAction.Drop d) {
            drop(d, request, callback);
            return true;
        }
        return super.handle(request, response, callback);
    }

    private void respond(FaultAction.Respond r, Response response, Callback callback) {
        response.setStatus(r.status());
        HttpFields.Mutable h = response.getHeaders();
        daemonHeaders.forEach(h::put);
        boolean bodiless = r.status() == 204 || r.status() == 304 || r.status() < 200;
        if (r.contentType() != null && !bodiless) {
            h.put(HttpHeader.CONTENT_TYPE, r.contentType());
        }
        r.headers().forEach(h::put);
        response.write(true, bodiless ? ByteBuffer.allocate(0) : ByteBuffer.wrap(r.body()), callback);
    }

    private void drop(FaultAction.Drop d, Request request, Callback callback) {
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        if (d.mode() == FaultAction.DropMode.RESET && ep instanceof SocketChannelEndPoint sc) {
            try {
                // Linger 0: close sends RST instead of FIN.
                sc.getChannel().setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                LOG.debug("cannot set SO_LINGER for a reset", e);
            }
        }
        ep.close();
        callback.failed(new EofException("connection dropped by a drydock fault"));
    }
}
