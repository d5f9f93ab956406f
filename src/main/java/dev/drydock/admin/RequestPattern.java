package dev.drydock.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which requests a fault or a verification is about: method, path pattern (against the path without
 * {@code /vX.Y}, or the raw path), and optional query, header and body predicates.
 *
 * <p>Immutable: each {@code with...} returns a new pattern. Build one with the {@link DrydockDsl} helpers, e.g.
 * {@code postRequestedFor(urlPathMatching("/containers/.*}{@code /start")).withQueryParam("t", equalTo("0"))}.
 */
public final class RequestPattern {
    /** Matches any method. */
    public static final String ANY_METHOD = "ANY";

    private final String method;
    private final PathPattern path;
    private final boolean rawPath;
    private final Map<String, StringMatcher> query;
    private final Map<String, StringMatcher> headers;
    private final StringMatcher body;

    private RequestPattern(String method, PathPattern path, boolean rawPath, Map<String, StringMatcher> query,
                           Map<String, StringMatcher> headers, StringMatcher body) {
        this.method = method;
        this.path = path;
        this.rawPath = rawPath;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /** Requests with this method ({@code ANY} for all) whose versionless path matches. */
    public static RequestPattern of(String method, PathPattern path) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("field \"method\": invalid HTTP method \"" + method + "\"");
        }
        return new RequestPattern(m.intern(), path, false, Map.of(), Map.of(), null);
    }

    /** Matches the path as sent, {@code /vX.Y} prefix included, instead of the versionless path. */
    public RequestPattern onRawPath() {
        return new RequestPattern(method, path, true, query, headers, body);
    }

    /** Also requires a query parameter (first value) to satisfy the matcher. */
    public RequestPattern withQueryParam(String name, StringMatcher matcher) {
        Map<String, StringMatcher> q = new LinkedHashMap<>(query);
        q.put(Objects.requireNonNull(name, "query name"), Objects.requireNonNull(matcher, "query matcher"));
        return new RequestPattern(method, path, rawPath, Map.copyOf(q), headers, body);
    }

    /** Also requires a header (any of its values; names case-insensitive) to satisfy the matcher. */
    public RequestPattern withHeader(String name, StringMatcher matcher) {
        Map<String, StringMatcher> h = new LinkedHashMap<>(headers);
        h.put(Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT),
                Objects.requireNonNull(matcher, "header matcher"));
        return new RequestPattern(method, path, rawPath, query, Map.copyOf(h), body);
    }

    /** Also requires the body (as UTF-8 text) to satisfy the matcher. */
    public RequestPattern withRequestBody(StringMatcher matcher) {
        return new RequestPattern(method, path, rawPath, query, headers, Objects.requireNonNull(matcher, "body"));
    }

    public String method() {
        return method;
    }

    public PathPattern path() {
        return path;
    }

    public boolean rawPath() {
        return rawPath;
    }

    public Map<String, StringMatcher> query() {
        return query;
    }

    public Map<String, StringMatcher> headers() {
        return headers;
    }

    /** The body predicate, or null. */
    public StringMatcher body() {
        return body;
    }

    /** True when the body must be known to decide (the live request's body is then read before routing). */
    public boolean needsBody() {
        return body != null;
    }

    /** Method, path, query and headers: everything but the body. */
    boolean matchesWithoutBody(RequestView r) {
        if (method != ANY_METHOD && !method.equals(r.method())) {
            return false;
        }
        if (!path.matches(rawPath ? r.rawPath() : r.path())) {
            return false;
        }
        if (!query.isEmpty()) {
            for (Map.Entry<String, StringMatcher> e : query.entrySet()) {
                if (!e.getValue().matches(r.queryParam(e.getKey()))) {
                    return false;
                }
            }
        }
        if (!headers.isEmpty()) {
            for (Map.Entry<String, StringMatcher> e : headers.entrySet()) {
                if (!headerMatches(e.getValue(), r.headerValues(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when every part of the pattern matches the request. */
    public boolean matches(RequestView r) {
        return matchesWithoutBody(r) && (body == null || body.matches(r.bodyText()));
    }

    private static boolean headerMatches(StringMatcher m, List<String> values) {
        if (values.isEmpty()) {
            return m.matches(null);
        }
        for (String v : values) {
            if (m.matches(v)) {
                return true;
            }
        }
        return false;
    }

    /** The parts of the pattern this request does not satisfy, one readable line each; empty when it matches. */
    public List<String> mismatches(RequestView r) {
        List<String> out = new ArrayList<>();
        if (method != ANY_METHOD && !method.equals(r.method())) {
            out.add("method: expected " + method + ", was " + r.method());
        }
        String p = rawPath ? r.rawPath() : r.path();
        if (!path.matches(p)) {
            out.add((rawPath ? "raw path" : "path") + ": expected " + path.describe() + ", was " + p);
        }
        for (Map.Entry<String, StringMatcher> e : query.entrySet()) {
            String v = r.queryParam(e.getKey());
            if (!e.getValue().matches(v)) {
                out.add("query " + e.getKey() + ": expected " + e.getValue().describe() + ", was "
                        + (v == null ? "absent" : "\"" + v + "\""));
            }
        }
        for (Map.Entry<String, StringMatcher> e : headers.entrySet()) {
            List<String> v = r.headerValues(e.getKey());
            if (!headerMatches(e.getValue(), v)) {
                out.add("header " + e.getKey() + ": expected " + e.getValue().describe() + ", was "
                        + (v.isEmpty() ? "absent" : v));
            }
        }
        if (body != null && !body.matches(r.bodyText())) {
            String b = r.bodyText();
            out.add("body: expected " + body.describe() + ", was "
                    + (b == null ? "absent" : "\"" + abbreviate(b, 120) + "\""));
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** How the pattern reads in a failure message. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path.describe());
        if (rawPath) {
            sb.append(" (raw path)");
        }
        query.forEach((k, v) -> sb.append("\n    query ").append(k).append(' ').append(v.describe()));
        headers.forEach((k, v) -> sb.append("\n    header ").append(k).append(' ').append(v.describe()));
        if (body != null) {
            sb.append("\n    body ").append(body.describe());
        }
        return sb.toString();
    }

    /** The JSON fields of this pattern, as a fault definition or filter writes them. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        Map.Entry<String, String> p = path.toJsonField();
        m.put(p.getKey(), p.getValue());
        if (rawPath) {
            m.put("rawPath", true);
        }
        if (!query.isEmpty()) {
            Map<String, Object> q = new LinkedHashMap<>();
            query.forEach((k, v) -> q.put(k, v.toJson()));
            m.put("query", q);
        }
        if (!headers.isEmpty()) {
            Map<String, Object> h = new LinkedHashMap<>();
            headers.forEach((k, v) -> h.put(k, v.toJson()));
            m.put("headers", h);
        }
        if (body != null) {
            m.put("body", body.toJson());
        }
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
