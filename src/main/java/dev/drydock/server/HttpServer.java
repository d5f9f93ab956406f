package dev.drydock.server;

import dev.drydock.DrydockConfig;
import dev.drydock.admin.Admin;
import dev.drydock.admin.AdminApi;
import dev.drydock.admin.InterceptHandler;
import dev.drydock.api.ApiErrors;
import dev.drydock.api.ApiResource;
import dev.drydock.api.RouteTable;
import dev.drydock.api.Routes;
import dev.drydock.engine.Engine;
import dev.drydock.stream.StreamExecutor;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The Engine API over HTTP/1.1: Javalin on Jetty, listening on TCP and Unix sockets. */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("drydock.request");

    private final Javalin app;
    private final StreamExecutor streams;
    private final List<ListenAddress> addresses;
    private final List<URI> uris = new ArrayList<>();
    private final List<RouteTable.Route> routes;

    private HttpServer(Javalin app, StreamExecutor streams, List<ListenAddress> addresses,
                       List<RouteTable.Route> routes) {
        this.app = app;
        this.streams = streams;
        this.addresses = addresses;
        this.routes = routes;
    }

    /** Binds every address and starts serving, with a fresh journal and no fault rules. */
    public static HttpServer start(DrydockConfig config, Engine engine, List<ListenAddress> addresses) {
        return start(config, engine, addresses, List.of());
    }

    /** As {@link #start(DrydockConfig, Engine, List, List, Admin)} with a fresh journal and no fault rules. */
    public static HttpServer start(DrydockConfig config, Engine engine, List<ListenAddress> addresses,
                                   List<java.util.function.Function<StreamExecutor, ApiResource>> extra) {
        return start(config, engine, addresses, extra,
                new Admin(engine, config.journalSize(), config.journalBodyLimit()));
    }

    /** As {@link #start(DrydockConfig, Engine, List, List, Admin)} with no extra resources. */
    public static HttpServer start(DrydockConfig config, Engine engine, List<ListenAddress> addresses, Admin admin) {
        return start(config, engine, addresses, List.of(), admin);
    }

    /**
     * Binds every address and serves the Engine API plus {@code extra} resources (built with the server's
     * stream executor), e.g. a test's own routes; a stale Unix socket file is replaced. Every request first passes
     * the admin's {@link InterceptHandler} (journal, faults, the {@code /_drydock} routes).
     */
    public static HttpServer start(DrydockConfig config, Engine engine, List<ListenAddress> addresses,
                                   List<java.util.function.Function<StreamExecutor, ApiResource>> extra, Admin admin) {
        for (ListenAddress a : addresses) {
            if (a.isUnix()) {
                prepareSocketPath(a.socketPath());
            }
        }
        AtomicReference<RouteTable> table = new AtomicReference<>();
        StreamExecutor streams = new StreamExecutor("drydock-stream");
        FrontFilter front = new FrontFilter(config.apiVersion(), config.minApiVersion(),
                engine.system().serverHeader(), config.debug());
        Javalin app = Javalin.create(cfg -> {
            FastRouter.install(cfg.unsafe);
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            // gzip buffers streamed bodies (events, logs, pull progress): Docker never compresses anyway.
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = config.maxRequestBodyBytes();
            cfg.http.asyncTimeout = 0;
            cfg.http.defaultContentType = "application/json";
            cfg.router.ignoreTrailingSlashes = false;
            QueuedThreadPool pool = new QueuedThreadPool(200, 4, 60_000);
            pool.setName("drydock-http");
            cfg.jetty.threadPool = pool;
            for (ListenAddress a : addresses) {
                cfg.jetty.addConnector((server, http) -> {
                    http.setSendServerVersion(false);
                    http.setSendDateHeader(true);
                    if (a.isUnix()) {
                        UnixDomainServerConnector c = new UnixDomainServerConnector(server, new DockerHttpConnectionFactory(http));
                        c.setUnixDomainPath(a.socketPath());
                        c.setIdleTimeout(120_000);
                        return c;
                    }
                    ServerConnector c = new ServerConnector(server, new DockerHttpConnectionFactory(http));
                    c.setHost(a.host());
                    c.setPort(a.port());
                    c.setIdleTimeout(120_000);
                    return c;
                });
            }
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(config.apiVersion(), engine.system().serverHeader())));
            // Outermost handler: Javalin nests its servlet context inside it, so journal and faults see every request.
            cfg.jetty.modifyServer(server -> server.setHandler(new InterceptHandler(admin,
                    config.adminEnabled() ? new AdminApi(admin) : null, daemonHeaders(config, engine))));
            cfg.jetty.modifyServletContextHandler(h -> {
                // No route uses sessions: no request looks for a session cookie or wraps its stream for one.
                h.setSessionHandler(new NoSessions());
                // Each container's paths are new, so a per-path filter chain cache only fills and clears.
                h.getServletHandler().setFilterChainsCached(false);
                FilterHolder holder = new FilterHolder(front);
                // Streams (events, wait, logs) go async behind this filter: without this, startAsync fails.
                holder.setAsyncSupported(true);
                h.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
                h.setErrorHandler(new JsonErrorHandler(config.apiVersion(), engine.system().serverHeader()));
            });
            if (config.debug()) {
                cfg.requestLogger.http(FrontFilter::logRequest);
            }
            RouteTable routes = new RouteTable(cfg.routes);
            Routes.registerAll(routes, engine, streams);
            extra.forEach(f -> f.apply(streams).register(routes));
            table.set(routes);
            cfg.routes.exception(Exception.class, ApiErrors::renderUnexpected);
            // Javalin cancels a stream's future when its client leaves: nothing to answer, nothing to log.
            cfg.routes.exception(java.util.concurrent.CancellationException.class, (e, ctx) -> { });
            // Javalin answers its own HttpResponseExceptions (no route, body too large) unless mapped explicitly.
            cfg.routes.exception(io.javalin.http.HttpResponseException.class, ApiErrors::renderUnexpected);
        });
        app.start();
        HttpServer server = new HttpServer(app, streams, addresses, table.get().declared());
        admin.routes(server.routes);
        Connector[] connectors = app.jettyServer().server().getConnectors();
        for (int i = 0; i < connectors.length && i < addresses.size(); i++) {
            int port = connectors[i] instanceof NetworkConnector nc ? nc.getLocalPort() : -1;
            server.uris.add(addresses.get(i).toUri(port));
        }
        return server;
    }

    /** Javalin's context always has a session handler; this one passes every request straight through. */
    private static final class NoSessions extends org.eclipse.jetty.ee10.servlet.SessionHandler {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              org.eclipse.jetty.util.Callback callback) throws Exception {
            org.eclipse.jetty.server.Handler next = getHandler();
            return next != null && next.handle(request, response, callback);
        }
    }

    /** The headers FrontFilter stamps on every response, for responses that never reach it (faults). */
    private static Map<String, String> daemonHeaders(DrydockConfig config, Engine engine) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Api-Version", config.apiVersion());
        h.put("Docker-Experimental", "false");
        h.put("Ostype", "linux");
        h.put("Server", engine.system().serverHeader());
        return h;
    }

    private static void prepareSocketPath(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // A socket file left by a killed server would make bind fail: replace it, as dockerd does.
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** The Docker host URIs this server answers on, in the order the addresses were given. */
    public List<URI> uris() {
        return List.copyOf(uris);
    }

    /** The threads long-lived streams run on. */
    public StreamExecutor streams() {
        return streams;
    }

    /** Every Engine API route served. */
    public List<RouteTable.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        streams.close();
        for (ListenAddress a : addresses) {
            if (a.isUnix()) {
                try {
                    Files.deleteIfExists(a.socketPath());
                } catch (IOException ignored) {
                    // Best effort: the socket is closed either way.
                }
            }
        }
    }
}
