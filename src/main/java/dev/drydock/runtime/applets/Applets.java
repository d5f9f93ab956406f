package dev.drydock.runtime.applets;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.drydock.fs.Paths;
import dev.drydock.runtime.ContainerProgram;
import dev.drydock.runtime.Launch;
import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.Users;
import dev.drydock.runtime.shell.ShellProgram;
import dev.drydock.runtime.shell.TestCommand;

/** The busybox applets: registration and the small system ones. */
public final class Applets {
    /** The second line busybox prints after an option error. */
    static final String USAGE_LINE = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n";

    private Applets() {
    }

    /** Registers every applet and the {@code busybox} program itself. */
    public static void registerAll(ProgramRegistry r) {
        r.registerProgram("busybox", Applets::busybox);
        for (String sh : List.of("sh", "ash", "bash", "dash", "hush")) {
            r.registerApplet(sh, ShellProgram.PROGRAM);
            r.registerProgram(sh, ShellProgram.PROGRAM);
        }
        r.registerAppletAsync("sleep", Applets::sleep);
        quick(r, "true", c -> 0);
        quick(r, ":", c -> 0);
        quick(r, "false", c -> 1);
        quick(r, "echo", Applets::echo);
        quick(r, "printf", c -> Printf.run(c.args(), c.stdout(), c.stderr(), "printf"));
        reg(r, "test", c -> TestCommand.test(c, c.argv(), "test", c.stderr(), "test"));
        reg(r, "[", c -> TestCommand.test(c, c.argv(), "[", c.stderr(), "["));
        reg(r, "[[", c -> TestCommand.test(c, withLast(c.argv(), "]]"), "[", c.stderr(), "[["));
        reg(r, "yes", Applets::yes);
        reg(r, "seq", Applets::seq);
        quick(r, "basename", Applets::basename);
        reg(r, "dirname", c -> {
            if (c.args().isEmpty()) {
                c.err("dirname: missing operand\n" + USAGE_LINE);
                return 1;
            }
            String p = c.args().get(0);
            String t = p.replaceAll("/+$", "");
            int s = t.lastIndexOf('/');
            c.out((t.isEmpty() ? "/" : s < 0 ? "." : s == 0 ? "/" : t.substring(0, s).replaceAll("/+$", "").isEmpty()
                ? "/" : t.substring(0, s).replaceAll("/+$", "")) + "\n");
            return 0;
        });
        reg(r, "env", Applets::env);
        reg(r, "printenv", Applets::printenv);
        reg(r, "hostname", NetApplets::hostname);
        reg(r, "id", Applets::id);
        reg(r, "whoami", c -> {
            String n = Users.userName(c.fs(), c.uid());
            if (n == null) {
                c.err("whoami: unknown uid " + c.uid() + "\n");
                return 1;
            }
            c.out(n + "\n");
            return 0;
        });
        reg(r, "uname", Applets::uname);
        reg(r, "arch", c -> {
            c.out("x86_64\n");
            return 0;
        });
        reg(r, "date", Applets::date);
        reg(r, "nproc", c -> {
            c.out(Runtime.getRuntime().availableProcessors() + "\n");
            return 0;
        });
        reg(r, "free", Applets::free);
        reg(r, "which", Applets::which);
        reg(r, "kill", Applets::kill);
        reg(r, "killall", Applets::killall);
        reg(r, "pkill", Applets::killall);
        reg(r, "ps", Applets::ps);
        reg(r, "top", Applets::ps);
        reg(r, "pidof", Applets::pidof);
        reg(r, "uptime", c -> {
            c.out(String.format(" %tT up 0 min,  0 users,  load average: 0.00, 0.00, 0.00%n",
                c.clock().now().atZone(ZoneOffset.UTC)));
            return 0;
        });
        reg(r, "tty", c -> {
            if (c.isTty()) {
                c.out("/dev/pts/0\n");
                return 0;
            }
            c.out("not a tty\n");
            return 1;
        });
        reg(r, "clear", c -> {
            c.out("\033[H\033[J");
            return 0;
        });
        reg(r, "reset", c -> 0);
        reg(r, "sync", c -> 0);
        reg(r, "expr", Expr::run);
        reg(r, "mount", c -> {
            StringBuilder sb = new StringBuilder();
            for (dev.drydock.runtime.MountTable.Entry e : dev.drydock.runtime.MountTable.of(c.fs())) {
                sb.append(e.device()).append(" on ").append(e.dir()).append(" type ").append(e.type())
                    .append(" (").append(e.options()).append(")\n");
            }
            c.out(sb.toString());
            return 0;
        });
        reg(r, "logger", c -> 0);
        reg(r, "usleep", c -> {
            if (!c.args().isEmpty()) {
                c.sleep(Duration.ofNanos(Long.parseLong(c.args().get(0)) * 1000));
            }
            return 0;
        });
        reg(r, "timeout", Applets::timeout);
        FileApplets.register(r);
        TextApplets.register(r);
        LineApplets.register(r);
        NetApplets.register(r);
        ArchiveApplets.register(r);
        DumpApplets.register(r);
        Diff.register(r);
        reg(r, "sed", Sed::run);
        reg(r, "awk", Awk::run);
    }

