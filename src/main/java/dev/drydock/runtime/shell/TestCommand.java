package dev.drydock.runtime.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SysFiles;

/** {@code test} / {@code [} (POSIX, busybox messages) and the shell's {@code [[ ]]}. */
public final class TestCommand {
    private final ProgramContext ctx;
    private final List<String> args;
    private int pos;

    /** A test usage error (exit 2). */
    private static final class TestError extends Exception {
        TestError(String m) {
            super(m, null, false, false);
        }
    }

    private TestCommand(ProgramContext ctx, List<String> args) {
        this.ctx = ctx;
        this.args = args;
    }

    /**
     * Runs test or [ with argv (argv[0] is "test" or "["); errors go to {@code err} prefixed with
     * {@code prefix} ("sh" for the builtin, "test" or "[" for the applet).
     */
    public static int test(ProgramContext ctx, List<String> argv, String name, OutputStream err, String prefix)
        throws IOException {
        List<String> a = new ArrayList<>(argv.subList(1, argv.size()));
        if (name.equals("[")) {
            if (a.isEmpty() || !a.get(a.size() - 1).equals("]")) {
                err.write((prefix + ": missing ]\n").getBytes(StandardCharsets.UTF_8));
                return 2;
            }
            a.remove(a.size() - 1);
        }
        if (a.isEmpty()) {
            return 1;
        }
        TestCommand t = new TestCommand(ctx, a);
        try {
            boolean r = t.expr();
            if (t.pos < a.size()) {
                throw new TestError(a.get(t.pos) + ": unknown operand");
            }
            return r ? 0 : 1;
        } catch (TestError e) {
            err.write((prefix + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return 2;
        }
    }

    private boolean expr() throws TestError {
        boolean v = andExpr();
        while (pos < args.size() && args.get(pos).equals("-o")) {
            pos++;
            boolean r = andExpr();
            v = v || r;
        }
        return v;
    }

    private boolean andExpr() throws TestError {
        boolean v = notExpr();
        while (pos < args.size() && args.get(pos).equals("-a")) {
            pos++;
            boolean r = notExpr();
            v = v && r;
        }
        return v;
    }

    private boolean notExpr() throws TestError {
        if (pos < args.size() && args.get(pos).equals("!") && args.size() - pos > 1) {
            pos++;
            return !notExpr();
        }
        return primary();
    }

    private boolean primary() throws TestError {
        int remaining = args.size() - pos;
        if (remaining <= 0) {
            throw new TestError("argument expected");
        }
        String a = args.get(pos);
        if (a.equals("(") && remaining >= 3) {
            int save = pos;
            pos++;
            boolean v = expr();
            if (pos < args.size() && args.get(pos).equals(")")) {
                pos++;
                return v;
            }
            pos = save;
        }
        if (remaining >= 3 && isBinary(args.get(pos + 1))) {
            String op = args.get(pos + 1);
            String b = args.get(pos + 2);
            pos += 3;
            return binary(a, op, b, ctx);
        }
        if (remaining >= 2 && isUnary(a)) {
            String b = args.get(pos + 1);
            pos += 2;
            return unary(a, b, ctx);
        }
        if (remaining >= 2 && isBinary(args.get(pos + 1))) {
            throw new TestError(args.get(pos + 1) + ": argument expected");
        }
        pos++;
        return !a.isEmpty();
    }

    static boolean isBinary(String op) {
        return switch (op) {
            case "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef" -> true;
            default -> false;
        };
    }

    static boolean isUnary(String op) {
        return op.length() == 2 && op.charAt(0) == '-' && "bcdefghknprsSuwxzLGO".indexOf(op.charAt(1)) >= 0;
    }

    private static long num(String s) throws TestError {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new TestError(s + ": bad number");
        }
    }

    static boolean binary(String a, String op, String b, ProgramContext ctx) throws TestError {
        return switch (op) {
            case "=", "==" -> a.equals(b);
            case "!=" -> !a.equals(b);
            case "<" -> a.compareTo(b) < 0;
            case ">" -> a.compareTo(b) > 0;
            case "-eq" -> num(a) == num(b);
            case "-ne" -> num(a) != num(b);
            case "-lt" -> num(a) < num(b);
            case "-le" -> num(a) <= num(b);
            case "-gt" -> num(a) > num(b);
            case "-ge" -> num(a) >= num(b);
            case "-nt", "-ot" -> {
                Optional<FileStat> x = stat(ctx, a, true);
                Optional<FileStat> y = stat(ctx, b, true);
                if (x.isEmpty() || y.isEmpty()) {
                    yield false; // busybox: false unless both exist (bash differs)
                }
                int c = x.get().modified().compareTo(y.get().modified());
                yield op.equals("-nt") ? c > 0 : c < 0;
            }
            case "-ef" -> {
                try {
                    yield ctx.fs().realPath(ctx.resolve(a)).equals(ctx.fs().realPath(ctx.resolve(b)));
                } catch (FsException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    private static Optional<FileStat> stat(ProgramContext ctx, String p, boolean follow) {
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            return SysFiles.stat(ctx, p, follow);
        } catch (FsException e) {
            return Optional.empty();
        }
    }

    static boolean unary(String op, String b, ProgramContext ctx) {
        switch (op) {
            case "-z":
                return b.isEmpty();
            case "-n":
                return !b.isEmpty();
            case "-t":
                return ctx.isTty() && (b.equals("0") || b.equals("1") || b.equals("2"));
            default:
                break;
        }
        boolean follow = !(op.equals("-L") || op.equals("-h"));
        Optional<FileStat> st = stat(ctx, b, follow);
        if (st.isEmpty()) {
            return false;
        }
        FileStat s = st.get();
        boolean root = ctx.uid() == 0;
        int mode = s.mode();
        int shift = s.uid() == ctx.uid() ? 6 : s.gid() == ctx.gid() ? 3 : 0;
        return switch (op) {
            case "-e" -> true;
            case "-f" -> s.isFile();
            case "-d" -> s.isDirectory();
            case "-L", "-h" -> s.isSymlink();
            case "-s" -> s.size() > 0 || (s.type() == FileStat.Type.FILE && sizeOf(ctx, b) > 0);
            case "-r" -> root || ((mode >> shift) & 4) != 0;
            case "-w" -> (root || ((mode >> shift) & 2) != 0) && !ctx.fs().isReadOnly(ctx.resolve(b));
            case "-x" -> root ? (mode & 0111) != 0 || s.isDirectory() : ((mode >> shift) & 1) != 0;
            case "-c" -> s.type() == FileStat.Type.OTHER;
            case "-b", "-p", "-S" -> false;
            case "-u" -> (mode & 04000) != 0;
            case "-g" -> (mode & 02000) != 0;
            case "-k" -> (mode & 01000) != 0;
            case "-O" -> s.uid() == ctx.uid();
            case "-G" -> s.gid() == ctx.gid();
            default -> false;
        };
    }

    private static long sizeOf(ProgramContext ctx, String p) {
        try {
            return SysFiles.readText(ctx, p).length();
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ [[ ]]

    /** Evaluates {@code [[ words ]]}: no splitting or globbing, == matches patterns, =~ regexes. */
    static int dbracket(Shell sh, Word[] words) throws ShellError {
        DB d = new DB(sh, words);
        boolean r = d.or();
        if (d.pos < words.length) {
            throw new ShellError("syntax error: unexpected \"" + words[d.pos] + "\"", 2, false);
        }
        return r ? 0 : 1;
    }

    private static final class DB {
        final Shell sh;
        final Word[] w;
        int pos;

        DB(Shell sh, Word[] w) {
            this.sh = sh;
            this.w = w;
        }

        boolean is(String s) {
            return pos < w.length && w[pos].is(s);
        }

        boolean or() throws ShellError {
            boolean v = and();
            while (is("||")) {
                pos++;
                boolean r = and();
                v = v || r;
            }
            return v;
        }

        boolean and() throws ShellError {
            boolean v = not();
            while (is("&&")) {
                pos++;
                boolean r = not();
                v = v && r;
            }
            return v;
        }

        boolean not() throws ShellError {
            if (is("!")) {
                pos++;
                return !not();
            }
            return prim();
        }

        boolean prim() throws ShellError {
            if (pos >= w.length) {
                throw new ShellError("syntax error: unexpected \"]]\"", 2, false);
            }
            if (is("(")) {
                pos++;
                boolean v = or();
                if (!is(")")) {
                    throw new ShellError("syntax error: missing )", 2, false);
                }
                pos++;
                return v;
            }
            String first = w[pos].literal;
            if (first != null && isUnary(first) && pos + 1 < w.length && !(pos + 2 < w.length
                && w[pos + 1].literal != null && isBinaryDb(w[pos + 1].literal))) {
                String arg = sh.expander.expandString(w[pos + 1]);
                pos += 2;
                return unary(first, arg, sh.ctxAt());
            }
            String a = sh.expander.expandString(w[pos]);
            if (pos + 2 < w.length && w[pos + 1].literal != null && isBinaryDb(w[pos + 1].literal)) {
                String op = w[pos + 1].literal;
                Word rw = w[pos + 2];
                pos += 3;
                switch (op) {
                    case "==", "=":
                        return Glob.matches(sh.expander.expandPattern(rw), a);
                    case "!=":
                        return !Glob.matches(sh.expander.expandPattern(rw), a);
                    case "=~": {
                        String re = sh.expander.expandString(rw);
                        try {
                            Matcher m = java.util.regex.Pattern.compile(re).matcher(a);
                            return m.find();
                        } catch (PatternSyntaxException e) {
                            return false;
                        }
                    }
                    default:
                        try {
                            return binary(a, op, sh.expander.expandString(rw), sh.ctxAt());
                        } catch (TestError e) {
                            throw new ShellError(e.getMessage(), 2, false);
                        }
                }
            }
            pos++;
            return !a.isEmpty();
        }

        static boolean isBinaryDb(String op) {
            return op.equals("=~") || isBinary(op);
        }
    }
}
