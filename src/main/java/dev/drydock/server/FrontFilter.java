package dev.drydock.server;

import dev.drydock.api.ApiErrors;
import dev.drydock.api.ApiVersion;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In front of every route: strips the {@code /vX.Y} prefix, refuses versions outside the served range,
 * and stamps the headers every daemon response carries.
 */
final class FrontFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("drydock.request");
    /** dockerd's router: {@code /v{version:[0-9.]+}} before any route. */
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9.]+)(/.*)?$");
    /** The request attribute holding the path and query as the client sent them. */
    static final String ORIGINAL_PATH = "drydock.originalPath";

    private final String maxVersion;
    private final String minVersion;
    private final String serverHeader;
    private final boolean debug;

    FrontFilter(String maxVersion, String minVersion, String serverHeader, boolean debug) {
        this.maxVersion = maxVersion;
        this.minVersion = minVersion;
        this.serverHeader = serverHeader;
        this.debug = debug;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        long start = System.nanoTime();
        res.setHeader("Api-Version", maxVersion);
        res.setHeader("Docker-Experimental", "false");
        res.setHeader("Ostype", "linux");
        res.setHeader("Server", serverHeader);

        String uri = req.getRequestURI();
        // The debug log names the path as the client sent it, version prefix included.
        req.setAttribute(ORIGINAL_PATH, req.getQueryString() == null ? uri : uri + "?" + req.getQueryString());
        String version = maxVersion;
        HttpServletRequest routed = req;
        Matcher m = VERSIONED.matcher(uri);
        if (m.matches()) {
            version = m.group(1);
            String rest = m.group(2) == null ? "/" : m.group(2);
            routed = new Rewritten(req, rest);
        }
        if (ApiVersion.lessThan(version, minVersion)) {
            reject(req, res, start, "client version " + version + " is too old. Minimum supported API version is "
                    + minVersion + ", please upgrade your client to a newer version");
            return;
        }
        if (ApiVersion.compare(version, maxVersion) > 0) {
            reject(req, res, start, "client version " + version + " is too new. Maximum supported API version is "
                    + maxVersion);
            return;
        }
        routed.setAttribute(ApiVersion.ATTRIBUTE, version);
        chain.doFilter(routed, response);
    }

    private void reject(HttpServletRequest req, HttpServletResponse res, long start, String message)
            throws IOException {
        ApiErrors.write(res, 400, message);
        if (debug) {
            log(req.getMethod(), String.valueOf(req.getAttribute(ORIGINAL_PATH)), 400,
                    (System.nanoTime() - start) / 1e6f);
        }
    }

    /** The {@code --debug} line of a routed request: method, path as sent, status, duration. */
    static void logRequest(io.javalin.http.Context ctx, Float millis) {
        try {
            Object path = ctx.attribute(ORIGINAL_PATH);
            log(ctx.method().name(), path == null ? ctx.path() : path.toString(), ctx.statusCode(), millis);
        } catch (RuntimeException e) {
            // A stream whose client left: its exchange is recycled and has nothing left to log.
        }
    }

    private static void log(String method, String path, int status, float millis) {
        LOG.info("{} {} {} {}ms", method, path, status, String.format(java.util.Locale.ROOT, "%.2f", millis));
    }

    /** The request as routing sees it: the same request with the version prefix taken off its path. */
    private static final class Rewritten extends HttpServletRequestWrapper {
        private final String uri;

        Rewritten(HttpServletRequest request, String uri) {
            super(request);
            this.uri = uri;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getPathInfo() {
            return uri;
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = new StringBuffer();
            url.append(getScheme()).append("://").append(getServerName()).append(':').append(getServerPort())
                    .append(uri);
            return url;
        }
    }
}