    static void reg(ProgramRegistry r, String name, ContainerProgram p) {
        r.registerApplet(name, p);
    }

    /** An applet that never waits and writes little (a caller may run it on its own thread). */
    static void quick(ProgramRegistry r, String name, ContainerProgram p) {
        r.registerQuickApplet(name, p);
    }

    private static List<String> withLast(List<String> argv, String last) {
        List<String> l = new ArrayList<>(argv);
        if (!l.isEmpty() && l.get(l.size() - 1).equals(last)) {
            l.set(l.size() - 1, "]");
        }
        return l;
    }

    private static int busybox(ProgramContext c) throws IOException {
        List<String> a = c.args();
        if (!a.isEmpty() && (a.get(0).equals("--list") || a.get(0).equals("--list-full"))) {
            StringBuilder sb = new StringBuilder();
            for (String n : c.runtime().programs().appletNames()) {
                sb.append(a.get(0).equals("--list-full") ? "bin/" : "").append(n).append('\n');
            }
            c.out(sb.toString());
            return 0;
        }
        c.out(USAGE_LINE + "BusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See "
            + "source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n"
            + "   or: busybox --list[-full]\n   or: function [arguments]...\n\n\tBusyBox is a multi-call binary "
            + "that combines many common Unix\n\tutilities into a single executable.\n\nCurrently defined "
            + "functions:\n\t" + String.join(", ", c.runtime().programs().appletNames()) + "\n");
        return 0;
    }

    // ------------------------------------------------------------------ sleep (thread-free)

