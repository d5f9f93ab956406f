package dev.drydock.runtime.programs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.net.NetStack;

/** A small static-file HTTP/1.1 server over a {@link NetStack} connection, shared by nginx, httpd and python. */
final class StaticHttp {
    /** Formats one access-log line. */
    interface AccessLog {
        String line(String remote, String method, String path, String proto, int status, long bytes,
                    Map<String, String> headers);
    }

    private final ProgramContext ctx;
    private final String root;
    private final String server;
    private final AccessLog log;
    private final String index;

    StaticHttp(ProgramContext ctx, String root, String server, String index, AccessLog log) {
        this.ctx = ctx;
        this.root = root;
        this.server = server;
        this.index = index;
        this.log = log;
    }

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    void serve(NetStack.Connection conn) throws IOException {
        InputStream in = conn.input();
        OutputStream out = conn.output();
        while (true) {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            if (headers.containsKey("content-length")) {
                in.skipNBytes(Long.parseLong(headers.get("content-length")));
            }
            String[] p = requestLine.split(" ");
            String method = p[0];
            String target = p.length > 1 ? p[1] : "/";
            String proto = p.length > 2 ? p[2] : "HTTP/1.0";
            String path = java.net.URLDecoder.decode(target.replaceAll("\\?.*", ""), StandardCharsets.UTF_8);
            int status;
            byte[] body;
            String type = "text/html";
            String file = resolveFile(path);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                status = 405;
                body = errorPage(405, "Not Allowed");
            } else if (file == null) {
                status = 404;
                body = errorPage(404, "Not Found");
            } else {
                try {
                    body = ctx.fs().readAll(file);
                    status = 200;
                    type = contentType(file);
                } catch (FsException e) {
                    status = 403;
                    body = errorPage(403, "Forbidden");
                }
            }
            boolean close = proto.equals("HTTP/1.0") || "close".equalsIgnoreCase(headers.get("connection"));
            StringBuilder resp = new StringBuilder(proto.equals("HTTP/1.0") ? "HTTP/1.0 " : "HTTP/1.1 ")
                .append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Server: ").append(server).append("\r\n")
                .append("Date: ").append(HTTP_DATE.format(ctx.clock().now())).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
            // logged before the response leaves, so a client that got its answer can already see the line
            String remote = conn.remoteAddress();
            int colon = remote.lastIndexOf(':');
            ctx.out(log.line(colon > 0 ? remote.substring(0, colon) : remote, method, target, proto, status,
                method.equals("HEAD") ? 0 : body.length, headers));
            out.write(resp.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!method.equals("HEAD")) {
                out.write(body);
            }
            out.flush();
            if (close) {
                return;
            }
        }
    }

    private String resolveFile(String path) {
        String p = dev.drydock.fs.Paths.normalize(root + "/" + path);
        try {
            Optional<FileStat> st = ctx.fs().stat(p, true);
            if (st.isEmpty()) {
                return null;
            }
            if (st.get().isDirectory()) {
                for (String idx : index.split(" ")) {
                    String candidate = p + "/" + idx;
                    if (ctx.fs().stat(candidate, true).map(FileStat::isFile).orElse(false)) {
                        return candidate;
                    }
                }
                return null;
            }
            return p;
        } catch (FsException e) {
            return null;
        }
    }

    private byte[] errorPage(int status, String text) {
        String s = "<html>\r\n<head><title>" + status + " " + text + "</title></head>\r\n<body>\r\n<center><h1>"
            + status + " " + text + "</h1></center>\r\n<hr><center>" + server + "</center>\r\n</body>\r\n</html>\r\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String reason(int s) {
        return switch (s) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Not Allowed";
            default -> "Error";
        };
    }

    static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".html") || f.endsWith(".htm")) {
            return "text/html";
        }
        if (f.endsWith(".css")) {
            return "text/css";
        }
        if (f.endsWith(".js")) {
            return "application/javascript";
        }
        if (f.endsWith(".json")) {
            return "application/json";
        }
        if (f.endsWith(".png")) {
            return "image/png";
        }
        if (f.endsWith(".txt")) {
            return "text/plain";
        }
        return "application/octet-stream";
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        boolean any = false;
        while ((ch = in.read()) >= 0) {
            any = true;
            if (ch == '\n') {
                break;
            }
            if (ch != '\r') {
                b.write(ch);
            }
            if (b.size() > 16384) {
                break;
            }
        }
        return any ? b.toString(StandardCharsets.ISO_8859_1) : null;
    }
}
