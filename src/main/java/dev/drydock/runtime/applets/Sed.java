package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;

/**
 * sed: s///[gpiNw], d, D, p, P, q, Q, =, y, a/i/c, n/N, h/H/g/G/x, labels with b/t/T, w, addresses (N, $, /re/,
 * ranges, !), -n, -e, -i, -E.
 */
final class Sed {
    private static final class Addr {
        int line = -1;
        boolean last;
        Pattern re;
    }

    private static final class Cmd {
        Addr a1;
        Addr a2;
        boolean negate;
        char op;
        Pattern re;
        String replacement;
        boolean global;
        boolean print;
        int nth = 1;
        String text;
        String from;
        String to;
        boolean inRange;
        List<Cmd> block;
        /** For '{': where its block ends in the flat program; for b/t/T: the label's index (-1: end). */
        int jump = -1;
        String label;
        String wfile;
    }

    private final boolean ere;
    private String src;
    private int pos;

    private Sed(boolean ere) {
        this.ere = ere;
    }

    static int run(ProgramContext c) throws Exception {
        List<String> scripts = new ArrayList<>();
        List<String> files = new ArrayList<>();
        boolean quiet = false;
        boolean inPlace = false;
        boolean ere = false;
        List<String> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.equals("-n") || s.equals("--quiet") || s.equals("--silent")) {
                quiet = true;
            } else if (s.equals("-e") && i + 1 < a.size()) {
                scripts.add(a.get(++i));
            } else if (s.equals("-f") && i + 1 < a.size()) {
                scripts.add(dev.drydock.runtime.SysFiles.readText(c, a.get(++i)));
            } else if (s.startsWith("-i")) {
                inPlace = true;
            } else if (s.equals("-E") || s.equals("-r")) {
                ere = true;
            } else if (s.startsWith("-") && s.length() > 1 && s.substring(1).chars().allMatch(ch -> "nEr".indexOf(ch) >= 0)) {
                quiet |= s.contains("n");
                ere |= s.contains("E") || s.contains("r");
            } else if (scripts.isEmpty() && files.isEmpty() && !s.startsWith("-")) {
                scripts.add(s);
            } else {
                files.add(s);
            }
        }
        if (scripts.isEmpty()) {
            c.err("sed: no script specified\n" + Applets.USAGE_LINE);
            return 1;
        }
        Sed sed = new Sed(ere);
        List<Cmd> prog;
        try {
            prog = flatten(sed.parse(String.join("\n", scripts)));
        } catch (IllegalArgumentException e) {
            c.err("sed: " + e.getMessage() + "\n");
            return 1;
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        int rc = 0;
        if (inPlace) {
            for (String f : files) {
                InputStream in = TextApplets.open(c, f);
                if (in == null) {
                    rc = 1;
                    continue;
                }
                List<String> lines = TextApplets.lines(TextApplets.readAll(in));
                StringBuilder out = new StringBuilder();
                sed.exec(prog, lines, quiet, out, c);
                try {
                    c.fs().writeAll(c.resolve(f), out.toString().getBytes(StandardCharsets.UTF_8));
                } catch (FsException e) {
                    c.err("sed: " + f + ": " + e.errno().text() + "\n");
                    rc = 4;
                }
            }
            return rc;
        }
        List<String> all = new ArrayList<>();
        for (String f : files) {
            InputStream in = TextApplets.open(c, f);
            if (in == null) {
                rc = 2;
                continue;
            }
            all.addAll(TextApplets.lines(TextApplets.readAll(in)));
        }
        StringBuilder out = new StringBuilder();
        sed.exec(prog, all, quiet, out, c);
        c.out(out.toString());
        return rc;
    }

    // ------------------------------------------------------------------ parsing

    private List<Cmd> parse(String script) {
        src = script;
        pos = 0;
        return parseBlock(false);
    }

    private List<Cmd> parseBlock(boolean inBlock) {
        List<Cmd> cmds = new ArrayList<>();
        while (true) {
            skipWs(true);
            if (pos >= src.length()) {
                if (inBlock) {
                    throw new IllegalArgumentException("unmatched '{'");
                }
                return cmds;
            }
            if (src.charAt(pos) == '}') {
                if (!inBlock) {
                    throw new IllegalArgumentException("unexpected '}'");
                }
                pos++;
                return cmds;
            }
            if (src.charAt(pos) == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            Cmd cmd = new Cmd();
            cmd.a1 = addr();
            if (cmd.a1 != null && pos < src.length() && src.charAt(pos) == ',') {
                pos++;
                cmd.a2 = addr();
            }
            skipWs(false);
            if (pos < src.length() && src.charAt(pos) == '!') {
                cmd.negate = true;
                pos++;
                skipWs(false);
            }
            if (pos >= src.length()) {
                throw new IllegalArgumentException("missing command");
            }
            cmd.op = src.charAt(pos++);
            switch (cmd.op) {
                case 's' -> {
                    char d = src.charAt(pos++);
                    String re = until(d);
                    String rep = until(d);
                    cmd.replacement = rep;
                    int flags = 0;
                    while (pos < src.length() && "gpiI0123456789w".indexOf(src.charAt(pos)) >= 0) {
                        char f = src.charAt(pos++);
                        if (f == 'w') {
                            cmd.wfile = restOfLine();
                            break;
                        }
                        if (f == 'g') {
                            cmd.global = true;
                        } else if (f == 'p') {
                            cmd.print = true;
                        } else if (f == 'i' || f == 'I') {
                            flags |= Pattern.CASE_INSENSITIVE;
                        } else if (Character.isDigit(f)) {
                            int start = pos - 1;
                            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                                pos++;
                            }
                            cmd.nth = Integer.parseInt(src.substring(start, pos));
                        }
                    }
                    cmd.re = compile(re, flags);
                }
                case 'y' -> {
                    char d = src.charAt(pos++);
                    cmd.from = until(d);
                    cmd.to = until(d);
                    if (cmd.from.length() != cmd.to.length()) {
                        throw new IllegalArgumentException("strings for y command are different lengths");
                    }
                }
                case 'a', 'i', 'c' -> {
                    if (pos < src.length() && src.charAt(pos) == '\\') {
                        pos++;
                        if (pos < src.length() && src.charAt(pos) == '\n') {
                            pos++;
                        }
                    }
                    skipWs(false);
                    int end = src.indexOf('\n', pos);
                    if (end < 0) {
                        end = src.length();
                    }
                    cmd.text = src.substring(pos, end).replace("\\n", "\n");
                    pos = end;
                }
                case '{' -> cmd.block = parseBlock(true);
                case ':' -> {
                    if (cmd.a1 != null) {
                        throw new IllegalArgumentException(": doesn't want any addresses");
                    }
                    cmd.label = label();
                    if (cmd.label.isEmpty()) {
                        throw new IllegalArgumentException("\":\" lacks a label");
                    }
                }
                case 'b', 't', 'T' -> cmd.label = label();
                case 'w' -> cmd.wfile = restOfLine();
                case 'd', 'D', 'p', 'P', 'q', 'Q', '=', 'n', 'N', 'h', 'H', 'g', 'G', 'x', 'l' -> {
                    if ((cmd.op == 'q' || cmd.op == 'Q')) {
                        skipWs(false);
                        int st = pos;
                        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                            pos++;
                        }
                        cmd.nth = st == pos ? 0 : Integer.parseInt(src.substring(st, pos));
                    }
                }
                default -> throw new IllegalArgumentException("unsupported command " + cmd.op);
            }
            cmds.add(cmd);
            skipWs(false);
            if (pos < src.length() && (src.charAt(pos) == ';' || src.charAt(pos) == '\n')) {
                pos++;
            }
        }
    }

    /** A label after ':', 'b', 't' or 'T': up to ';', a newline or a blank (busybox keeps a '}' in it). */
    private String label() {
        skipWs(false);
        int st = pos;
        while (pos < src.length() && src.charAt(pos) != ';' && src.charAt(pos) != '\n'
            && src.charAt(pos) != ' ' && src.charAt(pos) != '\t') {
            pos++;
        }
        return src.substring(st, pos);
    }

    /** A file name after 'w': the rest of the line. */
    private String restOfLine() {
        skipWs(false);
        int end = src.indexOf('\n', pos);
        if (end < 0) {
            end = src.length();
        }
        String name = src.substring(pos, end);
        pos = end;
        return name;
    }

    /** Flattens blocks so branches can jump anywhere: '{' jumps past its block when not selected. */
    private static List<Cmd> flatten(List<Cmd> prog) {
        List<Cmd> flat = new ArrayList<>();
        flattenInto(prog, flat);
        java.util.Map<String, Integer> labels = new java.util.HashMap<>();
        for (int i = 0; i < flat.size(); i++) {
            if (flat.get(i).op == ':') {
                labels.put(flat.get(i).label, i);
            }
        }
        for (Cmd c : flat) {
            if ((c.op == 'b' || c.op == 't' || c.op == 'T')) {
                if (c.label.isEmpty()) {
                    c.jump = -1;
                } else if (labels.containsKey(c.label)) {
                    c.jump = labels.get(c.label);
                } else {
                    throw new IllegalArgumentException("can't find label for jump to '" + c.label + "'");
                }
            }
        }
        return flat;
    }

    private static void flattenInto(List<Cmd> prog, List<Cmd> flat) {
        for (Cmd c : prog) {
            flat.add(c);
            if (c.op == '{') {
                flattenInto(c.block, flat);
                c.jump = flat.size();
            }
        }
    }

    private Pattern compile(String re, int flags) {
        try {
            return Pattern.compile(ere ? Regex.ere(re) : Regex.bre(re), flags);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regex '" + re + "'");
        }
    }

    private void skipWs(boolean newlines) {
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t'
            || (newlines && (src.charAt(pos) == '\n' || src.charAt(pos) == ';')))) {
            pos++;
        }
    }

    private String until(char d) {
        StringBuilder sb = new StringBuilder();
        while (pos < src.length() && src.charAt(pos) != d) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == d) {
                    sb.append(d);
                } else if (n == 'n') {
                    sb.append('\n');
                } else {
                    sb.append(c).append(n);
                }
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
        if (pos >= src.length()) {
            throw new IllegalArgumentException("unmatched '" + d + "'");
        }
        pos++;
        return sb.toString();
    }

    private Addr addr() {
        if (pos >= src.length()) {
            return null;
        }
        char c = src.charAt(pos);
        if (Character.isDigit(c)) {
            int st = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            Addr a = new Addr();
            a.line = Integer.parseInt(src.substring(st, pos));
            return a;
        }
        if (c == '$') {
            pos++;
            Addr a = new Addr();
            a.last = true;
            return a;
        }
        if (c == '/' || c == '\\') {
            char d = '/';
            if (c == '\\') {
                pos++;
                d = src.charAt(pos);
            }
            pos++;
            Addr a = new Addr();
            a.re = compile(until(d), 0);
            return a;
        }
        return null;
    }

    // ------------------------------------------------------------------ execution

    private static boolean match(Addr a, String line, int n, boolean last) {
        if (a.last) {
            return last;
        }
        if (a.re != null) {
            return a.re.matcher(line).find();
        }
        return n == a.line;
    }

    private boolean selected(Cmd c, String line, int n, boolean last) {
        boolean r;
        if (c.a1 == null) {
            r = true;
        } else if (c.a2 == null) {
            r = match(c.a1, line, n, last);
        } else if (c.inRange) {
            r = true;
            if (c.a2.re == null && !c.a2.last ? n >= c.a2.line : match(c.a2, line, n, last)) {
                c.inRange = false;
            }
        } else if (match(c.a1, line, n, last)) {
            r = true;
            c.inRange = !(c.a2.re == null && !c.a2.last && c.a2.line <= n);
        } else {
            r = false;
        }
        return r != c.negate;
    }

    private static final class State {
        String space;
        String hold = "";
        boolean deleted;
        boolean quit;
        int quitCode = -1;
        boolean printOnQuit = true;
        StringBuilder append = new StringBuilder();
        int idx;
        List<String> lines;
        /** A substitution succeeded since the last input line or t/T (for t and T). */
        boolean tflag;
        /** D left text in the pattern space: the next cycle starts with it instead of reading a line. */
        boolean restart;
        final java.util.Map<String, StringBuilder> writes = new java.util.LinkedHashMap<>();
    }

    private void exec(List<Cmd> prog, List<String> lines, boolean quiet, StringBuilder out, ProgramContext ctx) {
        State s = new State();
        s.lines = lines;
        s.idx = 0;
        boolean reuse = false;
        while (reuse || s.idx < lines.size()) {
            ctx.checkAlive();
            if (!reuse) {
                s.space = lines.get(s.idx);
                s.tflag = false;
            }
            reuse = false;
            s.restart = false;
            s.deleted = false;
            s.append.setLength(0);
            run(prog, s, quiet, out);
            if (!s.deleted && !quiet && s.printOnQuit) {
                out.append(s.space).append('\n');
            }
            out.append(s.append);
            if (s.quit) {
                break;
            }
            if (s.restart) {
                reuse = true;
                continue;
            }
            s.idx++;
        }
        for (java.util.Map.Entry<String, StringBuilder> w : s.writes.entrySet()) {
            if (w.getKey().equals("/dev/stdout")) {
                out.append(w.getValue());
                continue;
            }
            try {
                ctx.fs().writeAll(ctx.resolve(w.getKey()), w.getValue().toString().getBytes(StandardCharsets.UTF_8));
            } catch (FsException e) {
                // busybox reports an unwritable w file when it opens it; the edit itself goes on
            }
        }
    }

    private void run(List<Cmd> prog, State s, boolean quiet, StringBuilder out) {
        int pc = 0;
        while (pc < prog.size()) {
            Cmd c = prog.get(pc++);
            int n = s.idx + 1;
            boolean last = s.idx == s.lines.size() - 1;
            if (c.op == ':') {
                continue;
            }
            if (!selected(c, s.space, n, last)) {
                if (c.op == '{') {
                    pc = c.jump;
                }
                continue;
            }
            switch (c.op) {
                case '{' -> {
                }
                case 'b' -> pc = c.jump < 0 ? prog.size() : c.jump;
                case 't' -> {
                    if (s.tflag) {
                        s.tflag = false;
                        pc = c.jump < 0 ? prog.size() : c.jump;
                    }
                }
                case 'T' -> {
                    if (!s.tflag) {
                        pc = c.jump < 0 ? prog.size() : c.jump;
                    } else {
                        s.tflag = false;
                    }
                }
                case 'w' -> s.writes.computeIfAbsent(c.wfile, k -> new StringBuilder()).append(s.space).append('\n');
                case 'D' -> {
                    int nl = s.space.indexOf('\n');
                    s.deleted = true;
                    if (nl >= 0) {
                        s.space = s.space.substring(nl + 1);
                        s.restart = true;
                    }
                    return;
                }
                case 's' -> {
                    Matcher m = c.re.matcher(s.space);
                    StringBuilder sb = new StringBuilder();
                    int count = 0;
                    int at = 0;
                    boolean did = false;
                    while (m.find()) {
                        count++;
                        if (count >= c.nth && (c.global || count == c.nth)) {
                            sb.append(s.space, at, m.start()).append(replacement(c.replacement, m));
                            at = m.end();
                            did = true;
                            if (!c.global) {
                                break;
                            }
                        }
                        if (m.end() == m.start() && m.end() >= s.space.length()) {
                            break;
                        }
                    }
                    if (did) {
                        sb.append(s.space.substring(at));
                        s.space = sb.toString();
                        s.tflag = true;
                        if (c.print) {
                            out.append(s.space).append('\n');
                        }
                        if (c.wfile != null) {
                            s.writes.computeIfAbsent(c.wfile, k -> new StringBuilder()).append(s.space).append('\n');
                        }
                    }
                }
                case 'd' -> {
                    s.deleted = true;
                    return;
                }
                case 'p' -> out.append(s.space).append('\n');
                case 'P' -> out.append(s.space.split("\n", 2)[0]).append('\n');
                case '=' -> out.append(n).append('\n');
                case 'q' -> {
                    s.quit = true;
                    return;
                }
                case 'Q' -> {
                    s.quit = true;
                    s.printOnQuit = false;
                    return;
                }
                case 'y' -> {
                    StringBuilder sb = new StringBuilder(s.space);
                    for (int i = 0; i < sb.length(); i++) {
                        int k = c.from.indexOf(sb.charAt(i));
                        if (k >= 0) {
                            sb.setCharAt(i, c.to.charAt(k));
                        }
                    }
                    s.space = sb.toString();
                }
                case 'a' -> s.append.append(c.text).append('\n');
                case 'i' -> out.append(c.text).append('\n');
                case 'c' -> {
                    out.append(c.text).append('\n');
                    s.deleted = true;
                    return;
                }
                case 'n' -> {
                    if (!quiet) {
                        out.append(s.space).append('\n');
                    }
                    if (s.idx + 1 < s.lines.size()) {
                        s.space = s.lines.get(++s.idx);
                    } else {
                        s.deleted = quiet;
                        s.quit = true;
                        return;
                    }
                }
                case 'N' -> {
                    if (s.idx + 1 < s.lines.size()) {
                        s.space = s.space + "\n" + s.lines.get(++s.idx);
                    } else {
                        s.quit = true;
                        return;
                    }
                }
                case 'h' -> s.hold = s.space;
                case 'H' -> s.hold = s.hold + "\n" + s.space;
                case 'g' -> s.space = s.hold;
                case 'G' -> s.space = s.space + "\n" + s.hold;
                case 'x' -> {
                    String t = s.space;
                    s.space = s.hold;
                    s.hold = t;
                }
                default -> {
                }
            }
        }
    }

    private static String replacement(String rep, Matcher m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rep.length(); i++) {
            char c = rep.charAt(i);
            if (c == '&') {
                sb.append(m.group());
            } else if (c == '\\' && i + 1 < rep.length()) {
                char n = rep.charAt(++i);
                if (Character.isDigit(n)) {
                    int g = n - '0';
                    if (g <= m.groupCount() && m.group(g) != null) {
                        sb.append(m.group(g));
                    }
                } else if (n == 'n') {
                    sb.append('\n');
                } else if (n == 't') {
                    sb.append('\t');
                } else {
                    sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

}