    /** Parses sleep's duration arguments (s/m/h/d suffixes, decimals, "infinity"); null when invalid. */
    static Duration parseDuration(String s) {
        if (s.equals("inf") || s.equals("infinity")) {
            return Duration.ofSeconds(Long.MAX_VALUE / 4);
        }
        double mult = 1;
        String n = s;
        if (!s.isEmpty()) {
            char u = s.charAt(s.length() - 1);
            switch (u) {
                case 's' -> {
                    n = s.substring(0, s.length() - 1);
                }
                case 'm' -> {
                    mult = 60;
                    n = s.substring(0, s.length() - 1);
                }
                case 'h' -> {
                    mult = 3600;
                    n = s.substring(0, s.length() - 1);
                }
                case 'd' -> {
                    mult = 86400;
                    n = s.substring(0, s.length() - 1);
                }
                default -> {
                }
            }
        }
        try {
            double v = Double.parseDouble(n) * mult;
            if (v < 0 || Double.isNaN(v) || n.isEmpty() || n.endsWith("f") || n.endsWith("d")) {
                return null;
            }
            return Duration.ofNanos((long) Math.min(v * 1e9, Long.MAX_VALUE / 2.0));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static CompletableFuture<Integer> sleep(ProgramContext c) throws IOException {
        if (c.args().isEmpty()) {
            c.err("sleep: missing operand\n" + USAGE_LINE);
            return CompletableFuture.completedFuture(1);
        }
        Duration total = Duration.ZERO;
        for (String a : c.args()) {
            Duration d = parseDuration(a);
            if (d == null) {
                c.err("sleep: invalid number '" + a + "'\n");
                return CompletableFuture.completedFuture(1);
            }
            try {
                total = total.plus(d);
            } catch (ArithmeticException e) {
                total = Duration.ofSeconds(Long.MAX_VALUE / 4);
            }
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        c.schedule(total, () -> done.complete(0));
        return done;
    }

    // ------------------------------------------------------------------ small ones

    private static int echo(ProgramContext c) throws IOException {
        boolean nl = true;
        boolean esc = false;
        List<String> a = c.args();
        int i = 0;
        while (i < a.size() && isEchoOption(a.get(i))) {
            for (char ch : a.get(i).substring(1).toCharArray()) {
                if (ch == 'n') {
                    nl = false;
                } else {
                    esc = ch == 'e';
                }
            }
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (int j = i; j < a.size(); j++) {
            if (j > i) {
                sb.append(' ');
            }
            if (esc) {
                if (Printf.escapes(a.get(j), sb, true)) {
                    c.stdout().write(Printf.bytes(sb));
                    return 0;
                }
            } else {
                sb.append(a.get(j));
            }
        }
        if (nl) {
            sb.append('\n');
        }
        c.stdout().write(Printf.bytes(sb));
        return 0;
    }

    /** {@code -[neE]+} without a regex: echo runs once per {@code docker exec ... echo}, often thousands of times. */
    private static boolean isEchoOption(String arg) {
        if (arg.length() < 2 || arg.charAt(0) != '-') {
            return false;
        }
        for (int k = 1; k < arg.length(); k++) {
            char ch = arg.charAt(k);
            if (ch != 'n' && ch != 'e' && ch != 'E') {
                return false;
            }
        }
        return true;
    }

    private static int yes(ProgramContext c) throws IOException {
        String s = (c.args().isEmpty() ? "y" : String.join(" ", c.args())) + "\n";
        byte[] line = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] block = new byte[Math.max(line.length, 32768 / line.length * line.length)];
        for (int i = 0; i + line.length <= block.length; i += line.length) {
            System.arraycopy(line, 0, block, i, line.length);
        }
        while (true) {
            c.checkAlive();
            c.stdout().write(block);
        }
    }

    private static int seq(ProgramContext c) throws IOException {
        String sep = "\n";
        boolean width = false;
        List<String> a = new ArrayList<>(c.args());
        while (!a.isEmpty() && a.get(0).startsWith("-") && a.get(0).length() > 1
            && !Character.isDigit(a.get(0).charAt(1))) {
            String o = a.remove(0);
            if (o.equals("-s") && !a.isEmpty()) {
                sep = a.remove(0);
            } else if (o.startsWith("-s") && o.length() > 2) {
                sep = o.substring(2);
            } else if (o.equals("-w")) {
                width = true;
            }
        }
        if (a.isEmpty() || a.size() > 3) {
            c.err("seq: missing operand\n" + USAGE_LINE);
            return 1;
        }
        double first = 1;
        double step = 1;
        double last;
        try {
            if (a.size() == 1) {
                last = Double.parseDouble(a.get(0));
            } else if (a.size() == 2) {
                first = Double.parseDouble(a.get(0));
                last = Double.parseDouble(a.get(1));
            } else {
                first = Double.parseDouble(a.get(0));
                step = Double.parseDouble(a.get(1));
                last = Double.parseDouble(a.get(2));
            }
        } catch (NumberFormatException e) {
            c.err("seq: invalid number\n");
            return 1;
        }
        boolean integral = a.stream().noneMatch(x -> x.contains("."));
        int w = width ? String.valueOf((long) Math.max(Math.abs(first), Math.abs(last))).length() : 0;
        StringBuilder sb = new StringBuilder();
        boolean firstOut = true;
        if (step == 0) {
            return 1;
        }
        for (double v = first; step > 0 ? v <= last : v >= last; v += step) {
            c.checkAlive();
            if (!firstOut) {
                sb.append(sep);
            }
            firstOut = false;
            String s = integral ? Long.toString((long) v) : trimDouble(v);
            if (w > 0) {
                while (s.length() < w) {
                    s = "0" + s;
                }
            }
            sb.append(s);
            if (sb.length() > 8192) {
                c.out(sb.toString());
                sb.setLength(0);
            }
        }
        if (!firstOut) {
            sb.append('\n');
        }
        c.out(sb.toString());
        return 0;
    }

    private static String trimDouble(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static int basename(ProgramContext c) throws IOException {
        if (c.args().isEmpty()) {
            c.err("basename: missing operand\n" + USAGE_LINE);
            return 1;
        }
        String p = c.args().get(0).replaceAll("/+$", "");
        String b = p.isEmpty() ? "/" : p.substring(p.lastIndexOf('/') + 1);
        if (c.args().size() > 1) {
            String suf = c.args().get(1);
            if (b.endsWith(suf) && !b.equals(suf)) {
                b = b.substring(0, b.length() - suf.length());
            }
        }
        c.out(b + "\n");
        return 0;
    }

    private static int env(ProgramContext c) throws Exception {
        Map<String, String> env = new java.util.LinkedHashMap<>(c.env());
        List<String> a = c.args();
        int i = 0;
        while (i < a.size()) {
            String s = a.get(i);
            if (s.equals("-i") || s.equals("-")) {
                env.clear();
            } else if (s.equals("-u") && i + 1 < a.size()) {
                env.remove(a.get(++i));
            } else if (s.contains("=") && !s.startsWith("=")) {
                env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            } else {
                break;
            }
            i++;
        }
        if (i >= a.size()) {
            StringBuilder sb = new StringBuilder();
            env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            c.out(sb.toString());
            return 0;
        }
        return runCommand(c, a.subList(i, a.size()), env, "env");
    }

    /** Runs a command as a child process (env, xargs, timeout, nohup). */
    static int runCommand(ProgramContext c, List<String> argv, Map<String, String> env, String who)
        throws Exception {
        return runCommand(c, argv, env, who, c.stdout());
    }

    /** Runs a command as a child process writing its stdout to {@code stdout}, and waits for it. */
    static int runCommand(ProgramContext c, List<String> argv, Map<String, String> env, String who,
                          java.io.OutputStream stdout) throws Exception {
        Launch l;
        String path = env.getOrDefault("PATH", c.getenv("PATH"));
        try {
            l = c.runtime().resolve(c, c.cwd(), argv, path);
        } catch (ProcessStartException e) {
            boolean nf = e.reason() == ProcessStartException.Reason.NOT_FOUND;
            c.err(who + ": can't execute '" + argv.get(0) + "': " + (nf ? "No such file or directory"
                : "Permission denied") + "\n");
            return nf ? 127 : 126;
        }
        dev.drydock.runtime.Program prog = l.program();
        List<String> av = l.argv();
        if (l.textScript()) {
            prog = ShellProgram.PROGRAM;
            av = new ArrayList<>(argv);
            av.add(0, "sh");
        }
        SimProcess child = c.runtime().spawn(c, av, prog, env, c.cwd(), c.stdin(), stdout, c.stderr(), true);
        return c.await(child.exit());
    }

    private static int printenv(ProgramContext c) throws IOException {
        if (c.args().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            c.env().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            c.out(sb.toString());
            return 0;
        }
        int rc = 0;
        for (String k : c.args()) {
            String v = c.getenv(k);
            if (v == null) {
                rc = 1;
            } else {
                c.out(v + "\n");
            }
        }
        return rc;
    }

    private static int id(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "ugnrG", "", true);
        if (o == null) {
            return 1;
        }
        int uid = c.uid();
        int gid = c.gid();
        String user = Users.userName(c.fs(), uid);
        String group = Users.groupName(c.fs(), gid);
        if (!o.operands.isEmpty()) {
            String who = o.operands.get(0);
            Integer u = Users.userId(c.fs(), who);
            if (u == null) {
                c.err("id: unknown user " + who + "\n");
                return 1;
            }
            Users.UserInfo ui = Users.resolve(c.fs(), who);
            uid = ui.uid();
            gid = ui.gid();
            user = who;
            group = Users.groupName(c.fs(), gid);
        }
        if (o.has('u')) {
            c.out((o.has('n') ? (user == null ? Integer.toString(uid) : user) : Integer.toString(uid)) + "\n");
            return 0;
        }
        if (o.has('g')) {
            c.out((o.has('n') ? (group == null ? Integer.toString(gid) : group) : Integer.toString(gid)) + "\n");
            return 0;
        }
        List<Integer> groups = new ArrayList<>();
        groups.add(gid);
        for (int[] g : Users.groupsOf(c.fs(), user)) {
            if (!groups.contains(g[0])) {
                groups.add(g[0]);
            }
        }
        if (o.has('G')) {
            StringBuilder sb = new StringBuilder();
            for (int g : groups) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(o.has('n') ? nameOr(Users.groupName(c.fs(), g), g) : Integer.toString(g));
            }
            c.out(sb + "\n");
            return 0;
        }
        StringBuilder sb = new StringBuilder("uid=").append(uid);
        if (user != null) {
            sb.append('(').append(user).append(')');
        }
        sb.append(" gid=").append(gid);
        if (group != null) {
            sb.append('(').append(group).append(')');
        }
        sb.append(" groups=");
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            int g = groups.get(i);
            sb.append(g);
            String gn = Users.groupName(c.fs(), g);
            if (gn != null) {
                sb.append('(').append(gn).append(')');
            }
        }
        c.out(sb + "\n");
        return 0;
    }

    private static String nameOr(String n, int id) {
        return n == null ? Integer.toString(id) : n;
    }

    private static int uname(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "asnrvmpio", "", true);
        if (o == null) {
            return 1;
        }
        List<String> parts = new ArrayList<>();
        boolean all = o.has('a');
        if (all || o.has('s') || (!o.has('n') && !o.has('r') && !o.has('v') && !o.has('m') && !o.has('p')
            && !o.has('i') && !o.has('o'))) {
            parts.add("Linux");
        }
        if (all || o.has('n')) {
            parts.add(c.hostname());
        }
        if (all || o.has('r')) {
            parts.add("5.15.0-drydock");
        }
        if (all || o.has('v')) {
            parts.add("#1 SMP Drydock");
        }
        if (all || o.has('m')) {
            parts.add("x86_64");
        }
        if (o.has('p')) {
            parts.add("unknown");
        }
        if (o.has('i')) {
            parts.add("unknown");
        }
        if (all || o.has('o')) {
            parts.add("GNU/Linux");
        }
        c.out(String.join(" ", parts) + "\n");
        return 0;
    }

