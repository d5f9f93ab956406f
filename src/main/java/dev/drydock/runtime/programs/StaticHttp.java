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

import dev.drydock.fs.Errno;
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
        // Buffered: request lines are read byte by byte, and requests are small.
        InputStream in = new java.io.BufferedInputStream(conn.input(), 8192);
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
            Page page = method.equals("GET") || method.equals("HEAD") ? page(path) : null;
            if (page == null) {
                status = 405;
                body = errorPage(405, "Not Allowed");
            } else {
                status = page.status();
                body = page.status() == 200 ? page.body() : errorPage(page.status(), reason(page.status()));
                if (page.status() == 200) {
                    type = contentType(page.file());
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
            // Head and body in one write: one segment for a small page, as nginx's writev sends.
            byte[] head = resp.toString().getBytes(StandardCharsets.ISO_8859_1);
            int bodyLength = method.equals("HEAD") ? 0 : body.length;
            byte[] whole = java.util.Arrays.copyOf(head, head.length + bodyLength);
            System.arraycopy(body, 0, whole, head.length, bodyLength);
            out.write(whole);
            out.flush();
            if (close) {
                return;
            }
        }
    }

    /** What a GET of a path finds: 200 with the file read, 403 when it cannot be read, 404. */
    private record Page(int status, String file, byte[] body) {
    }

    /** One stat, then a read of the file or of the first index file found: no stat before each read. */
    private Page page(String path) {
        String p = dev.drydock.fs.Paths.normalize(root + "/" + path);
        Optional<FileStat> st;
        try {
            st = ctx.fs().stat(p, true);
        } catch (FsException e) {
            return new Page(404, null, null);
        }
        if (st.isEmpty()) {
            return new Page(404, null, null);
        }
        if (!st.get().isDirectory()) {
            return read(p);
        }
        for (String idx : index.split(" ")) {
            Page page = read(p + "/" + idx);
            if (page.status() != 404) {
                return page;
            }
        }
        return new Page(404, null, null);
    }

    private Page read(String file) {
        try {
            return new Page(200, file, ctx.fs().readAll(file));
        } catch (FsException e) {
            // A missing index candidate (or one that is a directory) is looked past, as nginx's index does.
            return new Page(e.errno() == Errno.ENOENT || e.errno() == Errno.EISDIR ? 404 : 403, file, null);
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
