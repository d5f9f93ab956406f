package dev.drydock.runtime.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Word expansion: tilde, parameters, command substitution, arithmetic, field splitting, globbing, quotes. */
final class Expander {
    private final Shell sh;
    private Random random;

    Expander(Shell sh) {
        this.sh = sh;
    }

    /** Collects fields; tracks quoting for splitting and globbing. */
    private final class Fields {
        final List<String> out;
        final StringBuilder cur = new StringBuilder();
        final StringBuilder pat = new StringBuilder();
        boolean started;
        boolean glob;
        final boolean split;

        Fields(List<String> out, boolean split) {
            this.out = out;
            this.split = split;
        }

        void quoted(String s) {
            cur.append(s);
            pat.append(Glob.escape(s));
            started = true;
        }

        void literal(String s) {
            cur.append(s);
            pat.append(s);
            if (!glob && Glob.hasMeta(s)) {
                glob = true;
            }
            started = true;
        }

        /** An unquoted expansion result: split on IFS, glob characters active. */
        void expanded(String s) {
            if (!split) {
                quoted(s);
                return;
            }
            String ifs = sh.get("IFS");
            if (ifs == null) {
                ifs = " \t\n";
            }
            if (ifs.isEmpty()) {
                if (!s.isEmpty()) {
                    literal(s);
                }
                return;
            }
            int n = s.length();
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (ifs.indexOf(c) >= 0) {
                    boolean ws = c == ' ' || c == '\t' || c == '\n';
                    if (ws) {
                        if (started) {
                            end();
                        }
                        i++;
                        continue;
                    }
                    end(true);
                    i++;
                    while (i < n && ifs.indexOf(s.charAt(i)) >= 0 && " \t\n".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    continue;
                }
                int j = i;
                while (j < n && ifs.indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                literal(s.substring(i, j));
                i = j;
            }
        }

        void end() {
            end(false);
        }

        void end(boolean force) {
            if (started || force) {
                if (glob && !sh.noglob) {
                    List<String> matches = Glob.expand(sh.ctxAt(), pat.toString());
                    if (matches.isEmpty()) {
                        out.add(cur.toString());
                    } else {
                        out.addAll(matches);
                    }
                } else {
                    out.add(cur.toString());
                }
            }
            cur.setLength(0);
            pat.setLength(0);
            started = false;
            glob = false;
        }
    }

    List<String> expandWords(Word[] words) throws ShellError {
        List<String> out = new ArrayList<>(words.length + 2);
        Fields f = null;
        for (Word w : words) {
            if (w.plain != null) {
                out.add(w.plain);
                continue;
            }
            if (f == null) {
                f = new Fields(out, true);
            }
            for (Word.Part p : w.parts) {
                part(f, p, false);
            }
            f.end();
        }
        return out;
    }

    /** Expands without splitting or globbing (assignments, redirection targets, case words). */
    String expandString(Word w) throws ShellError {
        if (w.plain != null) {
            return w.plain;
        }
        if (w.literal != null) {
            return w.literal;
        }
        List<String> out = new ArrayList<>(1);
        Fields f = new Fields(out, false);
        for (Word.Part p : w.parts) {
            part(f, p, true);
        }
        return f.cur.toString();
    }

    /** Expands into a pattern: quoted parts are escaped, unquoted pattern characters stay active. */
    String expandPattern(Word w) throws ShellError {
        if (w.literal != null) {
            return w.literal;
        }
        List<String> out = new ArrayList<>(1);
        Fields f = new Fields(out, false);
        StringBuilder sb = new StringBuilder();
        for (Word.Part p : w.parts) {
            if (p instanceof Word.Lit l) {
                sb.append(l.text());
            } else if (p instanceof Word.Quoted q) {
                sb.append(Glob.escape(q.text()));
            } else if (p instanceof Word.Dq) {
                f.cur.setLength(0);
                part(f, p, true);
                sb.append(Glob.escape(f.cur.toString()));
            } else {
                f.cur.setLength(0);
                part(f, p, true);
                sb.append(f.cur);
            }
        }
        return sb.toString();
    }

    String expandHeredoc(Word w) throws ShellError {
        return expandString(w);
    }

