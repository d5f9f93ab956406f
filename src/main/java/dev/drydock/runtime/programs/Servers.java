package dev.drydock.runtime.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.net.NetStack;

/** nginx, Apache httpd, busybox httpd and python's http.server: static files over a virtual listener. */
final class Servers {
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_ERR = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private Servers() {
    }

    /** Listens and completes the returned future with {@code code} when {@code stopSignals} arrive. */
    static CompletableFuture<Integer> listen(ProgramContext ctx, int port, StaticHttp http, String bindError)
        throws IOException {
        return listen(ctx, "::", port, http, bindError);
    }

    /** Listens on {@code port} bound to {@code bind} (what netstat shows). */
    static CompletableFuture<Integer> listen(ProgramContext ctx, String bind, int port, StaticHttp http,
                                             String bindError) throws IOException {
        return listen(ctx, List.of(bind), port, http, bindError);
    }

    /** Listens on {@code port} with one socket per address in {@code binds} (what netstat shows). */
    static CompletableFuture<Integer> listen(ProgramContext ctx, List<String> binds, int port, StaticHttp http,
                                             String bindError) throws IOException {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        NetStack.Listener l;
        try {
            l = ctx.net().listen(binds, port, http::serve);
        } catch (java.net.BindException e) {
            ctx.err(bindError);
            done.complete(1);
            return done;
        }
        ctx.onExit(l::close);
        return done;
    }

    static CompletableFuture<Integer> nginx(ProgramContext ctx) throws IOException {
        List<String> a = ctx.args();
        if (a.contains("-v") || a.contains("-V")) {
            ctx.err("nginx version: nginx/1.25.3\n");
            return CompletableFuture.completedFuture(0);
        }
        String conf = readConf(ctx, "/etc/nginx/conf.d/default.conf");
        Map<Integer, List<String>> sockets = nginxListens(conf);
        String root = "/usr/share/nginx/html";
        if (conf != null) {
            Matcher r = Pattern.compile("root\\s+([^;\\s]+)\\s*;").matcher(conf);
            if (r.find()) {
                root = r.group(1);
            }
        }
        if (a.contains("-t")) {
            ctx.err("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
                + "nginx: configuration file /etc/nginx/nginx.conf test is successful\n");
            return CompletableFuture.completedFuture(0);
        }
        int pid = ctx.pid();
        String now = NGINX_ERR.format(ctx.clock().now());
        ctx.err(now + " [notice] " + pid + "#" + pid + ": using the \"epoll\" event method\n"
            + now + " [notice] " + pid + "#" + pid + ": nginx/1.25.3\n"
            + now + " [notice] " + pid + "#" + pid + ": built by gcc 12.2.0 (Debian 12.2.0-14)\n"
            + now + " [notice] " + pid + "#" + pid + ": OS: Linux 5.15.0-drydock\n"
            + now + " [notice] " + pid + "#" + pid + ": start worker processes\n"
            + now + " [notice] " + pid + "#" + pid + ": start worker process " + (pid + 28) + "\n");
        StaticHttp http = new StaticHttp(ctx, root, "nginx/1.25.3", "index.html index.htm",
            (remote, method, path, proto, status, bytes, headers) -> remote + " - - [" + CLF.format(ctx.clock().now())
                + "] \"" + method + " " + path + " " + proto + "\" " + status + " " + bytes + " \""
                + headers.getOrDefault("referer", "-") + "\" \"" + headers.getOrDefault("user-agent", "-")
                + "\" \"-\"\n");
        CompletableFuture<Integer> done = new CompletableFuture<>();
        for (Map.Entry<Integer, List<String>> s : sockets.entrySet()) {
            String first = s.getValue().get(0);
            CompletableFuture<Integer> failed = listen(ctx, s.getValue(), s.getKey(), http, NGINX_ERR.format(
                ctx.clock().now()) + " [emerg] " + pid + "#" + pid + ": bind() to " + (first.contains(":") ? "["
                + first + "]" : first) + ":" + s.getKey() + " failed (98: Address in use)\n");
            if (failed.isDone()) {
                return failed; // the sockets opened so far close as the process exits
            }
        }
        for (int sig : new int[] {Signals.SIGQUIT, Signals.SIGTERM, Signals.SIGINT}) {
            ctx.onSignal(sig, s -> {
                String t = NGINX_ERR.format(ctx.clock().now());
                String what = s == Signals.SIGQUIT ? "signal 3 (SIGQUIT) received, shutting down"
                    : "signal " + s + " (SIG" + Signals.name(s) + ") received, exiting";
                try {
                    ctx.err(t + " [notice] " + pid + "#" + pid + ": " + what + "\n" + t + " [notice] " + pid + "#"
                        + pid + ": exit\n");
                } catch (IOException | RuntimeException ignored) {
                    // output gone
                }
                done.complete(0);
            });
        }
        ctx.onSignal(Signals.SIGHUP, s -> { });
        return done;
    }

