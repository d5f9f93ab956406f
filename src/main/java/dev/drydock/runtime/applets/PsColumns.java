package dev.drydock.runtime.applets;

import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.Users;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Busybox {@code ps -o COL[=HEADER],...}: its column table, widths and alignment. */
final class PsColumns {
    private record Column(int width, String header, boolean right) {
    }

    private static final Map<String, Column> COLUMNS = Map.ofEntries(
            Map.entry("user", new Column(8, "USER", false)),
            Map.entry("group", new Column(8, "GROUP", false)),
            Map.entry("comm", new Column(16, "COMMAND", false)),
            Map.entry("args", new Column(0, "COMMAND", false)),
            Map.entry("pid", new Column(5, "PID", true)),
            Map.entry("ppid", new Column(5, "PPID", true)),
            Map.entry("pgid", new Column(5, "PGID", true)),
            Map.entry("nice", new Column(5, "NI", true)),
            Map.entry("rgroup", new Column(8, "RGROUP", false)),
            Map.entry("ruser", new Column(8, "RUSER", false)),
            Map.entry("tty", new Column(6, "TT", false)),
            Map.entry("vsz", new Column(4, "VSZ", true)),
            Map.entry("sid", new Column(4, "SID", true)),
            Map.entry("stat", new Column(4, "STAT", false)),
            Map.entry("rss", new Column(4, "RSS", true)));
    private static final String SUPPORTED = "user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss";

    private PsColumns() {
    }

    static int print(ProgramContext c, List<String> spec) throws IOException {
        List<String> keys = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (String s : spec) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq);
            if (!COLUMNS.containsKey(key)) {
                c.err("ps: bad -o argument '" + key + "', supported arguments: " + SUPPORTED + "\n");
                return 1;
            }
            keys.add(key);
            headers.add(eq < 0 ? COLUMNS.get(key).header() : s.substring(eq + 1));
        }
        StringBuilder sb = new StringBuilder();
        if (headers.stream().anyMatch(h -> !h.isEmpty())) {
            sb.append(line(keys, headers, true)).append('\n');
        }
        for (SimProcess p : c.process().namespace().processes()) {
            List<String> values = new ArrayList<>();
            for (String k : keys) {
                values.add(value(c, p, k));
            }
            sb.append(line(keys, values)).append('\n');
        }
        c.out(sb.toString());
        return 0;
    }

    private static String line(List<String> keys, List<String> cells) {
        return line(keys, cells, false);
    }

    private static String line(List<String> keys, List<String> cells, boolean header) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            Column col = COLUMNS.get(keys.get(i));
            String v = cells.get(i);
            boolean last = i == keys.size() - 1;
            if (i > 0) {
                sb.append(' ');
            }
            if (col.right() && !header) {
                sb.append(" ".repeat(Math.max(0, col.width() - v.length()))).append(v);
            } else {
                sb.append(v);
                if (!last) {
                    sb.append(" ".repeat(Math.max(0, col.width() - v.length())));
                }
            }
        }
        return sb.toString();
    }

    private static String value(ProgramContext c, SimProcess p, String key) {
        return switch (key) {
            case "pid" -> Integer.toString(p.pid());
            case "ppid" -> Integer.toString(p.ppid());
            case "pgid", "sid" -> "1";
            case "user", "ruser" -> name(Users.userName(c.fs(), p.uid()), p.uid());
            case "group", "rgroup" -> Integer.toString(p.gid());
            case "comm" -> comm(p);
            case "args" -> p.commandLine();
            case "nice", "vsz", "rss" -> "0";
            case "tty" -> "?";
            case "stat" -> "S";
            default -> "";
        };
    }

    private static String name(String name, int id) {
        if (name == null) {
            return Integer.toString(id);
        }
        return name.length() > 8 ? name.substring(0, 8) : name;
    }

    /** The kernel's comm: the executable's base name, cut at 15 characters. */
    private static String comm(SimProcess p) {
        String argv0 = p.argv().isEmpty() ? "" : p.argv().get(0);
        String base = argv0.substring(argv0.lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }
}