    private void part(Fields f, Word.Part p, boolean quoted) throws ShellError {
        if (p instanceof Word.Lit l) {
            if (quoted) {
                f.quoted(l.text());
            } else {
                f.literal(l.text());
            }
        } else if (p instanceof Word.Quoted q) {
            f.quoted(q.text());
        } else if (p instanceof Word.Dq dq) {
            if (dq.parts().isEmpty()) {
                f.quoted("");
            }
            for (Word.Part ip : dq.parts()) {
                if (ip instanceof Word.Param pp && pp.op() == null && pp.name().equals("@")) {
                    String[] ps = sh.params;
                    for (int i = 0; i < ps.length; i++) {
                        if (i > 0) {
                            f.end(true);
                        }
                        f.quoted(ps[i]);
                    }
                    continue;
                }
                part(f, ip, true);
            }
        } else if (p instanceof Word.Param pp) {
            param(f, pp, quoted);
        } else if (p instanceof Word.CmdSub cs) {
            String s = sh.commandSubstitution(cs.body());
            if (quoted) {
                f.quoted(s);
            } else {
                f.expanded(s);
            }
        } else if (p instanceof Word.Arith a) {
            String expr = expandString(a.expr());
            long v;
            try {
                v = Arith.eval(expr, new Arith.Vars() {
                    @Override
                    public String get(String name) {
                        return sh.get(name);
                    }

                    @Override
                    public void set(String name, String value) throws ShellError {
                        sh.set(name, value);
                    }
                });
            } catch (Arith.ArithError e) {
                throw new ShellError(e.getMessage(), 2);
            }
            f.quoted(Long.toString(v));
        } else if (p instanceof Word.Tilde t) {
            String home;
            if (t.user().isEmpty()) {
                home = sh.get("HOME");
                if (home == null) {
                    home = "/";
                }
            } else {
                home = null;
                for (String[] e : dev.drydock.runtime.Users.entries(sh.ctx.fs(), "/etc/passwd")) {
                    if (e.length > 5 && e[0].equals(t.user())) {
                        home = e[5];
                    }
                }
                if (home == null) {
                    home = "~" + t.user();
                }
            }
            f.quoted(home);
        }
    }

    /** The value of a parameter, or null when unset. */
    String value(String name) {
        if (name.length() == 1) {
            char c = name.charAt(0);
            switch (c) {
                case '?':
                    return Integer.toString(sh.status);
                case '$':
                    return Integer.toString(sh.rootPid);
                case '!':
                    return sh.lastBg == 0 ? "" : Integer.toString(sh.lastBg);
                case '#':
                    return Integer.toString(sh.params.length);
                case '0':
                    return sh.arg0;
                case '-':
                    return flags();
                case '@':
                case '*':
                    return String.join(" ", sh.params);
                default:
                    break;
            }
        }
        if (Character.isDigit(name.charAt(0))) {
            int i = Integer.parseInt(name);
            if (i == 0) {
                return sh.arg0;
            }
            return i <= sh.params.length ? sh.params[i - 1] : null;
        }
        String v = sh.get(name);
        if (v == null) {
            if (name.equals("LINENO")) {
                return Integer.toString(sh.line);
            }
            if (name.equals("RANDOM")) {
                if (random == null) {
                    random = new Random(sh.rootPid * 31L + 7);
                }
                return Integer.toString(random.nextInt(32768));
            }
        }
        return v;
    }

    private String flags() {
        StringBuilder sb = new StringBuilder();
        if (sh.errexit) {
            sb.append('e');
        }
        if (sh.noglob) {
            sb.append('f');
        }
        if (sh.interactive) {
            sb.append('i');
        }
        if (sh.nounset) {
            sb.append('u');
        }
        if (sh.xtrace) {
            sb.append('x');
        }
        return sb.toString();
    }

