package dev.drydock.runtime.applets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.shell.Glob;

/** find: paths, -name/-iname/-path/-type/-maxdepth/-mindepth/-size/-empty, ! -o -a ( ), -print/-print0/-exec/-delete. */
final class Find {
    private final ProgramContext c;
    private final List<String> expr;
    private int pos;
    private int maxDepth = Integer.MAX_VALUE;
    private int minDepth;
    private boolean hasAction;
    private final StringBuilder out = new StringBuilder();
    private int rc;

    private interface Pred {
        boolean test(String path, FileStat st, int depth) throws Exception;
    }

    private Find(ProgramContext c, List<String> expr) {
        this.c = c;
        this.expr = expr;
    }

    static int run(ProgramContext c) throws Exception {
        List<String> a = c.args();
        int i = 0;
        List<String> paths = new ArrayList<>();
        while (i < a.size() && !a.get(i).startsWith("-") && !a.get(i).equals("!") && !a.get(i).equals("(")) {
            paths.add(a.get(i++));
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        Find f = new Find(c, a.subList(i, a.size()));
        Pred p;
        try {
            p = f.expr.isEmpty() ? (x, s, d) -> true : f.or();
            if (f.pos < f.expr.size()) {
                throw new IllegalArgumentException("unrecognized: " + f.expr.get(f.pos));
            }
        } catch (IllegalArgumentException e) {
            c.err("find: " + e.getMessage() + "\n");
            return 1;
        }
        Pred top = p;
        boolean print = !f.hasAction;
        for (String path : paths) {
            Optional<FileStat> st = FileApplets.stat(c, path, false);
            if (st.isEmpty()) {
                c.err("find: " + path + ": No such file or directory\n");
                f.rc = 1;
                continue;
            }
            f.walk(path, st.get(), 0, top, print);
        }
        c.out(f.out.toString());
        return f.rc;
    }

    private void walk(String path, FileStat st, int depth, Pred p, boolean print) throws Exception {
        c.checkAlive();
        if (depth >= minDepth && p.test(path, st, depth) && print) {
            emit(path, "\n");
        }
        if (st.isDirectory() && depth < maxDepth) {
            List<String> names;
            try {
                names = SysFiles.list(c, path);
            } catch (FsException e) {
                c.err("find: " + path + ": " + e.errno().text() + "\n");
                rc = 1;
                return;
            }
            for (String n : names) {
                String child = path.endsWith("/") ? path + n : path + "/" + n;
                Optional<FileStat> cs = FileApplets.stat(c, child, false);
                if (cs.isPresent()) {
                    walk(child, cs.get(), depth + 1, p, print);
                }
            }
        }
    }

    private void emit(String s, String end) throws IOException {
        out.append(s).append(end);
        if (out.length() > 8192) {
            c.out(out.toString());
            out.setLength(0);
        }
    }

    private boolean at(String s) {
        return pos < expr.size() && expr.get(pos).equals(s);
    }

    private Pred or() {
        Pred l = and();
        while (at("-o") || at("-or")) {
            pos++;
            Pred a = l;
            Pred b = and();
            l = (x, s, d) -> a.test(x, s, d) || b.test(x, s, d);
        }
        return l;
    }

    private Pred and() {
        Pred l = not();
        while (pos < expr.size() && !at("-o") && !at("-or") && !at(")")) {
            if (at("-a") || at("-and")) {
                pos++;
            }
            Pred a = l;
            Pred b = not();
            l = (x, s, d) -> a.test(x, s, d) && b.test(x, s, d);
        }
        return l;
    }

    private Pred not() {
        if (at("!") || at("-not")) {
            pos++;
            Pred p = not();
            return (x, s, d) -> !p.test(x, s, d);
        }
        return primary();
    }

    private String arg(String opt) {
        if (pos >= expr.size()) {
            throw new IllegalArgumentException(opt + ": requires an argument");
        }
        return expr.get(pos++);
    }

    private Pred primary() {
        if (pos >= expr.size()) {
            throw new IllegalArgumentException("expression expected");
        }
        String t = expr.get(pos++);
        switch (t) {
            case "(": {
                Pred p = or();
                if (!at(")")) {
                    throw new IllegalArgumentException("missing )");
                }
                pos++;
                return p;
            }
            case "-name":
            case "-iname": {
                String pat = arg(t);
                boolean ci = t.equals("-iname");
                return (x, s, d) -> {
                    String n = x.equals("/") ? "/" : x.replaceAll("/+$", "");
                    n = n.substring(n.lastIndexOf('/') + 1);
                    return ci ? Glob.matches(pat.toLowerCase(), n.toLowerCase()) : Glob.matches(pat, n);
                };
            }
            case "-path":
            case "-wholename": {
                String pat = arg(t);
                return (x, s, d) -> Glob.matches(pat, x);
            }
            case "-type": {
                String ty = arg(t);
                return (x, s, d) -> switch (ty) {
                    case "f" -> s.isFile();
                    case "d" -> s.isDirectory();
                    case "l" -> s.isSymlink();
                    default -> false;
                };
            }
            case "-maxdepth":
                maxDepth = Integer.parseInt(arg(t));
                return (x, s, d) -> true;
            case "-mindepth":
                minDepth = Integer.parseInt(arg(t));
                return (x, s, d) -> true;
            case "-empty":
                return (x, s, d) -> s.isDirectory() ? SysFiles.list(c, x).isEmpty() : s.isFile() && s.size() == 0;
            case "-size": {
                String sz = arg(t);
                char sign = sz.charAt(0);
                String num = sign == '+' || sign == '-' ? sz.substring(1) : sz;
                long mult = 512;
                char u = num.charAt(num.length() - 1);
                if (!Character.isDigit(u)) {
                    mult = switch (u) {
                        case 'c' -> 1;
                        case 'k' -> 1024;
                        case 'M' -> 1024 * 1024;
                        case 'G' -> 1024L * 1024 * 1024;
                        default -> 512;
                    };
                    num = num.substring(0, num.length() - 1);
                }
                long n = Long.parseLong(num);
                long m = mult;
                return (x, s, d) -> {
                    long units = (s.size() + m - 1) / m;
                    return sign == '+' ? units > n : sign == '-' ? units < n : units == n;
                };
            }
            case "-perm": {
                String mode = arg(t);
                int m = Integer.parseInt(mode.replace("-", "").replace("/", ""), 8);
                return (x, s, d) -> mode.startsWith("-") ? (s.mode() & m) == m : mode.startsWith("/")
                    ? (s.mode() & m) != 0 : s.mode() == m;
            }
            case "-user": {
                String u = arg(t);
                return (x, s, d) -> Integer.toString(s.uid()).equals(u)
                    || u.equals(dev.drydock.runtime.Users.userName(c.fs(), s.uid()));
            }
            case "-newer": {
                Optional<FileStat> ref = FileApplets.stat(c, arg(t), true);
                return (x, s, d) -> ref.isPresent() && s.modified().isAfter(ref.get().modified());
            }
            case "-print":
                hasAction = true;
                return (x, s, d) -> {
                    emit(x, "\n");
                    return true;
                };
            case "-print0":
                hasAction = true;
                return (x, s, d) -> {
                    emit(x, "\0");
                    return true;
                };
            case "-delete":
                hasAction = true;
                return (x, s, d) -> {
                    try {
                        FileApplets.removeTree(c, c.resolve(x));
                    } catch (FsException e) {
                        c.err("find: can't delete '" + x + "': " + e.errno().text() + "\n");
                        rc = 1;
                    }
                    return true;
                };
            case "-exec":
            case "-ok": {
                hasAction = true;
                List<String> cmd = new ArrayList<>();
                boolean plus = false;
                while (pos < expr.size() && !at(";") && !(at("+") && !cmd.isEmpty() && cmd.get(cmd.size() - 1)
                    .equals("{}"))) {
                    cmd.add(expr.get(pos++));
                }
                if (pos >= expr.size()) {
                    throw new IllegalArgumentException("-exec: no terminating ';' or '+'");
                }
                plus = at("+");
                pos++;
                boolean batch = plus;
                return (x, s, d) -> {
                    List<String> argv = new ArrayList<>();
                    for (String part : cmd) {
                        argv.add(part.replace("{}", x));
                    }
                    if (out.length() > 0) {
                        c.out(out.toString());
                        out.setLength(0);
                    }
                    int code = Applets.runCommand(c, argv, c.env(), "find");
                    if (batch && code != 0) {
                        rc = 1;
                    }
                    return code == 0;
                };
            }
            case "-true":
                return (x, s, d) -> true;
            case "-false":
                return (x, s, d) -> false;
            case "-xdev":
            case "-follow":
            case "-depth":
                return (x, s, d) -> true;
            default:
                throw new IllegalArgumentException("unrecognized: " + t);
        }
    }
}
