package dev.drydock.runtime.applets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ResumableProgram;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.Users;
import dev.drydock.runtime.net.NetStack;

/** Network applets answering from the container's {@link NetStack}: hostname -i, getent, nslookup, ping, wget, nc, ip, ifconfig, netstat. */
final class NetApplets {
    private NetApplets() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "getent", NetApplets::getent);
        Applets.reg(r, "nslookup", NetApplets::nslookup);
        Applets.reg(r, "ping", NetApplets::ping);
        Applets.reg(r, "wget", NetApplets::wget);
        r.registerApplet("nc", dev.drydock.runtime.Program.resumable(NetApplets::nc));
        Applets.reg(r, "ip", NetApplets::ip);
        Applets.reg(r, "ifconfig", NetApplets::ifconfig);
        Applets.reg(r, "netstat", NetApplets::netstat);
        Applets.reg(r, "route", NetApplets::route);
        r.registerProgram("curl", NetApplets::curl);
    }

    /** Resolves through /etc/hosts first, then the network stack. */
    static List<String> resolve(ProgramContext c, String host) throws UnknownHostException {
        List<String> out = new ArrayList<>();
        if (host.matches("[0-9.]+")) {
            out.add(host);
            return out;
        }
        try {
            if (c.fs().exists("/etc/hosts")) {
                for (String line : new String(c.fs().readAll("/etc/hosts"), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.replaceAll("#.*", "").trim();
                    if (l.isEmpty()) {
                        continue;
                    }
                    String[] p = l.split("\\s+");
                    for (int i = 1; i < p.length; i++) {
                        if (p[i].equals(host) && p[0].contains(".") && !out.contains(p[0])) {
                            out.add(p[0]);
                        }
                    }
                }
            }
        } catch (FsException e) {
            // unreadable hosts file: fall through
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (InetAddress a : c.net().resolve(host)) {
            out.add(a.getHostAddress());
        }
        return out;
    }

    static int hostname(ProgramContext c) throws IOException {
        List<String> a = c.args();
        if (a.contains("-i") || a.contains("-I")) {
            List<String> ips;
            try {
                ips = resolve(c, c.hostname());
            } catch (UnknownHostException e) {
                ips = new ArrayList<>();
                for (NetStack.NetInterface i : c.net().interfaces()) {
                    if (!i.name().equals("lo")) {
                        ips.add(i.address());
                    }
                }
                if (ips.isEmpty()) {
                    c.err("hostname: " + c.hostname() + ": Unknown host\n");
                    return 1;
                }
            }
            c.out(String.join(" ", ips) + " \n".substring(1));
            return 0;
        }
        if (a.contains("-s")) {
            c.out(c.hostname().split("\\.")[0] + "\n");
            return 0;
        }
        if (!a.isEmpty() && !a.get(0).startsWith("-")) {
            c.err("hostname: sethostname: Operation not permitted\n");
            return 1;
        }
        c.out(c.hostname() + "\n");
        return 0;
    }

    private static int getent(ProgramContext c) throws IOException {
        List<String> a = c.args();
        if (a.isEmpty()) {
            c.err("getent: missing operand\n");
            return 1;
        }
        String db = a.get(0);
        List<String> keys = a.subList(1, a.size());
        switch (db) {
            case "hosts", "ahosts", "ahostsv4": {
                int rc = 0;
                for (String k : keys) {
                    try {
                        List<String> ips = resolve(c, k);
                        c.out(String.format("%-15s %s%n", ips.get(0), k));
                    } catch (UnknownHostException e) {
                        rc = 2;
                    }
                }
                return rc;
            }
            case "passwd", "group": {
                int rc = keys.isEmpty() ? 0 : 2;
                for (String[] e : Users.entries(c.fs(), "/etc/" + db)) {
                    if (keys.isEmpty() || keys.contains(e[0]) || (e.length > 2 && keys.contains(e[2]))) {
                        c.out(String.join(":", e) + "\n");
                        rc = 0;
                    }
                }
                return rc;
            }
            default:
                c.err("getent: unknown database: " + db + "\n");
                return 1;
        }
    }

    private static int nslookup(ProgramContext c) throws IOException {
        List<String> ops = new ArrayList<>();
        for (String s : c.args()) {
            if (!s.startsWith("-")) {
                ops.add(s);
            }
        }
        if (ops.isEmpty()) {
            c.err("nslookup: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String host = ops.get(0);
        String server = ops.size() > 1 ? ops.get(1) : "127.0.0.11";
        c.out("Server:\t\t" + server + "\nAddress:\t" + server + ":53\n\n");
        try {
            List<String> ips = resolve(c, host);
            StringBuilder sb = new StringBuilder("Non-authoritative answer:\n");
            for (String ip : ips) {
                sb.append("Name:\t").append(host).append("\nAddress: ").append(ip).append('\n');
            }
            c.out(sb.append('\n').toString());
            return 0;
        } catch (UnknownHostException e) {
            c.out("** server can't find " + host + ": NXDOMAIN\n\n");
            return 1;
        }
    }

    private static int ping(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "qn46", "cWwis", true);
        if (o == null) {
            return 1;
        }
        if (o.operands.isEmpty()) {
            c.err("ping: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String host = o.operands.get(0);
        String ip;
        try {
            ip = resolve(c, host).get(0);
        } catch (UnknownHostException e) {
            c.err("ping: bad address '" + host + "'\n");
            return 1;
        }
        long count = o.has('c') ? Long.parseLong(o.value('c', "1")) : Long.MAX_VALUE;
        int size = Math.max(0, Integer.parseInt(o.value('s', "56")));
        // No route (another network, icc off, --internal): echoes go out and nothing comes back.
        boolean answered = c.net().reachable(ip);
        c.out("PING " + host + " (" + ip + "): " + size + " data bytes\n");
        long sent = 0;
        boolean[] stop = {false};
        c.onSignal(dev.drydock.runtime.Signals.SIGINT, s -> {
            stop[0] = true;
            c.wake();
        });
        for (long i = 0; i < count && !stop[0]; i++) {
            if (i > 0) {
                java.util.concurrent.CompletableFuture<Void> tick = new java.util.concurrent.CompletableFuture<>();
                c.schedule(Duration.ofSeconds(1), () -> tick.complete(null));
                int w = c.wakeups();
                c.awaitUnlessWoken(tick, w);
                if (stop[0]) {
                    break;
                }
            }
            sent++;
            // Each echo crosses the interfaces (their counters grow); whether it is answered was decided above.
            c.net().echo(ip, size);
            if (answered && !o.has('q')) {
                c.out((size + 8) + " bytes from " + ip + ": seq=" + i + " ttl=64 time=0.071 ms\n");
            }
        }
        if (!answered) {
            if (!stop[0]) {
                // After the last echo busybox waits -W seconds (10 by default) for a reply that never comes.
                java.util.concurrent.CompletableFuture<Void> timeout = new java.util.concurrent.CompletableFuture<>();
                c.schedule(Duration.ofSeconds(Long.parseLong(o.value('W', "10"))), () -> timeout.complete(null));
                c.awaitUnlessWoken(timeout, c.wakeups());
            }
            c.out("\n--- " + host + " ping statistics ---\n" + sent + " packets transmitted, 0 packets received, "
                + (sent == 0 ? 0 : 100) + "% packet loss\n");
            return 1;
        }
        c.out("\n--- " + host + " ping statistics ---\n" + sent + " packets transmitted, " + sent
            + " packets received, 0% packet loss\nround-trip min/avg/max = 0.071/0.071/0.071 ms\n");
        return 0;
    }

    // ------------------------------------------------------------------ HTTP

    /** A parsed URL. */
    record Url(String scheme, String host, int port, String path) {
        static Url parse(String s) {
            String scheme = "http";
            String rest = s;
            int sep = s.indexOf("://");
            if (sep > 0) {
                scheme = s.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
                rest = s.substring(sep + 3);
            }
            int slash = rest.indexOf('/');
            String hostPort = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            int at = hostPort.lastIndexOf('@');
            if (at >= 0) {
                hostPort = hostPort.substring(at + 1);
            }
            int colon = hostPort.lastIndexOf(':');
            int port = scheme.equals("https") ? 443 : 80;
            String host = hostPort;
            if (colon > 0) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
            return new Url(scheme, host, port, path);
        }
    }

    /** An HTTP response. */
    record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {
    }

    static Response http(ProgramContext c, String method, Url url, Map<String, String> headers, byte[] body)
        throws IOException {
        NetStack.Connection conn = c.net().connect(url.host(), url.port());
        try {
            StringBuilder req = new StringBuilder(method).append(' ').append(url.path()).append(" HTTP/1.1\r\n");
            req.append("Host: ").append(url.host()).append(url.port() == 80 ? "" : ":" + url.port()).append("\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            h.put("User-Agent", "Wget");
            h.put("Connection", "close");
            h.putAll(headers);
            if (body != null) {
                h.put("Content-Length", Integer.toString(body.length));
            }
            h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = conn.output();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = conn.input();
            String status = line(in);
            if (status == null) {
                throw new IOException("error getting response");
            }
            Map<String, String> rh = new LinkedHashMap<>();
            String l;
            while ((l = line(in)) != null && !l.isEmpty()) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    rh.put(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim());
                }
            }
            byte[] data;
            if (method.equals("HEAD")) {
                data = new byte[0];
            } else if (rh.containsKey("content-length")) {
                data = in.readNBytes(Integer.parseInt(rh.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(rh.get("transfer-encoding"))) {
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                while (true) {
                    String sz = line(in);
                    if (sz == null) {
                        break;
                    }
                    int n = Integer.parseInt(sz.split(";")[0].trim(), 16);
                    if (n == 0) {
                        break;
                    }
                    bo.write(in.readNBytes(n));
                    line(in);
                }
                data = bo.toByteArray();
            } else {
                data = in.readAllBytes();
            }
            String[] parts = status.split(" ", 3);
            int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return new Response(code, status, rh, data);
        } finally {
            conn.close();
        }
    }

    private static String line(InputStream in) throws IOException {
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
        }
        return any ? b.toString(StandardCharsets.ISO_8859_1) : null;
    }

    private static int wget(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "qcsS", "OTtUYPh", true);
        if (o == null) {
            return 1;
        }
        boolean spider = o.hasLong("spider") || o.has('s');
        boolean quiet = o.has('q') || o.hasLong("quiet");
        if (o.operands.isEmpty()) {
            c.err("wget: missing URL\n" + Applets.USAGE_LINE);
            return 1;
        }
        int rc = 0;
        for (String u : o.operands) {
            Url url;
            try {
                url = Url.parse(u);
            } catch (RuntimeException e) {
                c.err("wget: bad address '" + u + "'\n");
                return 1;
            }
            if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
                c.err("wget: not an http or ftp url: " + u + "\n");
                return 1;
            }
            List<String> ips;
            try {
                ips = resolve(c, url.host());
            } catch (UnknownHostException e) {
                c.err("wget: bad address '" + url.host() + "'\n");
                return 1;
            }
            if (!quiet) {
                c.err("Connecting to " + url.host() + (url.port() == 80 ? "" : ":" + url.port()) + " (" + ips.get(0)
                    + ":" + url.port() + ")\n");
            }
            Response r;
            try {
                r = http(c, spider ? "HEAD" : "GET", url, Map.of(), null);
            } catch (ConnectException e) {
                c.err("wget: can't connect to remote host (" + ips.get(0) + "): Connection refused\n");
                return 1;
            } catch (IOException e) {
                c.err("wget: error getting response: Connection reset by peer\n");
                return 1;
            }
            if (r.status() >= 400) {
                c.err("wget: server returned error: " + r.statusLine() + "\n");
                rc = 1;
                continue;
            }
            if (spider) {
                if (!quiet) {
                    c.err("remote file exists\n");
                }
                continue;
            }
            String target = o.value('O', null);
            if (target == null) {
                String p = url.path().replaceAll("\\?.*", "");
                target = p.endsWith("/") ? "index.html" : p.substring(p.lastIndexOf('/') + 1);
            }
            if (target.equals("-")) {
                c.stdout().write(r.body());
            } else {
                if (!quiet) {
                    c.err("saving to '" + target + "'\n");
                }
                try (OutputStream out = SysFiles.write(c, target, false)) {
                    out.write(r.body());
                }
                if (!quiet) {
                    c.err(String.format("%-20s 100%% |********************************| %5d  0:00:00 ETA%n'%s' saved%n",
                        target, r.body().length, target));
                }
            }
        }
        return rc;
    }

    private static int curl(ProgramContext c) throws Exception {
        List<String> a = c.args();
        String method = null;
        String out = null;
        boolean silent = false;
        boolean showErr = false;
        boolean fail = false;
        boolean head = false;
        boolean include = false;
        boolean remoteName = false;
        String writeOut = null;
        byte[] data = null;
        Map<String, String> headers = new LinkedHashMap<>();
        String urlText = null;
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            switch (s) {
                case "-s", "--silent" -> silent = true;
                case "-S", "--show-error" -> showErr = true;
                case "-f", "--fail" -> fail = true;
                case "-fsSL", "-sSfL", "-fsS", "-sS", "-sf", "-fs", "-sSL", "-fSL", "-sL", "-fL" -> {
                    silent |= s.contains("s");
                    showErr |= s.contains("S");
                    fail |= s.contains("f");
                }
                case "-L", "--location", "-k", "--insecure", "-v", "--compressed" -> {
                }
                case "-I", "--head" -> head = true;
                case "-i", "--include" -> include = true;
                case "-O", "--remote-name" -> remoteName = true;
                case "-o", "--output" -> out = a.get(++i);
                case "-X", "--request" -> method = a.get(++i);
                case "-H", "--header" -> {
                    String h = a.get(++i);
                    int colon = h.indexOf(':');
                    if (colon > 0) {
                        headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
                    }
                }
                case "-d", "--data", "--data-raw", "--data-binary" -> data = a.get(++i).getBytes(StandardCharsets.UTF_8);
                case "-w", "--write-out" -> writeOut = a.get(++i);
                case "-m", "--max-time", "--connect-timeout", "--retry", "-u", "-A", "-e" -> i++;
                default -> {
                    if (!s.startsWith("-")) {
                        urlText = s;
                    }
                }
            }
        }
        if (urlText == null) {
            c.err("curl: no URL specified!\n");
            return 2;
        }
        Url url = Url.parse(urlText);
        if (method == null) {
            method = head ? "HEAD" : data != null ? "POST" : "GET";
        }
        if (data != null) {
            headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        }
        headers.put("User-Agent", "curl/8.5.0");
        headers.putIfAbsent("Accept", "*/*");
        try {
            resolve(c, url.host());
        } catch (UnknownHostException e) {
            if (!silent || showErr) {
                c.err("curl: (6) Could not resolve host: " + url.host() + "\n");
            }
            return 6;
        }
        Response r;
        try {
            r = http(c, method, url, headers, data);
        } catch (ConnectException e) {
            if (!silent || showErr) {
                c.err("curl: (7) Failed to connect to " + url.host() + " port " + url.port()
                    + " after 0 ms: Couldn't connect to server\n");
            }
            return 7;
        } catch (IOException e) {
            if (!silent || showErr) {
                c.err("curl: (52) Empty reply from server\n");
            }
            return 52;
        }
        if (fail && r.status() >= 400) {
            if (!silent || showErr) {
                c.err("curl: (22) The requested URL returned error: " + r.status() + "\n");
            }
            return 22;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (include || head) {
            StringBuilder sb = new StringBuilder(r.statusLine()).append("\r\n");
            r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
            sb.append("\r\n");
            body.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        body.write(r.body());
        if (remoteName && out == null) {
            String p = url.path();
            out = p.substring(p.lastIndexOf('/') + 1);
        }
        if (out != null && !out.equals("-")) {
            try (OutputStream o = SysFiles.write(c, out, false)) {
                o.write(body.toByteArray());
            }
        } else {
            c.stdout().write(body.toByteArray());
        }
        if (writeOut != null) {
            c.out(writeOut.replace("%{http_code}", Integer.toString(r.status())).replace("\\n", "\n"));
        }
        return 0;
    }

    /** {@code nc}; {@code nc -l} waits for its connection without a thread. */
    private static ResumableProgram.Slice nc(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "lzvnuk", "pwq", true);
        if (o == null) {
            return ResumableProgram.Slice.exit(1);
        }
        if (o.has('l')) {
            int port = Integer.parseInt(o.has('p') ? o.value('p', "0") : o.operands.isEmpty() ? "0"
                : o.operands.get(o.operands.size() - 1));
            java.util.concurrent.CompletableFuture<NetStack.Connection> accepted =
                new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
            NetStack.Listener l;
            try {
                l = c.net().listen(port, conn -> {
                    if (!accepted.complete(conn)) {
                        conn.close();
                        return;
                    }
                    finished.join();
                });
            } catch (IOException e) {
                c.err("nc: bind: Address in use\n");
                return ResumableProgram.Slice.exit(1);
            }
            c.onExit(l::close);
            return ResumableProgram.Slice.await(accepted, () -> {
                l.close();
                NetStack.Connection conn = accepted.getNow(null);
                try {
                    c.checkAlive(); // killed while it listened: resumed early, maybe without a connection
                    relay(c, conn);
                } catch (RuntimeException e) {
                    if (conn != null) {
                        conn.close();
                    }
                    throw e;
                } finally {
                    finished.complete(null);
                }
                return ResumableProgram.Slice.exit(0);
            });
        }
        return ResumableProgram.Slice.exit(connect(c, o));
    }

    private static int connect(ProgramContext c, Opts o) throws Exception {
        if (o.operands.size() < 2) {
            c.err("nc: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String host = o.operands.get(0);
        int port = Integer.parseInt(o.operands.get(1));
        String ip;
        try {
            ip = resolve(c, host).get(0);
        } catch (UnknownHostException e) {
            c.err("nc: bad address '" + host + "'\n");
            return 1;
        }
        NetStack.Connection conn;
        try {
            conn = c.net().connect(host, port);
        } catch (ConnectException e) {
            if (o.has('v') || !o.has('z')) {
                c.err("nc: " + host + " (" + ip + ":" + port + "): Connection refused\n");
            }
            return 1;
        }
        if (o.has('z')) {
            if (o.has('v')) {
                c.err(host + " (" + ip + ":" + port + ") open\n");
            }
            conn.close();
            return 0;
        }
        relay(c, conn);
        return 0;
    }

    private static void relay(ProgramContext c, NetStack.Connection conn) throws IOException {
        Thread pump = new Thread(() -> {
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = c.stdin().read(buf)) > 0) {
                    conn.output().write(buf, 0, n);
                    conn.output().flush();
                }
                conn.output().close();
            } catch (IOException | RuntimeException e) {
                // the connection or stdin went away
            }
        }, "drydock-nc-stdin");
        pump.setDaemon(true);
        pump.start();
        try {
            byte[] buf = new byte[8192];
            int n;
            while ((n = conn.input().read(buf)) > 0) {
                c.stdout().write(buf, 0, n);
                c.stdout().flush();
            }
        } finally {
            conn.close();
            pump.interrupt();
        }
    }

    private static int route(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "neA", "", false);
        if (o == null) {
            return 1;
        }
        if (!o.operands.isEmpty()) {
            c.err("route: SIOCADDRT: Operation not permitted\n");
            return 1;
        }
        c.out(routingTable(c, o.has('n'), false));
        return 0;
    }

    /** The kernel routing table as busybox's route and netstat -r print it (they share the first columns). */
    private static String routingTable(ProgramContext c, boolean numeric, boolean netstat) {
        StringBuilder sb = new StringBuilder("Kernel IP routing table\n")
            .append(netstat ? "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n"
                : "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
        for (NetStack.Route r : c.net().routes()) {
            boolean dflt = r.destination().equals("default");
            String dest = dflt ? "0.0.0.0" : r.destination().replaceAll("/.*", "");
            int prefix = dflt ? 0 : r.destination().contains("/")
                ? Integer.parseInt(r.destination().substring(r.destination().indexOf('/') + 1)) : 32;
            String gw = r.gateway() == null ? "0.0.0.0" : r.gateway();
            if (!numeric) {
                dest = dflt ? "default" : dest;
                gw = r.gateway() == null ? "*" : gw;
            }
            sb.append(String.format("%-15.15s %-15.15s %-16s%-6s", dest, gw, mask(prefix),
                r.gateway() == null ? "U" : "UG"));
            sb.append(netstat ? String.format("%5d %-5d %6d %s\n", 0, 0, 0, r.device())
                : String.format("%-6d %-2d %7d %s\n", 0, 0, 0, r.device()));
        }
        return sb.toString();
    }

    private static String mask(int prefix) {
        long m = prefix == 0 ? 0 : 0xffffffffL << (32 - prefix) & 0xffffffffL;
        return ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
    }

    private static String broadcast(String ip, int prefix) {
        String[] p = ip.split("\\.");
        long v = 0;
        for (String s : p) {
            v = v << 8 | Integer.parseInt(s);
        }
        long host = prefix >= 32 ? 0 : (1L << (32 - prefix)) - 1;
        long b = v | host;
        return ((b >> 24) & 255) + "." + ((b >> 16) & 255) + "." + ((b >> 8) & 255) + "." + (b & 255);
    }

    private static int ip(ProgramContext c) throws IOException {
        List<String> a = new ArrayList<>(c.args());
        int family = 0;
        boolean oneline = false;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-o") || o.equals("-oneline")) {
                oneline = true;
            } else if (o.equals("-4")) {
                family = 4;
            } else if (o.equals("-6")) {
                family = 6;
            } else if (!o.equals("-0") && !o.equals("-f") && !o.equals("-family")) {
                // busybox's ip has no -s (statistics) nor other iproute2 options: it prints its usage.
                c.err(Applets.USAGE_LINE + "\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\n"
                    + "OPTIONS := -f[amily] inet|inet6|link | -o[neline]\n");
                return 1;
            } else if (!o.equals("-0") && !a.isEmpty()) {
                String f = a.remove(0);
                family = f.equals("inet") ? 4 : f.equals("inet6") ? 6 : family;
            }
        }
        String obj = a.isEmpty() ? "" : a.remove(0);
        // "show" / "list" and "dev" are optional words; what remains names one interface.
        a.removeIf(w -> w.equals("show") || w.equals("list") || w.equals("ls") || w.equals("dev"));
        String only = a.isEmpty() ? null : a.get(0);
        boolean addr = !obj.isEmpty() && "address".startsWith(obj);
        boolean link = !obj.isEmpty() && "link".startsWith(obj);
        if (addr || link) {
            if (family == 6) {
                // No interface has an IPv6 address: busybox prints nothing.
                return 0;
            }
            StringBuilder sb = new StringBuilder();
            int idx = 1;
            boolean found = only == null;
            for (NetStack.NetInterface i : c.net().interfaces()) {
                int n = idx++;
                if (only != null && !only.equals(i.name())) {
                    continue;
                }
                found = true;
                boolean lo = i.name().equals("lo");
                if (oneline) {
                    // One line per record, the continuation lines joined with a backslash.
                    if (addr) {
                        sb.append(n).append(": ").append(i.name()).append("    inet ").append(i.address()).append('/')
                            .append(i.prefix()).append(lo ? " scope host lo" : " brd " + broadcast(i.address(),
                                i.prefix()) + " scope global " + i.name())
                            .append("\\       valid_lft forever preferred_lft forever\n");
                    } else {
                        sb.append(n).append(": ").append(i.name()).append(lo ? "" : "@if" + (n + 1)).append(": ")
                            .append(lo ? "<LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\    link/loopback "
                                + i.mac() + " brd 00:00:00:00:00:00\n"
                                : "<BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu " + i.mtu()
                                + " qdisc noqueue \\    link/ether " + i.mac() + " brd ff:ff:ff:ff:ff:ff\n");
                    }
                    continue;
                }
                sb.append(n).append(": ").append(i.name()).append(lo ? "" : "@if" + (n + 1)).append(": ")
                    .append(lo ? "<LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
                        : "<BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu " + i.mtu() + " qdisc noqueue \n");
                if (family != 4) {
                    sb.append(lo ? "    link/loopback " + i.mac() + " brd 00:00:00:00:00:00\n"
                        : "    link/ether " + i.mac() + " brd ff:ff:ff:ff:ff:ff\n");
                }
                if (addr) {
                    sb.append("    inet ").append(i.address()).append('/').append(i.prefix())
                        .append(lo ? " scope host lo\n" : " brd " + broadcast(i.address(), i.prefix())
                            + " scope global " + i.name() + "\n");
                    sb.append("       valid_lft forever preferred_lft forever\n");
                }
            }
            if (!found) {
                c.err("ip: can't find device '" + only + "'\n");
                return 1;
            }
            c.out(sb.toString());
            return 0;
        }
        if (!obj.isEmpty() && "route".startsWith(obj)) {
            if (family == 6) {
                return 0;
            }
            StringBuilder sb = new StringBuilder();
            for (NetStack.Route r : c.net().routes()) {
                sb.append(r.destination());
                if (r.gateway() != null) {
                    sb.append(" via ").append(r.gateway());
                }
                sb.append(" dev ").append(r.device()).append(' ');
                if (r.gateway() == null) {
                    sb.append("scope link ");
                    if (r.source() != null) {
                        sb.append(" src ").append(r.source()).append(' ');
                    }
                }
                sb.append('\n');
            }
            c.out(sb.toString());
            return 0;
        }
        c.err("Usage: ip [OPTIONS] address|route|link\n");
        return 1;
    }

    private static int ifconfig(ProgramContext c) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<NetStack.NetInterface> ifs = new ArrayList<>(c.net().interfaces());
        ifs.sort((x, y) -> x.name().equals("lo") ? 1 : y.name().equals("lo") ? -1 : x.name().compareTo(y.name()));
        for (NetStack.NetInterface i : ifs) {
            boolean lo = i.name().equals("lo");
            sb.append(String.format("%-10s", i.name()));
            if (lo) {
                sb.append("Link encap:Local Loopback  \n          inet addr:").append(i.address()).append("  Mask:")
                    .append(mask(i.prefix())).append("\n          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n");
            } else {
                sb.append("Link encap:Ethernet  HWaddr ").append(i.mac().toUpperCase(java.util.Locale.ROOT))
                    .append("  \n          inet addr:").append(i.address()).append("  Bcast:")
                    .append(broadcast(i.address(), i.prefix())).append("  Mask:").append(mask(i.prefix()))
                    .append("\n          UP BROADCAST RUNNING MULTICAST  MTU:").append(i.mtu())
                    .append("  Metric:1\n");
            }
            NetStack.Statistics st = c.net().statistics(i.name());
            sb.append("          RX packets:").append(st.rxPackets()).append(" errors:0 dropped:0 overruns:0 frame:0\n")
                .append("          TX packets:").append(st.txPackets()).append(" errors:0 dropped:0 overruns:0 carrier:0\n")
                .append("          collisions:0 txqueuelen:").append(lo ? 1000 : 0).append(" \n")
                .append("          RX bytes:").append(st.rxBytes()).append(" (").append(scaled(st.rxBytes()))
                .append(")  TX bytes:").append(st.txBytes()).append(" (").append(scaled(st.txBytes())).append(")\n\n");
        }
        c.out(sb.toString());
        return 0;
    }

    /** A byte count as busybox's ifconfig scales it: 280.0 B, 11.7 KiB (the tenth truncated, not rounded). */
    static String scaled(long bytes) {
        long whole = bytes;
        long tenth = 0;
        String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
        int u = 0;
        while (whole >= 1024 && u < units.length - 1) {
            tenth = (whole & 1023) * 10 / 1024;
            whole /= 1024;
            u++;
        }
        return whole + "." + tenth + " " + units[u] + "B";
    }

    private static int netstat(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "raltuwxenW", "", true);
        if (o == null) {
            return 1;
        }
        boolean anyFamily = o.has('t') || o.has('u') || o.has('w') || o.has('x');
        boolean inet = !anyFamily || o.has('t') || o.has('u') || o.has('w');
        boolean unix = !anyFamily || o.has('x');
        if (o.has('r')) {
            c.out(routingTable(c, o.has('n'), true));
            return 0;
        }
        String mode = o.has('a') ? "(servers and established)" : o.has('l') ? "(only servers)" : "(w/o servers)";
        StringBuilder sb = new StringBuilder();
        if (inet) {
            sb.append("Active Internet connections ").append(mode).append('\n')
                .append("Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n");
            // The virtual network knows listeners; connections in flight are not tracked. Like busybox, which
            // reads /proc/net/tcp then tcp6: IPv4-bound listeners first, then those on :: (dual-stack, the
            // default of httpd and nc -l) or another IPv6 address.
            if ((o.has('l') || o.has('a')) && (!anyFamily || o.has('t'))) {
                List<Integer> ports = c.net().listeningPorts();
                for (boolean v6 : new boolean[] {false, true}) {
                    for (int port : ports) {
                        for (String bound : c.net().boundAddresses(port)) {
                            if (bound.contains(":") == v6) {
                                sb.append(String.format("tcp        0      0 %-23s %-23s %-12s\n", bound + ":" + port,
                                    v6 ? ":::*" : "0.0.0.0:*", "LISTEN"));
                            }
                        }
                    }
                }
            }
        }
        if (unix) {
            sb.append("Active UNIX domain sockets ").append(mode).append('\n')
                .append("Proto RefCnt Flags       Type       State         I-Node Path\n");
        }
        c.out(sb.toString());
        return 0;
    }
}
