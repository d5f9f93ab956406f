package dev.drydock.server;

import io.javalin.config.JavalinState;
import io.javalin.config.RouterConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Javalin's router with an index in front of its route matching: Javalin tries every route of a method in turn
 * (a regex each, ~60 for POST), where a route whose first path segment is a literal can only match a path with
 * that same first segment, and a route without slash-accepting parameters only a path with as many segments.
 * The candidates left are tried in registration order with Javalin's own matcher, so the route chosen (the
 * first registered that matches) and its path parameters are exactly what Javalin alone would give.
 */
final class FastRouter extends InternalRouter {
    private final Map<HandlerType, Index> byMethod = new HashMap<>();
    private final RouterConfig config;

    private FastRouter(JavalinState state) {
        super(state.wsRouter, state.eventManager, state.router, state.jetty);
        this.config = state.router;
    }

    /** The index for a method, or null where Javalin's own matching must decide (settings the index ignores). */
    private Index index(HandlerType type) {
        if (config.caseInsensitiveRoutes || config.treatMultipleSlashesAsSingleSlash) {
            return null;
        }
        return byMethod.get(type);
    }

    /** Replaces the configuration's router; call before any route or exception handler is added. */
    static void install(JavalinState state) {
        state.internalRouter = new FastRouter(state);
    }

    @Override
    public InternalRouter addHttpEndpoint(Endpoint endpoint) {
        super.addHttpEndpoint(endpoint);
        ParsedEndpoint parsed = null;
        for (ParsedEndpoint p : allHttpHandlers()) {
            if (p.endpoint == endpoint) {
                parsed = p;
            }
        }
        if (parsed != null) {
            byMethod.computeIfAbsent(endpoint.method, m -> new Index()).add(new Candidate(parsed, endpoint.path));
        }
        return this;
    }

    @Override
    public ParsedEndpoint findFirstHttpHandlerEntry(HandlerType type, String requestUri) {
        Index index = index(type);
        if (index == null) {
            return super.findFirstHttpHandlerEntry(type, requestUri);
        }
        boolean exactSlashes = !config.ignoreTrailingSlashes;
        for (Candidate c : index.candidates(requestUri)) {
            if (c.matches(requestUri, exactSlashes)) {
                return c.parsed;
            }
        }
        return null;
    }

    @Override
    public List<ParsedEndpoint> findHttpHandlerEntries(HandlerType type, String requestUri) {
        Index index = index(type);
        if (index == null) {
            return super.findHttpHandlerEntries(type, requestUri);
        }
        boolean exactSlashes = !config.ignoreTrailingSlashes;
        List<ParsedEndpoint> found = new ArrayList<>(1);
        for (Candidate c : index.candidates(requestUri)) {
            if (c.matches(requestUri, exactSlashes)) {
                found.add(c.parsed);
            }
        }
        return found;
    }

    @Override
    public boolean hasHttpHandlerEntry(HandlerType type, String requestUri) {
        if (index(type) == null) {
            return super.hasHttpHandlerEntry(type, requestUri);
        }
        return findFirstHttpHandlerEntry(type, requestUri) != null;
    }

    /** The first segment of a path: {@code containers} for {@code /containers/x/json}. */
    static String firstSegment(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }

    static int slashes(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /** Whether a route's path segment is matched literally (no parameter, wildcard or regex part). */
    private static boolean literal(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char ch = segment.charAt(i);
            if (ch == '{' || ch == '}' || ch == '<' || ch == '>' || ch == '*') {
                return false;
            }
        }
        return true;
    }

    /** One method's routes, listed per literal first segment, each list in registration order. */
    private static final class Index {
        private final Map<String, List<Candidate>> byFirst = new HashMap<>();
        /** Routes whose first segment is not literal: they go into every list. */
        private final List<Candidate> anyFirst = new ArrayList<>();

        void add(Candidate c) {
            String first = firstSegment(c.path);
            if (literal(first)) {
                byFirst.computeIfAbsent(first, k -> new ArrayList<>(anyFirst)).add(c);
            } else {
                anyFirst.add(c);
                byFirst.values().forEach(list -> list.add(c));
            }
        }

        List<Candidate> candidates(String requestUri) {
            return byFirst.getOrDefault(firstSegment(requestUri), anyFirst);
        }
    }

    /**
     * A route, with the number of slashes a path must have to match it (-1 when it may span segments), and for a
     * route made only of literal and whole {@code {param}} segments, those segments, matched without a regex
     * (such a parameter is Javalin's {@code [^/]+?}: one or more characters of one segment).
     */
    private static final class Candidate {
        final ParsedEndpoint parsed;
        final String path;
        final int slashes;
        /** Literal segments as written, parameters as null; null when the route needs Javalin's regex. */
        final String[] segments;

        Candidate(ParsedEndpoint parsed, String path) {
            this.parsed = parsed;
            this.path = path;
            this.slashes = path.indexOf('<') >= 0 || path.indexOf('*') >= 0 ? -1 : slashes(path);
            this.segments = slashes < 0 || !path.startsWith("/") ? null : segments(path);
        }

        private static String[] segments(String path) {
            String[] parts = path.substring(1).split("/", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean param = part.length() > 2 && part.startsWith("{") && part.endsWith("}")
                        && literal(part.substring(1, part.length() - 1));
                if (param) {
                    parts[i] = null;
                } else if (part.isEmpty() || !literal(part)) {
                    return null;
                }
            }
            return parts;
        }

        boolean matches(String requestUri, boolean exactSlashes) {
            if (slashes >= 0 && exactSlashes && slashes != slashes(requestUri)) {
                return false;
            }
            if (segments != null && exactSlashes) {
                return matchesSegments(requestUri);
            }
            return parsed.matches(requestUri);
        }

        /** For a path with as many slashes as the route: each literal equal, each parameter not empty. */
        private boolean matchesSegments(String uri) {
            if (!uri.startsWith("/")) {
                return false;
            }
            int from = 1;
            for (String segment : segments) {
                int end = uri.indexOf('/', from);
                if (end < 0) {
                    end = uri.length();
                }
                if (segment == null ? end == from
                        : end - from != segment.length() || !uri.regionMatches(from, segment, 0, segment.length())) {
                    return false;
                }
                from = end + 1;
            }
            return true;
        }
    }
}