    /**
     * The sockets nginx opens for the {@code listen} directives of its server block, by port: {@code listen 80}
     * binds 0.0.0.0, {@code listen [::]:80} an IPv6-only ::, as the image's default.conf has both; a server
     * without any listens on *:80.
     */
    static Map<Integer, List<String>> nginxListens(String conf) {
        Map<Integer, List<String>> sockets = new LinkedHashMap<>();
        if (conf != null) {
            Matcher m = Pattern.compile("(?m)^\\s*listen\\s+([^;\\s]+)[^;]*;").matcher(conf);
            while (m.find()) {
                String v = m.group(1);
                if (v.startsWith("unix:")) {
                    continue;
                }
                int colon = v.lastIndexOf(':');
                String host = colon < 0 ? "*" : v.substring(0, colon);
                String portText = colon < 0 ? v : v.substring(colon + 1);
                if (!portText.matches("\\d+")) {
                    // "listen 127.0.0.1;" names an address on port 80
                    host = v;
                    portText = "80";
                }
                host = host.replaceAll("^\\[|]$", "");
                String address = host.equals("*") ? "0.0.0.0" : host.equals("localhost") ? "127.0.0.1" : host;
                List<String> l = sockets.computeIfAbsent(Integer.parseInt(portText), k -> new ArrayList<>());
                if (!l.contains(address)) {
                    l.add(address);
                }
            }
        }
        if (sockets.isEmpty()) {
            sockets.put(80, List.of("0.0.0.0"));
        }
        return sockets;
    }

    private static String readConf(ProgramContext ctx, String path) {
        try {
            return ctx.fs().exists(path) ? new String(ctx.fs().readAll(path), StandardCharsets.UTF_8) : null;
        } catch (FsException e) {
            return null;
        }
    }

    /** Apache httpd ({@code httpd -DFOREGROUND}, {@code httpd-foreground}). */
    static CompletableFuture<Integer> apache(ProgramContext ctx) throws IOException {
        List<String> a = ctx.args();
        if (a.contains("-v")) {
            ctx.out("Server version: Apache/2.4.58 (Unix)\nServer built:   Jan 10 2024 00:00:00\n");
            return CompletableFuture.completedFuture(0);
        }
        String conf = readConf(ctx, "/usr/local/apache2/conf/httpd.conf");
        int port = 80;
        String root = "/usr/local/apache2/htdocs";
        if (conf != null) {
            Matcher m = Pattern.compile("(?m)^\\s*Listen\\s+(?:[^\\s]*:)?(\\d+)").matcher(conf);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            Matcher r = Pattern.compile("(?m)^\\s*DocumentRoot\\s+\"?([^\"\\s]+)").matcher(conf);
            if (r.find()) {
                root = r.group(1);
            }
        }
        String ts = apacheTime(ctx.clock().now());
        ctx.err("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using "
            + "172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n"
            + "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using "
            + "172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n"
            + "[" + ts + "] [mpm_event:notice] [pid " + ctx.pid() + ":tid 1] AH00489: Apache/2.4.58 (Unix) configured "
            + "-- resuming normal operations\n"
            + "[" + ts + "] [core:notice] [pid " + ctx.pid() + ":tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n");
        StaticHttp http = new StaticHttp(ctx, root, "Apache/2.4.58 (Unix)", "index.html",
            (remote, method, path, proto, status, bytes, headers) -> remote + " - - [" + CLF.format(ctx.clock().now())
                + "] \"" + method + " " + path + " " + proto + "\" " + status + " " + bytes + "\n");
        CompletableFuture<Integer> done = listen(ctx, port, http, "(98)Address in use: AH00072: make_sock: could not "
            + "bind to address 0.0.0.0:" + port + "\n");
        ctx.onSignal(Signals.SIGWINCH, s -> {
            writeQuietly(ctx, "[" + apacheTime(ctx.clock().now()) + "] [mpm_event:notice] [pid " + ctx.pid()
                + ":tid 1] AH00492: caught SIGWINCH, shutting down gracefully\n");
            done.complete(0);
        });
        ctx.onSignal(Signals.SIGTERM, s -> {
            writeQuietly(ctx, "[" + apacheTime(ctx.clock().now()) + "] [mpm_event:notice] [pid " + ctx.pid()
                + ":tid 1] AH00491: caught SIGTERM, shutting down\n");
            done.complete(0);
        });
        return done;
    }

