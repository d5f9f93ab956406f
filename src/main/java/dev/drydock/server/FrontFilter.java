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

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

import java.io.IOException;
import java.util.List;

/**
 * In front of every route: strips the {@code /vX.Y} prefix, refuses versions outside the served range,
 * and stamps the headers every daemon response carries.
 */
final class FrontFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger("drydock.request");
    /** The request attribute holding the path and query as the client sent them. */
    static final String ORIGINAL_PATH = "drydock.originalPath";

    private final String maxVersion;
    private final String minVersion;
    private final String serverHeader;
    private final boolean debug;
    private final List<HttpField> stamped;

    FrontFilter(String maxVersion, String minVersion, String serverHeader, boolean debug) {
        this.maxVersion = maxVersion;
        this.minVersion = minVersion;
        this.serverHeader = serverHeader;
        this.debug = debug;
        this.stamped = List.of(new PreEncodedHttpField("Api-Version", maxVersion),
                new PreEncodedHttpField("Docker-Experimental", "false"),
                new PreEncodedHttpField("Ostype", "linux"),
                new PreEncodedHttpField(HttpHeader.SERVER, serverHeader));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        long start = System.nanoTime();
        stamp(req, res);

        String uri = req.getRequestURI();
        if (debug) {
            // The debug log names the path as the client sent it, version prefix included.
            req.setAttribute(ORIGINAL_PATH, originalPath(req));
        }
        String version = maxVersion;
        HttpServletRequest routed = req;
        int end = versionEnd(uri);
        if (end > 0) {
            version = uri.substring(2, end);
            routed = new Rewritten(req, end == uri.length() ? "/" : uri.substring(end));
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

    /**
     * Where dockerd's {@code /v{version:[0-9.]+}} prefix ends in {@code uri} (at its end or at the {@code /} after
     * it), or -1 when the path has none: what {@code ^/v([0-9.]+)(/.*)?$} matches, without a regex per request.
     */
    static int versionEnd(String uri) {
        if (uri.length() < 3 || uri.charAt(0) != '/' || uri.charAt(1) != 'v') {
            return -1;
        }
        int i = 2;
        while (i < uri.length() && (uri.charAt(i) == '.' || (uri.charAt(i) >= '0' && uri.charAt(i) <= '9'))) {
            i++;
        }
        if (i == 2) {
            return -1;
        }
        if (i == uri.length()) {
            return i;
        }
        if (uri.charAt(i) != '/') {
            return -1;
        }
        // The regex's '.' stops at line terminators, so a rest holding one is no match.
        for (int k = i; k < uri.length(); k++) {
            char ch = uri.charAt(k);
            if (ch == '\n' || ch == '\r' || ch == '\u0085' || ch == '\u2028' || ch == '\u2029') {
                return -1;
            }
        }
        return i;
    }

    /** The headers every daemon answer carries, put once as pre-encoded fields on the response. */
    private void stamp(HttpServletRequest req, HttpServletResponse res) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(req);
        if (core == null) {
            res.setHeader("Api-Version", maxVersion);
            res.setHeader("Docker-Experimental", "false");
            res.setHeader("Ostype", "linux");
            res.setHeader("Server", serverHeader);
            return;
        }
        HttpFields.Mutable headers = core.getServletContextResponse().getHeaders();
        for (HttpField f : stamped) {
            headers.put(f);
        }
    }

    private static String originalPath(HttpServletRequest req) {
        String uri = req.getRequestURI();
        return req.getQueryString() == null ? uri : uri + "?" + req.getQueryString();
    }

    private void reject(HttpServletRequest req, HttpServletResponse res, long start, String message)
            throws IOException {
        ApiErrors.write(res, 400, message);
        if (debug) {
            log(req.getMethod(), originalPath(req), 400, (System.nanoTime() - start) / 1e6f);
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
