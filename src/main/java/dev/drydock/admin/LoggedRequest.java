package dev.drydock.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Engine API request as the journal recorded it. Recorded when it arrives; its status is filled in when the
 * response is committed and its duration when it completes (a stream stays in flight until it ends).
 */
public final class LoggedRequest implements RequestView {
    private final long id;
    private final Instant timestamp;
    private final String method;
    private final String rawPath;
    private final String path;
    private final String apiVersion;
    private final String rawQuery;
    private final String[] headers;
    private final String transport;
    private final int bodyLimit;
    private volatile Map<String, List<String>> queryParams;
    private byte[] body = new byte[0];
    private long bodySize;
    private volatile int status;
    private volatile long durationNanos = -1;
    private volatile String faultId;

    LoggedRequest(long id, Instant timestamp, String method, String rawPath, String path, String apiVersion,
                  String rawQuery, String[] headers, String transport, int bodyLimit) {
        this.id = id;
        this.timestamp = timestamp;
        this.method = method;
        this.rawPath = rawPath;
        this.path = path;
        this.apiVersion = apiVersion;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.transport = transport;
        this.bodyLimit = bodyLimit;
    }

    /** The journal's sequence number: increasing in arrival order. */
    public long id() {
        return id;
    }

    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String path() {
        return path;
    }

    /** The API version of the {@code /vX.Y} prefix, or null when the request had none. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The query string as sent (still encoded), or null. */
    public String rawQuery() {
        return rawQuery;
    }

    /** Decoded query parameters, in order. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> q = queryParams;
        if (q == null) {
            q = Collections.unmodifiableMap(QueryStrings.parse(rawQuery));
            queryParams = q;
        }
        return q;
    }

    @Override
    public String queryParam(String name) {
        List<String> v = queryParams().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Request headers as sent, names in their original case. */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            m.computeIfAbsent(headers[i], k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return m;
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                out.add(headers[i + 1]);
            }
        }
        return out;
    }

    /** {@code tcp} or {@code unix}. */
    public String transport() {
        return transport;
    }

    /** The first bytes of the body the handler read (up to the journal's body limit). */
    public synchronized byte[] body() {
        return body.clone();
    }

    /** How many body bytes the handler read in all (may exceed what was kept). */
    public synchronized long bodySize() {
        return bodySize;
    }

    public synchronized boolean bodyTruncated() {
        return bodySize > body.length;
    }

    @Override
    public synchronized String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The response status, or 0 when no response was sent (yet, or the connection was dropped). */
    public int status() {
        return status;
    }

    /** How long the request took, from arrival to the end of its response; -1 while in flight. */
    public long durationNanos() {
        return durationNanos;
    }

    public boolean completed() {
        return durationNanos >= 0;
    }

    /** The id of the fault rule that applied, or null. */
    public String faultId() {
        return faultId;
    }

    synchronized void appendBody(java.nio.ByteBuffer chunk) {
        int n = chunk.remaining();
        bodySize += n;
        int room = bodyLimit - body.length;
        if (room <= 0) {
            return;
        }
        int take = Math.min(room, n);
        byte[] grown = java.util.Arrays.copyOf(body, body.length + take);
        chunk.duplicate().get(grown, body.length, take);
        body = grown;
    }

    void status(int s) {
        this.status = s;
    }

    void complete(long nanos) {
        this.durationNanos = nanos;
    }

    void faultId(String id) {
        this.faultId = id;
    }

    /** The request as {@code GET /_drydock/requests} shows it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("timestamp", timestamp.toString());
        m.put("method", method);
        m.put("rawPath", rawPath);
        m.put("path", path);
        m.put("apiVersion", apiVersion);
        m.put("query", rawQuery);
        m.put("queryParams", queryParams());
        m.put("headers", headers());
        synchronized (this) {
            m.put("body", new String(body, StandardCharsets.UTF_8));
            m.put("bodySize", bodySize);
            m.put("bodyTruncated", bodySize > body.length);
        }
        m.put("status", status);
        long d = durationNanos;
        m.put("durationMs", d < 0 ? null : d / 1e6);
        m.put("completed", d >= 0);
        m.put("transport", transport);
        m.put("faultId", faultId);
        return m;
    }

    /** One line: {@code POST /v1.41/containers/create -> 201}. */
    public String summary() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + " -> "
                + (status == 0 ? "(no response)" : status);
    }

    @Override
    public String toString() {
        return summary();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