    private void param(Fields f, Word.Param p, boolean quoted) throws ShellError {
        String name = p.name();
        String op = p.op();
        if (op == null) {
            if (!quoted && (name.equals("@") || name.equals("*"))) {
                String[] ps = sh.params;
                for (int i = 0; i < ps.length; i++) {
                    if (i > 0 && f.started) {
                        f.end();
                    }
                    f.expanded(ps[i]);
                }
                return;
            }
            String v = value(name);
            if (v == null) {
                if (sh.nounset && !name.equals("@") && !name.equals("*")) {
                    throw new ShellError(name + ": parameter not set", 2);
                }
                return;
            }
            if (quoted && name.equals("*")) {
                String ifs = sh.get("IFS");
                String sep = ifs == null ? " " : ifs.isEmpty() ? "" : ifs.substring(0, 1);
                v = String.join(sep, sh.params);
            }
            emit(f, v, quoted);
            return;
        }
        String v = value(name);
        switch (op) {
            case "len" -> {
                if (name.equals("@") || name.equals("*")) {
                    emit(f, Integer.toString(sh.params.length), quoted);
                } else {
                    if (v == null && sh.nounset) {
                        throw new ShellError(name + ": parameter not set", 2);
                    }
                    emit(f, Integer.toString(v == null ? 0 : v.length()), quoted);
                }
            }
            case "-", "=", "?", "+" -> {
                boolean isSet = v != null && !(p.colon() && v.isEmpty());
                switch (op) {
                    case "-" -> {
                        if (isSet) {
                            emit(f, v, quoted);
                        } else {
                            argInto(f, p.arg(), quoted);
                        }
                    }
                    case "=" -> {
                        if (isSet) {
                            emit(f, v, quoted);
                        } else {
                            String a = expandString(p.arg());
                            if (!Parser.isName(name)) {
                                throw new ShellError(name + ": bad variable name", 2);
                            }
                            sh.set(name, a);
                            emit(f, a, quoted);
                        }
                    }
                    case "?" -> {
                        if (isSet) {
                            emit(f, v, quoted);
                        } else {
                            String msg = expandString(p.arg());
                            if (msg.isEmpty()) {
                                msg = p.colon() ? "parameter not set or null" : "parameter not set";
                            }
                            throw new ShellError(name + ": " + msg, 2);
                        }
                    }
                    default -> {
                        if (isSet) {
                            argInto(f, p.arg(), quoted);
                        }
                    }
                }
            }
            case "#", "##", "%", "%%" -> {
                if (v == null) {
                    if (sh.nounset) {
                        throw new ShellError(name + ": parameter not set", 2);
                    }
                    return;
                }
                String pat = expandPattern(p.arg());
                emit(f, trim(v, pat, op), quoted);
            }
            case "/", "//" -> {
                if (v == null) {
                    return;
                }
                String pat = expandPattern(p.arg());
                String rep = p.arg2() == null ? "" : expandString(p.arg2());
                emit(f, replace(v, pat, rep, op.equals("//")), quoted);
            }
            case ":" -> {
                String s = v == null ? "" : v;
                long off = arith(expandString(p.arg()));
                if (off < 0) {
                    off = Math.max(0, s.length() + off);
                }
                if (off > s.length()) {
                    off = s.length();
                }
                long end = s.length();
                if (p.arg2() != null) {
                    long l = arith(expandString(p.arg2()));
                    end = l < 0 ? s.length() + l : Math.min(s.length(), off + l);
                }
                emit(f, end <= off ? "" : s.substring((int) off, (int) end), quoted);
            }
            default -> throw new ShellError("bad substitution", 2);
        }
    }

    private long arith(String s) throws ShellError {
        try {
            return Arith.eval(s, new Arith.Vars() {
                @Override
                public String get(String name) {
                    return sh.get(name);
                }

                @Override
                public void set(String name, String value) throws ShellError {
                    sh.set(name, value);
                }
            });
        } catch (Arith.ArithError e) {
            throw new ShellError(e.getMessage(), 2);
        }
    }

    private void argInto(Fields f, Word arg, boolean quoted) throws ShellError {
        if (arg == null) {
            return;
        }
        if (quoted) {
            f.quoted(expandString(arg));
            return;
        }
        for (Word.Part p : arg.parts) {
            if (p instanceof Word.Lit l) {
                f.expanded(l.text());
            } else {
                part(f, p, false);
            }
        }
    }

    private static void emit(Fields f, String v, boolean quoted) {
        if (quoted) {
            f.quoted(v);
        } else {
            f.expanded(v);
        }
    }

    static String trim(String v, String pat, String op) {
        int n = v.length();
        switch (op) {
            case "#":
                for (int i = 0; i <= n; i++) {
                    if (Glob.match(pat, 0, v.substring(0, i), 0, i)) {
                        return v.substring(i);
                    }
                }
                return v;
            case "##":
                for (int i = n; i >= 0; i--) {
                    if (Glob.match(pat, 0, v.substring(0, i), 0, i)) {
                        return v.substring(i);
                    }
                }
                return v;
            case "%":
                for (int i = n; i >= 0; i--) {
                    if (Glob.matches(pat, v.substring(i))) {
                        return v.substring(0, i);
                    }
                }
                return v;
            default:
                for (int i = 0; i <= n; i++) {
                    if (Glob.matches(pat, v.substring(i))) {
                        return v.substring(0, i);
                    }
                }
                return v;
        }
    }

    static String replace(String v, String pat, String rep, boolean all) {
        boolean anchorStart = pat.startsWith("#");
        boolean anchorEnd = pat.startsWith("%");
        if (anchorStart || anchorEnd) {
            pat = pat.substring(1);
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = v.length();
        boolean done = false;
        while (i <= n) {
            int matchEnd = -1;
            if (!done && (!anchorStart || i == 0)) {
                for (int j = n; j >= i; j--) {
                    if ((!anchorEnd || j == n) && j > i && Glob.matches(pat, v.substring(i, j))) {
                        matchEnd = j;
                        break;
                    }
                }
            }
            if (matchEnd > 0) {
                sb.append(rep);
                i = matchEnd;
                if (!all) {
                    done = true;
                }
                continue;
            }
            if (i < n) {
                sb.append(v.charAt(i));
            }
            i++;
        }
        return sb.toString();
    }
}