    private static int date(ProgramContext c) throws IOException {
        Instant now = c.clock().now();
        String fmt = null;
        boolean iso = false;
        List<String> args = c.args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String when = a.equals("-d") && i + 1 < args.size() ? args.get(++i)
                    : a.startsWith("--date=") ? a.substring(7) : a.startsWith("-d") && a.length() > 2 ? a.substring(2) : null;
            if (when != null) {
                now = parseDate(when, now);
                if (now == null) {
                    c.err("date: invalid date '" + when + "'\n");
                    return 1;
                }
            } else if (a.startsWith("+")) {
                fmt = a.substring(1);
            } else if (a.equals("-I") || a.startsWith("-Iseconds") || a.equals("--iso-8601")) {
                iso = true;
            } else if (a.equals("-u") || a.equals("--utc") || a.equals("-R")) {
                if (a.equals("-R")) {
                    fmt = "%a, %d %b %Y %H:%M:%S %z";
                }
            }
        }
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        if (iso) {
            c.out(String.format("%tF%n", t));
            return 0;
        }
        c.out(strftime(fmt == null ? "%a %b %e %H:%M:%S %Z %Y" : fmt, t) + "\n");
        return 0;
    }

    private static final java.util.regex.Pattern DATE_TIME = java.util.regex.Pattern.compile(
            "(?:(\\d{4})-(\\d{1,2})-(\\d{1,2}))?\\s*(?:(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

    /** The forms busybox's {@code date -d} takes: {@code @SECONDS}, {@code YYYY-MM-DD [hh:mm[:ss]]}, {@code hh:mm[:ss]}. */
    private static Instant parseDate(String s, Instant now) {
        String v = s.trim();
        try {
            if (v.startsWith("@")) {
                return Instant.ofEpochSecond(Long.parseLong(v.substring(1)));
            }
            java.util.regex.Matcher m = DATE_TIME.matcher(v);
            if (v.isEmpty() || !m.matches() || (m.group(1) == null && m.group(4) == null)) {
                return null;
            }
            java.time.LocalDate day = m.group(1) == null ? now.atZone(ZoneOffset.UTC).toLocalDate()
                    : java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            java.time.LocalTime time = m.group(4) == null ? java.time.LocalTime.MIDNIGHT
                    : java.time.LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return day.atTime(time).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String strftime(String fmt, ZonedDateTime t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%' || i + 1 >= fmt.length()) {
                sb.append(ch);
                continue;
            }
            char f = fmt.charAt(++i);
            switch (f) {
                case 'Y' -> sb.append(t.getYear());
                case 'm' -> sb.append(String.format("%02d", t.getMonthValue()));
                case 'd' -> sb.append(String.format("%02d", t.getDayOfMonth()));
                case 'e' -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> sb.append(String.format("%02d", t.getHour()));
                case 'M' -> sb.append(String.format("%02d", t.getMinute()));
                case 'S' -> sb.append(String.format("%02d", t.getSecond()));
                case 'N' -> sb.append(String.format("%09d", t.getNano()));
                case 's' -> sb.append(t.toEpochSecond());
                case 'a' -> sb.append(String.format(Locale.ROOT, "%ta", t));
                case 'A' -> sb.append(String.format(Locale.US, "%tA", t));
                case 'b', 'h' -> sb.append(String.format(Locale.ROOT, "%tb", t));
                case 'B' -> sb.append(String.format(Locale.US, "%tB", t));
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'j' -> sb.append(String.format("%03d", t.getDayOfYear()));
                case 'Z' -> sb.append("UTC");
                case 'z' -> sb.append("+0000");
                case 'F' -> sb.append(String.format("%tF", t));
                case 'T' -> sb.append(String.format("%tT", t));
                case 'D' -> sb.append(String.format("%tD", t));
                case 'u' -> sb.append(t.getDayOfWeek().getValue());
                case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '%' -> sb.append('%');
                default -> sb.append('%').append(f);
            }
        }
        return sb.toString();
    }

    private static int free(ProgramContext c) throws IOException {
        boolean h = c.args().contains("-h");
        boolean m = c.args().contains("-m");
        long total = 8039656;
        long used = 1226696;
        long free = 5193452;
        long shared = 1024;
        long cache = 1619508;
        long avail = 6904208;
        if (h) {
            c.out("              total        used        free      shared  buff/cache   available\n"
                + "Mem:           7.7G        1.2G        5.0G        1.0M        1.5G        6.6G\n"
                + "Swap:             0           0           0\n");
            return 0;
        }
        long d = m ? 1024 : 1;
        c.out(String.format("              total        used        free      shared  buff/cache   available%n"
                + "Mem:    %11d %11d %11d %11d %11d %11d%nSwap:   %11d %11d %11d%n", total / d, used / d, free / d,
            shared / d, cache / d, avail / d, 0, 0, 0));
        return 0;
    }

    private static int which(ProgramContext c) throws IOException {
        int rc = 0;
        boolean all = false;
        for (String n : c.args()) {
            if (n.equals("-a")) {
                all = true;
                continue;
            }
            String p = n.contains("/") ? (dev.drydock.runtime.SysFiles.exists(c, n) ? n : null)
                : c.runtime().which(c, n, c.getenv("PATH"));
            if (p == null) {
                rc = 1;
            } else {
                c.out(p + "\n");
            }
        }
        return all ? rc : rc;
    }

    private static int kill(ProgramContext c) throws IOException {
        List<String> a = c.args();
        int sig = Signals.SIGTERM;
        int i = 0;
        if (i < a.size() && a.get(i).equals("-l")) {
            StringBuilder sb = new StringBuilder();
            for (int s = 1; s <= 64; s++) {
                if (Signals.name(s) != null) {
                    sb.append(String.format("%2d) %s%n", s, Signals.name(s)));
                }
            }
            c.out(sb.toString());
            return 0;
        }
        if (i < a.size() && a.get(i).startsWith("-") && a.get(i).length() > 1) {
            String s = a.get(i).substring(1);
            if (s.equals("s") && i + 1 < a.size()) {
                s = a.get(++i);
            }
            sig = Signals.parse(s);
            if (sig < 0) {
                c.err("kill: bad signal name '" + s + "'\n");
                return 1;
            }
            i++;
        }
        int rc = 0;
        for (; i < a.size(); i++) {
            int pid;
            try {
                pid = Integer.parseInt(a.get(i));
            } catch (NumberFormatException e) {
                c.err("kill: invalid number '" + a.get(i) + "'\n");
                rc = 1;
                continue;
            }
            SimProcess p = c.process().namespace().get(Math.abs(pid));
            if (p == null) {
                c.err("kill: can't kill pid " + pid + ": No such process\n");
                rc = 1;
                continue;
            }
            p.signal(sig);
        }
        return rc;
    }

    private static int killall(ProgramContext c) throws IOException {
        int sig = Signals.SIGTERM;
        int rc = 1;
        for (String a : c.args()) {
            if (a.startsWith("-")) {
                int s = Signals.parse(a.substring(1));
                if (s > 0) {
                    sig = s;
                }
                continue;
            }
            for (SimProcess p : c.process().namespace().processes()) {
                if (p != c.process() && (Paths.name(p.argv().get(0)).equals(a)
                    || (c.name().equals("pkill") && p.commandLine().contains(a)))) {
                    p.signal(sig);
                    rc = 0;
                }
            }
        }
        return rc;
    }

    private static int pidof(ProgramContext c) throws IOException {
        List<String> pids = new ArrayList<>();
        for (String a : c.args()) {
            List<SimProcess> ps = c.process().namespace().processes();
            for (int i = ps.size() - 1; i >= 0; i--) {
                if (Paths.name(ps.get(i).argv().get(0)).equals(a)) {
                    pids.add(Integer.toString(ps.get(i).pid()));
                }
            }
        }
        if (pids.isEmpty()) {
            return 1;
        }
        c.out(String.join(" ", pids) + "\n");
        return 0;
    }

    private static int ps(ProgramContext c) throws IOException {
        List<String> spec = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            String a = c.args().get(i);
            if (a.equals("-o") && i + 1 < c.args().size()) {
                spec.addAll(List.of(c.args().get(++i).split(",")));
            } else if (a.startsWith("-o") && a.length() > 2) {
                spec.addAll(List.of(a.substring(2).split(",")));
            }
        }
        if (!spec.isEmpty()) {
            return PsColumns.print(c, spec);
        }
        // The busybox image's ps (Debian's build) has no TIME column; Alpine's busybox has one.
        boolean time = c.fs().exists("/etc/alpine-release");
        StringBuilder sb = new StringBuilder(time ? "PID   USER     TIME  COMMAND\n" : "PID   USER     COMMAND\n");
        for (SimProcess p : c.process().namespace().processes()) {
            String u = Users.userName(c.fs(), p.uid());
            sb.append(String.format(time ? "%5d %-8s  0:00 %s\n" : "%5d %-8s %s\n", p.pid(),
                u == null ? Integer.toString(p.uid()) : u, p.commandLine()));
        }
        c.out(sb.toString());
        return 0;
    }

    private static int timeout(ProgramContext c) throws Exception {
        List<String> a = new ArrayList<>(c.args());
        int sig = Signals.SIGTERM;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-s") && !a.isEmpty()) {
                sig = Math.max(1, Signals.parse(a.remove(0)));
            }
        }
        if (a.size() < 2) {
            c.err("timeout: missing operand\n" + USAGE_LINE);
            return 1;
        }
        Duration d = parseDuration(a.remove(0));
        if (d == null) {
            c.err("timeout: invalid number\n");
            return 1;
        }
        Launch l;
        try {
            l = c.runtime().resolve(c, c.cwd(), a, c.getenv("PATH"));
        } catch (ProcessStartException e) {
            c.err("timeout: can't execute '" + a.get(0) + "': No such file or directory\n");
            return 127;
        }
        SimProcess child = c.runtime().spawn(c, l.argv(), l.program(), c.env(), c.cwd(), c.stdin(), c.stdout(),
            c.stderr(), false);
        int s = sig;
        boolean[] fired = new boolean[1];
        c.schedule(d, () -> {
            fired[0] = true;
            child.signal(s);
        });
        int code = c.await(child.exit());
        if (fired[0]) {
            // Busybox's timeout execs the command, so the signal ends the process the caller waits for.
            c.process().signal(s);
            if (!c.process().isRunning()) {
                throw new dev.drydock.runtime.ProcessKilled();
            }
            return 128 + s;
        }
        return code;
    }
}
