package dev.drydock.runtime.programs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.net.NetStack;

/** redis-server (RESP: PING, ECHO, SET, GET, DEL, EXISTS, INCR, KEYS, FLUSHALL, ...) and redis-cli. */
final class Redis {
    private static final DateTimeFormatter LOG = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private Redis() {
    }

    static CompletableFuture<Integer> server(ProgramContext ctx) throws IOException {
        List<String> a = ctx.args();
        if (a.contains("--version") || a.contains("-v")) {
            ctx.out("Redis server v=7.2.4 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=drydock\n");
            return CompletableFuture.completedFuture(0);
        }
        int port = 6379;
        // Redis 7's default "bind * -::*": every IPv4 address and, on a separate socket, every IPv6 one.
        List<String> bind = List.of("0.0.0.0", "::");
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals("--port")) {
                port = Integer.parseInt(a.get(i + 1));
            } else if (a.get(i).equals("--bind")) {
                List<String> given = new ArrayList<>();
                for (int j = i + 1; j < a.size() && !a.get(j).startsWith("--"); j++) {
                    // A leading '-' makes an address optional; "*" and "::*" are the wildcards.
                    String addr = a.get(j).startsWith("-") ? a.get(j).substring(1) : a.get(j);
                    given.add(addr.equals("*") ? "0.0.0.0" : addr.equals("::*") ? "::" : addr);
                }
                if (!given.isEmpty()) {
                    bind = given;
                }
            }
        }
        Map<String, String> data = new ConcurrentHashMap<>();
        int pid = ctx.pid();
        String t = LOG.format(ctx.clock().now());
        ctx.out(pid + ":C " + t + " # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n"
            + pid + ":C " + t + " # Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=" + pid
            + ", just started\n"
            + pid + ":C " + t + " # Warning: no config file specified, using the default config. In order to specify "
            + "a config file use redis-server /path/to/redis.conf\n"
            + pid + ":M " + t + " * monotonic clock: POSIX clock_gettime\n"
            + pid + ":M " + t + " * Running mode=standalone, port=" + port + ".\n"
            + pid + ":M " + t + " * Server initialized\n"
            + pid + ":M " + t + " * Ready to accept connections tcp\n");
        CompletableFuture<Integer> done = new CompletableFuture<>();
        NetStack.Listener l;
        try {
            l = ctx.net().listen(bind, port, conn -> serve(conn, data));
        } catch (java.net.BindException e) {
            ctx.out(pid + ":M " + t + " # Warning: Could not create server TCP listening socket *:" + port
                + ": bind: Address in use\n");
            return CompletableFuture.completedFuture(1);
        }
        ctx.onExit(l::close);
        for (int sig : new int[] {Signals.SIGTERM, Signals.SIGINT}) {
            ctx.onSignal(sig, s -> {
                String n = LOG.format(ctx.clock().now());
                try {
                    ctx.out(pid + ":signal-handler (" + ctx.clock().now().getEpochSecond() + ") Received SIG"
                        + Signals.name(s) + " scheduling shutdown...\n"
                        + pid + ":M " + n + " * User requested shutdown...\n"
                        + pid + ":M " + n + " # Redis is now ready to exit, bye bye...\n");
                } catch (IOException | RuntimeException ignored) {
                    // output gone
                }
                done.complete(0);
            });
        }
        return done;
    }

    private static void serve(NetStack.Connection conn, Map<String, String> data) throws IOException {
        InputStream in = conn.input();
        OutputStream out = conn.output();
        while (true) {
            List<String> cmd = readCommand(in);
            if (cmd == null) {
                return;
            }
            if (cmd.isEmpty()) {
                continue;
            }
            String reply = execute(cmd, data);
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (cmd.get(0).equalsIgnoreCase("QUIT")) {
                return;
            }
        }
    }

    static List<String> readCommand(InputStream in) throws IOException {
        String first = StaticHttp.line(in);
        if (first == null) {
            return null;
        }
        List<String> args = new ArrayList<>();
        if (first.startsWith("*")) {
            int n = Integer.parseInt(first.substring(1).trim());
            for (int i = 0; i < n; i++) {
                String len = StaticHttp.line(in);
                if (len == null || !len.startsWith("$")) {
                    return null;
                }
                int l = Integer.parseInt(len.substring(1).trim());
                byte[] b = in.readNBytes(l);
                in.readNBytes(2);
                args.add(new String(b, StandardCharsets.UTF_8));
            }
            return args;
        }
        for (String s : first.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                args.add(s);
            }
        }
        return args;
    }

    private static String bulk(String s) {
        return s == null ? "$-1\r\n" : "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    static String execute(List<String> c, Map<String, String> data) {
        String name = c.get(0).toUpperCase(Locale.ROOT);
        switch (name) {
            case "PING":
                return c.size() > 1 ? bulk(c.get(1)) : "+PONG\r\n";
            case "ECHO":
                return c.size() > 1 ? bulk(c.get(1)) : err(name);
            case "SET":
                if (c.size() < 3) {
                    return err(name);
                }
                boolean nx = c.stream().anyMatch(x -> x.equalsIgnoreCase("NX"));
                if (nx && data.containsKey(c.get(1))) {
                    return "$-1\r\n";
                }
                data.put(c.get(1), c.get(2));
                return "+OK\r\n";
            case "GET":
                return c.size() > 1 ? bulk(data.get(c.get(1))) : err(name);
            case "DEL": {
                int n = 0;
                for (String k : c.subList(1, c.size())) {
                    if (data.remove(k) != null) {
                        n++;
                    }
                }
                return ":" + n + "\r\n";
            }
            case "EXISTS": {
                int n = 0;
                for (String k : c.subList(1, c.size())) {
                    if (data.containsKey(k)) {
                        n++;
                    }
                }
                return ":" + n + "\r\n";
            }
            case "INCR", "DECR", "INCRBY", "DECRBY": {
                if (c.size() < 2) {
                    return err(name);
                }
                long by = name.endsWith("BY") && c.size() > 2 ? Long.parseLong(c.get(2)) : 1;
                if (name.startsWith("DECR")) {
                    by = -by;
                }
                long v;
                try {
                    v = Long.parseLong(data.getOrDefault(c.get(1), "0")) + by;
                } catch (NumberFormatException e) {
                    return "-ERR value is not an integer or out of range\r\n";
                }
                data.put(c.get(1), Long.toString(v));
                return ":" + v + "\r\n";
            }
            case "KEYS": {
                StringBuilder sb = new StringBuilder();
                List<String> keys = new ArrayList<>();
                String pat = c.size() > 1 ? c.get(1) : "*";
                for (String k : data.keySet()) {
                    if (dev.drydock.runtime.shell.Glob.matches(pat, k)) {
                        keys.add(k);
                    }
                }
                keys.sort(null);
                sb.append('*').append(keys.size()).append("\r\n");
                for (String k : keys) {
                    sb.append(bulk(k));
                }
                return sb.toString();
            }
            case "DBSIZE":
                return ":" + data.size() + "\r\n";
            case "FLUSHALL", "FLUSHDB":
                data.clear();
                return "+OK\r\n";
            case "SELECT", "CLIENT", "AUTH", "QUIT", "READONLY":
                return "+OK\r\n";
            case "EXPIRE", "PEXPIRE":
                return ":1\r\n";
            case "TTL", "PTTL":
                return data.containsKey(c.size() > 1 ? c.get(1) : "") ? ":-1\r\n" : ":-2\r\n";
            case "INFO":
                return bulk("# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\nos:Linux\r\n"
                    + "tcp_port:6379\r\n\r\n# Keyspace\r\n");
            case "COMMAND", "CONFIG":
                return "*0\r\n";
            default:
                return "-ERR unknown command '" + c.get(0) + "', with args beginning with: \r\n";
        }
    }

    private static String err(String name) {
        return "-ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command\r\n";
    }

    /** redis-cli [-h host] [-p port] command args... */
    static int cli(ProgramContext ctx) throws Exception {
        List<String> a = new ArrayList<>(ctx.args());
        String host = "127.0.0.1";
        int port = 6379;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-h") && !a.isEmpty()) {
                host = a.remove(0);
            } else if (o.equals("-p") && !a.isEmpty()) {
                port = Integer.parseInt(a.remove(0));
            }
        }
        if (a.isEmpty()) {
            a.add("PING");
        }
        NetStack.Connection conn;
        try {
            conn = ctx.net().connect(host, port);
        } catch (IOException e) {
            ctx.err("Could not connect to Redis at " + host + ":" + port + ": Connection refused\n");
            return 1;
        }
        try {
            StringBuilder req = new StringBuilder("*").append(a.size()).append("\r\n");
            for (String s : a) {
                req.append(bulk(s));
            }
            conn.output().write(req.toString().getBytes(StandardCharsets.UTF_8));
            conn.output().flush();
            ctx.out(render(conn.input()) + "\n");
        } finally {
            conn.close();
        }
        return 0;
    }

    private static String render(InputStream in) throws IOException {
        String l = StaticHttp.line(in);
        if (l == null) {
            return "";
        }
        switch (l.charAt(0)) {
            case '+':
                return l.substring(1);
            case '-':
                return "(error) " + l.substring(1);
            case ':':
                return "(integer) " + l.substring(1);
            case '$': {
                int n = Integer.parseInt(l.substring(1));
                if (n < 0) {
                    return "(nil)";
                }
                byte[] b = in.readNBytes(n);
                in.readNBytes(2);
                return "\"" + new String(b, StandardCharsets.UTF_8) + "\"";
            }
            case '*': {
                int n = Integer.parseInt(l.substring(1));
                if (n == 0) {
                    return "(empty array)";
                }
                ByteArrayOutputStream sb = new ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    sb.writeBytes(((i + 1) + ") " + render(in) + (i < n - 1 ? "\n" : "")).getBytes(StandardCharsets.UTF_8));
                }
                return sb.toString(StandardCharsets.UTF_8);
            }
            default:
                return l;
        }
    }
}