    private static String apacheTime(Instant t) {
        return DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy", Locale.ROOT).withZone(ZoneOffset.UTC)
            .format(t);
    }

    static void writeQuietly(ProgramContext ctx, String s) {
        try {
            ctx.err(s);
        } catch (IOException | RuntimeException ignored) {
            // output gone
        }
    }

    /** busybox httpd: {@code httpd -f -p PORT -h HOME}; without -f it backgrounds itself. */
    static CompletableFuture<Integer> busyboxHttpd(ProgramContext ctx) throws Exception {
        List<String> a = ctx.args();
        int port = 80;
        String bind = "::";
        String home = ".";
        boolean foreground = false;
        boolean verbose = false;
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.equals("-p") && i + 1 < a.size()) {
                String v = a.get(++i);
                port = Integer.parseInt(v.contains(":") ? v.substring(v.lastIndexOf(':') + 1) : v);
                if (v.lastIndexOf(':') > 0) {
                    bind = v.substring(0, v.lastIndexOf(':')).replaceAll("^\\[|]$", "");
                }
            } else if (s.equals("-h") && i + 1 < a.size()) {
                home = a.get(++i);
            } else if (s.startsWith("-") && !s.equals("-c") && !s.equals("-u") && !s.equals("-r")) {
                foreground |= s.contains("f");
                verbose |= s.contains("v");
            }
        }
        String root = ctx.resolve(home);
        boolean log = verbose;
        StaticHttp http = new StaticHttp(ctx, root, "busybox httpd/1.35.0", "index.html",
            (remote, method, path, proto, status, bytes, headers) -> log ? "[::ffff:" + remote + "]:40000: response:"
                + status + "\n" : "");
        if (!foreground) {
            int p = port;
            String bindTo = bind;
            ctx.runtime().spawn(ctx, ctx.argv(), dev.drydock.runtime.Program.async(c -> listen(c, bindTo, p,
                new StaticHttp(c, root, "busybox httpd/1.35.0", "index.html", (r, m, pa, pr, st, b, h) -> ""),
                "httpd: bind: Address in use\n")), ctx.env(), ctx.cwd(), java.io.InputStream.nullInputStream(),
                ctx.stdout(), ctx.stderr(), false);
            return CompletableFuture.completedFuture(0);
        }
        return listen(ctx, bind, port, http, "httpd: bind: Address in use\n");
    }

    /** python3 -m http.server [port]. */
    static CompletableFuture<Integer> pythonHttpServer(ProgramContext ctx, int port) throws IOException {
        ctx.out("Serving HTTP on 0.0.0.0 port " + port + " (http://0.0.0.0:" + port + "/) ...\n");
        StaticHttp http = new StaticHttp(ctx, ctx.cwd(), "SimpleHTTP/0.6 Python/3.12.3", "index.html index.htm",
            (remote, method, path, proto, status, bytes, headers) -> {
                writeQuietly(ctx, remote + " - - [" + DateTimeFormatter.ofPattern("dd/MMM/yyyy HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC).format(ctx.clock().now()) + "] \"" + method + " " + path + " " + proto
                    + "\" " + status + " -\n");
                return "";
            });
        return listen(ctx, "0.0.0.0", port, http, "OSError: [Errno 98] Address in use\n");
    }
}
