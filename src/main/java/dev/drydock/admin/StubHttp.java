package dev.drydock.admin;

import dev.drydock.runtime.net.NetStack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Answers HTTP/1.x requests on a stub's port with its canned responses (keep-alive, Content-Length bodies). */
final class StubHttp {
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created"),
            Map.entry(202, "Accepted"), Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"), Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private StubHttp() {
    }

    static void serve(NetStack.Connection conn, List<Stub.HttpRoute> routes) throws IOException {
        try (conn) {
            InputStream in = conn.input();
            OutputStream out = conn.output();
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                String[] parts = requestLine.split(" ");
                String method = parts[0];
                String target = parts.length > 1 ? parts[1] : "/";
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                boolean http10 = parts.length > 2 && parts[2].equals("HTTP/1.0");
                long length = 0;
                boolean chunked = false;
                boolean close = http10;
                String h;
                while ((h = line(in)) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        try {
                            length = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            respond(out, "GET", new Stub.HttpRoute(null, null, 400, "400 Bad Request\n", null,
                                    Map.of()), true);
                            return;
                        }
                    } else if (name.equals("transfer-encoding")) {
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    } else if (name.equals("connection")) {
                        close = value.equalsIgnoreCase("close") || (http10 && !value.equalsIgnoreCase("keep-alive"));
                    }
                }
                if (chunked) {
                    skipChunks(in);
                } else {
                    in.skipNBytes(length);
                }
                respond(out, method, find(routes, method, path), close);
                if (close) {
                    return;
                }
            }
        }
    }

    private static Stub.HttpRoute find(List<Stub.HttpRoute> routes, String method, String path) {
        for (Stub.HttpRoute r : routes) {
            if ((r.method() == null || r.method().equalsIgnoreCase(method)) && (r.path() == null || r.path().equals(path))) {
                return r;
            }
        }
        return new Stub.HttpRoute(null, null, 404, "404 page not found\n", "text/plain; charset=utf-8", Map.of());
    }

    private static void respond(OutputStream out, String method, Stub.HttpRoute r, boolean close) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ')
                .append(REASONS.getOrDefault(r.status(), "Status")).append("\r\n");
        sb.append("Content-Type: ").append(r.contentType() != null ? r.contentType() : "text/plain; charset=utf-8")
                .append("\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n");
        r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    /** Reads past a chunked body and its trailers. */
    private static void skipChunks(InputStream in) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                return;
            }
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + size);
            }
            if (n == 0) {
                String t;
                while ((t = line(in)) != null && !t.isEmpty()) {
                    // trailers are not used
                }
                return;
            }
            in.skipNBytes(n);
            line(in);
        }
    }

    /** A CRLF- or LF-terminated line without its terminator; null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
