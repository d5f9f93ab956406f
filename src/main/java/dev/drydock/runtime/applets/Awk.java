package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.runtime.ProgramContext;

/**
 * A compact awk: patterns (BEGIN, END, expressions, regexes, ranges), fields, variables, associative arrays,
 * print/printf, if/while/do/for/for-in, next/exit, user functions and the common string builtins.
 */
final class Awk {
    // ------------------------------------------------------------------ values

    /** A field or input-derived value: a string that compares as a number when it looks like one. */
    private record StrNum(String s) {
    }

    private static final Pattern NUMERIC = Pattern.compile("^\\s*[-+]?(\\d+\\.?\\d*([eE][-+]?\\d+)?|\\.\\d+([eE][-+]?\\d+)?)\\s*$");

    static double num(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        String s = v instanceof StrNum sn ? sn.s : v == null ? "" : (String) v;
        Matcher m = Pattern.compile("^\\s*[-+]?(\\d+\\.?\\d*([eE][-+]?\\d+)?|\\.\\d+([eE][-+]?\\d+)?)").matcher(s);
        if (m.find()) {
            try {
                return Double.parseDouble(m.group().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (s.trim().toLowerCase(Locale.ROOT).startsWith("0x")) {
            return 0;
        }
        return 0;
    }

    String str(Object v) {
        if (v instanceof Double d) {
            return fmtNum(d, convfmt());
        }
        if (v instanceof StrNum sn) {
            return sn.s;
        }
        return v == null ? "" : (String) v;
    }

    private String convfmt() {
        Object o = globals.get("CONVFMT");
        return o == null ? "%.6g" : str(o);
    }

    static String fmtNum(double d, String fmt) {
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return Long.toString((long) d);
        }
        return cfmt(fmt, d);
    }

    static String cfmt(String fmt, double d) {
        if (fmt.endsWith("g")) {
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                return s.replaceAll("\\.?0+e", "e");
            }
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, fmt, d);
    }

    private static boolean truthy(Object v) {
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof StrNum sn) {
            return NUMERIC.matcher(sn.s).matches() ? num(sn) != 0 : !sn.s.isEmpty();
        }
        return v != null && !((String) v).isEmpty();
    }

    private static boolean looksNumeric(Object v) {
        return v instanceof Double || (v instanceof StrNum sn && NUMERIC.matcher(sn.s).matches());
    }

    private int compare(Object a, Object b) {
        if (looksNumeric(a) && looksNumeric(b)) {
            return Double.compare(num(a), num(b));
        }
        return str(a).compareTo(str(b));
    }

    // ------------------------------------------------------------------ runtime state

    private final ProgramContext ctx;
    private final Map<String, Object> globals = new HashMap<>();
    private final Map<String, Map<String, Object>> arrays = new HashMap<>();
    private final Map<String, Func> funcs = new HashMap<>();
    private final StringBuilder out = new StringBuilder();
    private String record = "";
    private List<String> fields = new ArrayList<>();
    private boolean fieldsValid;
    private int exitCode;
    private final java.util.Random random = new java.util.Random(0);
    private List<Map<String, Object>> frames = new ArrayList<>();
    /** The main input: operands (files and var=value assignments) read in turn by the rules and by getline. */
    private List<String> mainFiles = List.of();
    private int mainIdx;
    private InputStream mainIn;
    private final java.io.ByteArrayOutputStream mainBuf = new java.io.ByteArrayOutputStream();
    /** Streams opened by {@code getline < file} and {@code "cmd" | getline}, until close(). */
    private final Map<String, InputStream> getlineFiles = new HashMap<>();
    private final Map<String, InputStream> getlineCmds = new HashMap<>();

    private static final class NextEx extends RuntimeException {
        NextEx() {
            super(null, null, false, false);
        }
    }

    private static final class ExitEx extends RuntimeException {
        ExitEx() {
            super(null, null, false, false);
        }
    }

    private static final class BreakEx extends RuntimeException {
        final boolean cont;

        BreakEx(boolean cont) {
            super(null, null, false, false);
            this.cont = cont;
        }
    }

    private static final class ReturnEx extends RuntimeException {
        final Object value;

        ReturnEx(Object value) {
            super(null, null, false, false);
            this.value = value;
        }
    }

    private interface E {
        Object eval();
    }

    private interface S {
        void exec();
    }

    /** An assignable place: a variable, an array element or a field. */
    private interface LV extends E {
        void set(Object v);
    }

    private record Func(List<String> params, S body) {
    }

    /** A plain variable reference (also names an array for split() and function arguments). */
    private record VarLV(String name, Awk awk) implements LV {
        @Override
        public Object eval() {
            return awk.getVar(name);
        }

        @Override
        public void set(Object v) {
            awk.setVar(name, v);
        }
    }

    private record Rule(E pattern, E end, S action, int kind) {
    }

    private Awk(ProgramContext ctx) {
        this.ctx = ctx;
        globals.put("FS", " ");
        globals.put("OFS", " ");
        globals.put("ORS", "\n");
        globals.put("RS", "\n");
        globals.put("NR", 0.0);
        globals.put("NF", 0.0);
        globals.put("FNR", 0.0);
        globals.put("SUBSEP", "\034");
        globals.put("CONVFMT", "%.6g");
        globals.put("OFMT", "%.6g");
        globals.put("FILENAME", "");
        Map<String, Object> env = new LinkedHashMap<>();
        ctx.env().forEach((k, v) -> env.put(k, new StrNum(v)));
        arrays.put("ENVIRON", env);
    }

    static int run(ProgramContext c) throws Exception {
        Awk awk = new Awk(c);
        List<String> a = c.args();
        String progText = null;
        List<String> operands = new ArrayList<>();
        List<String[]> assigns = new ArrayList<>();
        int i = 0;
        while (i < a.size()) {
            String s = a.get(i);
            if (s.equals("-F") && i + 1 < a.size()) {
                awk.globals.put("FS", unescape(a.get(++i)));
            } else if (s.startsWith("-F") && s.length() > 2) {
                awk.globals.put("FS", unescape(s.substring(2)));
            } else if (s.equals("-v") && i + 1 < a.size()) {
                String kv = a.get(++i);
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    awk.globals.put(kv.substring(0, eq), new StrNum(unescape(kv.substring(eq + 1))));
                }
            } else if (s.equals("-f") && i + 1 < a.size()) {
                progText = dev.drydock.runtime.SysFiles.readText(c, a.get(++i));
            } else if (s.equals("--")) {
                i++;
                break;
            } else {
                break;
            }
            i++;
        }
        if (progText == null) {
            if (i >= a.size()) {
                c.err("awk: usage: awk [-F sep] [-v var=val] 'program' [file...]\n");
                return 1;
            }
            progText = a.get(i++);
        }
        for (; i < a.size(); i++) {
            operands.add(a.get(i));
        }
        List<Rule> rules;
        try {
            rules = new Parser(awk, progText).program();
        } catch (IllegalArgumentException e) {
            c.err("awk: cmd. line:1: " + e.getMessage() + "\n");
            return 2;
        }
        return awk.execute(rules, operands, assigns);
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        Printf.escapes(s, sb, false);
        return sb.toString().equals("t") ? "\t" : sb.toString();
    }

    private int execute(List<Rule> rules, List<String> operands, List<String[]> assigns) throws IOException {
        List<String> files = new ArrayList<>(operands);
        if (files.stream().allMatch(f -> f.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            files.add("-");
        }
        mainFiles = files;
        try {
            try {
                for (Rule r : rules) {
                    if (r.kind == 1) {
                        r.action.exec();
                    }
                }
                boolean hasMain = rules.stream().anyMatch(r -> r.kind == 0 || r.kind == 2);
                if (hasMain) {
                    boolean[] inRange = new boolean[rules.size()];
                    String line;
                    while ((line = nextMainLine()) != null) {
                        setRecord(line);
                        runRules(rules, inRange);
                    }
                }
            } catch (ExitEx e) {
                // run END rules below
            }
            try {
                for (Rule r : rules) {
                    if (r.kind == 3) {
                        r.action.exec();
                    }
                }
            } catch (ExitEx e) {
                // exit in END stops it
            }
        } finally {
            flush();
        }
        return exitCode;
    }

    /** The next line of the main input (advancing through the operands), counting NR and FNR; null at the end. */
    private String nextMainLine() throws IOException {
        while (true) {
            if (mainIn == null) {
                if (mainIdx >= mainFiles.size()) {
                    return null;
                }
                String f = mainFiles.get(mainIdx++);
                if (f.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    int eq = f.indexOf('=');
                    globals.put(f.substring(0, eq), new StrNum(f.substring(eq + 1)));
                    continue;
                }
                InputStream in = TextApplets.open(ctx, f);
                if (in == null) {
                    exitCode = 2;
                    continue;
                }
                globals.put("FILENAME", f.equals("-") ? "" : f);
                globals.put("FNR", 0.0);
                mainIn = in;
            }
            String line = readLine(mainIn, mainBuf);
            if (line != null) {
                ctx.checkAlive();
                globals.put("NR", num(globals.get("NR")) + 1);
                globals.put("FNR", num(globals.get("FNR")) + 1);
                return line;
            }
            if (mainIn != ctx.stdin()) {
                mainIn.close();
            }
            mainIn = null;
        }
    }

    private void runRules(List<Rule> rules, boolean[] inRange) throws IOException {
        try {
            for (int i = 0; i < rules.size(); i++) {
                Rule r = rules.get(i);
                if (r.kind == 1 || r.kind == 3) {
                    continue;
                }
                boolean hit;
                if (r.kind == 2) {
                    if (inRange[i]) {
                        hit = true;
                        if (truthy(r.end.eval())) {
                            inRange[i] = false;
                        }
                    } else if (truthy(r.pattern.eval())) {
                        hit = true;
                        inRange[i] = !truthy(r.end.eval());
                    } else {
                        hit = false;
                    }
                } else {
                    hit = r.pattern == null || truthy(r.pattern.eval());
                }
                if (hit) {
                    if (r.action == null) {
                        print(record + str(globals.get("ORS")));
                    } else {
                        r.action.exec();
                    }
                }
            }
        } catch (NextEx e) {
            // next record
        }
        if (out.length() > 8192) {
            flush();
        }
    }

    /**
     * One getline: from the main input ({@code source} null), a file ({@code fromFile}) or a command's output.
     * Sets {@code target} (or $0 and NF) and returns 1, 0 at end of input, -1 when the file cannot be read.
     */
    private double getline(LV target, String source, boolean fromFile) throws IOException {
        String line;
        if (source == null) {
            line = nextMainLine();
        } else {
            Map<String, InputStream> open = fromFile ? getlineFiles : getlineCmds;
            InputStream in = open.get(source);
            if (in == null) {
                if (fromFile) {
                    try {
                        in = source.equals("-") || source.equals("/dev/stdin") ? ctx.stdin()
                            : dev.drydock.runtime.SysFiles.read(ctx, source);
                    } catch (dev.drydock.fs.FsException e) {
                        return -1;
                    }
                } else {
                    flush();
                    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
                    try {
                        Applets.runCommand(ctx, List.of("sh", "-c", source), ctx.env(), "awk", captured);
                    } catch (IOException e) {
                        throw e;
                    } catch (Exception e) {
                        return -1;
                    }
                    in = new java.io.ByteArrayInputStream(captured.toByteArray());
                }
                open.put(source, in);
            }
            // busybox awk counts NR only for the main input.
            line = readLine(in, new java.io.ByteArrayOutputStream());
        }
        if (line == null) {
            return 0;
        }
        if (target == null) {
            setRecord(line);
        } else {
            target.set(new StrNum(line));
        }
        return 1;
    }

    private double closeStream(String name) throws IOException {
        InputStream in = getlineFiles.remove(name);
        if (in == null) {
            in = getlineCmds.remove(name);
        }
        if (in == null) {
            return -1;
        }
        if (in != ctx.stdin()) {
            in.close();
        }
        return 0;
    }

    private void flush() throws IOException {
        if (out.length() > 0) {
            ctx.stdout().write(Printf.bytes(out));
            out.setLength(0);
        }
    }

    /** A line of input with its bytes kept: busybox awk passes bytes that are not UTF-8 through unchanged. */
    private static String readLine(InputStream in, java.io.ByteArrayOutputStream buf) throws IOException {
        buf.reset();
        int ch;
        boolean any = false;
        while ((ch = in.read()) >= 0) {
            any = true;
            if (ch == '\n') {
                break;
            }
            buf.write(ch);
        }
        return any ? Printf.text(buf.toByteArray(), buf.size()) : null;
    }

    private void print(String s) {
        out.append(s);
    }

    private void setRecord(String r) {
        record = r;
        fieldsValid = false;
        splitFields();
    }

    private void splitFields() {
        fields = split(record, str(globals.get("FS")));
        globals.put("NF", (double) fields.size());
        fieldsValid = true;
    }

    private List<String> split(String s, String fs) {
        List<String> l = new ArrayList<>();
        if (fs.equals(" ")) {
            for (String f : s.trim().split("[ \t\n]+")) {
                if (!f.isEmpty()) {
                    l.add(f);
                }
            }
            return l;
        }
        if (s.isEmpty()) {
            return l;
        }
        if (fs.isEmpty()) {
            for (int i = 0; i < s.length(); i++) {
                l.add(String.valueOf(s.charAt(i)));
            }
            return l;
        }
        String re = fs.length() == 1 && fs.charAt(0) != '\\' ? Pattern.quote(fs) : Regex.ere(fs);
        for (String f : s.split(re, -1)) {
            l.add(f);
        }
        return l;
    }

    private Object getField(int i) {
        if (i == 0) {
            return new StrNum(record);
        }
        if (!fieldsValid) {
            splitFields();
        }
        return i <= fields.size() ? new StrNum(fields.get(i - 1)) : new StrNum("");
    }

    private void setField(int i, String v) {
        if (i == 0) {
            setRecord(v);
            return;
        }
        if (!fieldsValid) {
            splitFields();
        }
        while (fields.size() < i) {
            fields.add("");
        }
        fields.set(i - 1, v);
        rebuild();
    }

    private void rebuild() {
        record = String.join(str(globals.get("OFS")), fields);
        globals.put("NF", (double) fields.size());
    }

    private Object getVar(String name) {
        for (int i = frames.size() - 1; i >= 0 && i >= frames.size() - 1; i--) {
            if (frames.get(i).containsKey(name)) {
                return frames.get(i).get(name);
            }
        }
        if (name.equals("NF") && !fieldsValid) {
            splitFields();
        }
        Object v = globals.get(name);
        return v == null ? "" : v;
    }

    private void setVar(String name, Object v) {
        if (!frames.isEmpty() && frames.get(frames.size() - 1).containsKey(name)) {
            frames.get(frames.size() - 1).put(name, v);
            return;
        }
        globals.put(name, v);
        if (name.equals("NF")) {
            int n = (int) num(v);
            if (!fieldsValid) {
                splitFields();
            }
            while (fields.size() > n) {
                fields.remove(fields.size() - 1);
            }
            while (fields.size() < n) {
                fields.add("");
            }
            rebuild();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> array(String name) {
        if (!frames.isEmpty()) {
            Object local = frames.get(frames.size() - 1).get(name);
            if (local instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            if (frames.get(frames.size() - 1).containsKey(name)) {
                Map<String, Object> m = new LinkedHashMap<>();
                frames.get(frames.size() - 1).put(name, m);
                return m;
            }
        }
        return arrays.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    private Pattern regex(Object v) {
        return Pattern.compile(Regex.ere(str(v)));
    }

    private String sprintf(List<Object> args) {
        if (args.isEmpty()) {
            return "";
        }
        String fmt = str(args.get(0));
        StringBuilder sb = new StringBuilder();
        int ai = 1;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '%') {
                sb.append('%');
                i++;
                continue;
            }
            int j = i + 1;
            StringBuilder spec = new StringBuilder("%");
            while (j < fmt.length() && "-+ #0123456789.*".indexOf(fmt.charAt(j)) >= 0) {
                if (fmt.charAt(j) == '*') {
                    spec.append((long) num(ai < args.size() ? args.get(ai++) : 0.0));
                } else {
                    spec.append(fmt.charAt(j));
                }
                j++;
            }
            if (j >= fmt.length()) {
                sb.append(fmt.substring(i));
                break;
            }
            char conv = fmt.charAt(j);
            Object arg = ai < args.size() ? args.get(ai++) : "";
            String s = spec.toString();
            switch (conv) {
                case 'd', 'i' -> sb.append(String.format(s + "d", (long) num(arg)));
                case 'o', 'x', 'X' -> sb.append(String.format(s + conv, (long) num(arg)));
                case 'u' -> sb.append(String.format(s + "d", (long) num(arg)));
                case 'e', 'E', 'f', 'g', 'G' -> sb.append(String.format(Locale.ROOT, s + conv, num(arg)));
                case 'c' -> {
                    // A number is one byte (its low eight bits, as C's char); an empty string is a NUL.
                    String v = arg instanceof Double d ? String.valueOf(Printf.rawByte((int) (long) (double) d & 0xff))
                        : str(arg);
                    sb.append(String.format(s + "s", v.isEmpty() ? "\0" : v.substring(0, 1)));
                }
                case 's' -> sb.append(String.format(s + "s", str(arg)));
                default -> sb.append(s).append(conv);
            }
            i = j;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ parser

    private static final class Parser {
        private final Awk awk;
        private final String src;
        private int pos;
        private String tok;
        private int kind;
        private boolean lastOperand;
        private static final int EOF = 0;
        private static final int NUM = 1;
        private static final int STR = 2;
        private static final int REGEX = 3;
        private static final int NAME = 4;
        private static final int FUNCNAME = 5;
        private static final int PUNCT = 6;
        private static final int NL = 7;
        private static final java.util.Set<String> BUILTINS = java.util.Set.of("length", "substr", "index",
            "split", "sub", "gsub", "match", "sprintf", "toupper", "tolower", "int", "sqrt", "exp", "log", "sin",
            "cos", "atan2", "rand", "srand", "system", "close");

        Parser(Awk awk, String src) {
            this.awk = awk;
            this.src = src;
            next();
        }

        /**
         * The escape at {@code pos} (a backslash) in a string literal, as busybox reads it: the C escapes, up to
         * three octal digits that stay within a byte, {@code \x} and up to two hex digits; a backslash before any
         * other char is dropped. Returns the char (a byte as {@link Printf#rawByte} makes it) and leaves {@code pos}
         * after the escape.
         */
        private char stringEscape() {
            char n = src.charAt(++pos);
            pos++;
            return switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'a' -> '\007';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> '\013';
                case 'e' -> '\033';
                case 'x' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
                        v = v * 16 + Character.digit(src.charAt(pos++), 16);
                        k++;
                    }
                    yield k == 0 ? 'x' : Printf.rawByte(v);
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = n - '0';
                    for (int k = 1; k < 3 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'
                        && v * 8 + (src.charAt(pos) - '0') <= 0xff; k++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    yield Printf.rawByte(v);
                }
                default -> n;
            };
        }

        private IllegalArgumentException err() {
            return new IllegalArgumentException("syntax error at or near " + (kind == EOF ? "end of file" : tok));
        }

        private void next() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                    pos += 2;
                } else if (c == '#') {
                    while (pos < src.length() && src.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
            if (pos >= src.length()) {
                kind = EOF;
                tok = "";
                return;
            }
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                kind = NL;
                tok = "\n";
                lastOperand = false;
                return;
            }
            if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                int st = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '.'
                    || ((src.charAt(pos) == '-' || src.charAt(pos) == '+') && (src.charAt(pos - 1) == 'e'
                    || src.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                tok = src.substring(st, pos);
                kind = NUM;
                lastOperand = true;
                return;
            }
            if (Character.isLetter(c) || c == '_') {
                int st = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                    pos++;
                }
                tok = src.substring(st, pos);
                kind = pos < src.length() && src.charAt(pos) == '(' && !BUILTINS.contains(tok) ? FUNCNAME : NAME;
                lastOperand = true;
                return;
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                pos++;
                boolean ended = false;
                while (pos < src.length() && src.charAt(pos) != '"') {
                    char ch = src.charAt(pos);
                    if (ch == '\\' && pos + 1 < src.length()) {
                        char e = stringEscape();
                        // Strings are C strings in busybox: a \0 ends one.
                        ended |= e == 0;
                        if (!ended) {
                            sb.append(e);
                        }
                        continue;
                    }
                    if (!ended) {
                        sb.append(ch);
                    }
                    pos++;
                }
                pos++;
                tok = sb.toString();
                kind = STR;
                lastOperand = true;
                return;
            }
            if (c == '/' && !lastOperand) {
                StringBuilder sb = new StringBuilder();
                pos++;
                while (pos < src.length() && src.charAt(pos) != '/') {
                    if (src.charAt(pos) == '\\' && pos + 1 < src.length()) {
                        char n = src.charAt(pos + 1);
                        if (n == '/') {
                            sb.append('/');
                        } else if ((n >= '0' && n <= '7') || (n == 'x' && pos + 2 < src.length()
                            && Character.digit(src.charAt(pos + 2), 16) >= 0)) {
                            // A byte by its code (/\351/ matches the byte 0xE9), literal even when it is an operator.
                            char e = stringEscape();
                            if (e < 0x80 && !Character.isLetterOrDigit(e)) {
                                sb.append('\\');
                            }
                            sb.append(e);
                            continue;
                        } else {
                            sb.append('\\').append(src.charAt(pos + 1));
                        }
                        pos += 2;
                        continue;
                    }
                    sb.append(src.charAt(pos++));
                }
                pos++;
                tok = sb.toString();
                kind = REGEX;
                lastOperand = true;
                return;
            }
            String[] ops = {"+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", ">>",
                "!~", "**"};
            for (String op : ops) {
                if (src.startsWith(op, pos)) {
                    pos += op.length();
                    tok = op.equals("**") ? "^" : op;
                    kind = PUNCT;
                    lastOperand = op.equals("++") || op.equals("--");
                    return;
                }
            }
            pos++;
            tok = String.valueOf(c);
            kind = PUNCT;
            lastOperand = c == ')' || c == ']' || c == '$';
            if (c == '$') {
                lastOperand = false;
            }
        }

        private boolean is(String s) {
            return (kind == PUNCT || kind == NAME) && tok.equals(s);
        }

        private void expect(String s) {
            if (!is(s)) {
                throw err();
            }
            next();
        }

        private void skipNl() {
            while (kind == NL || is(";")) {
                next();
            }
        }

        private void optNl() {
            while (kind == NL) {
                next();
            }
        }

        List<Rule> program() {
            List<Rule> rules = new ArrayList<>();
            skipNl();
            while (kind != EOF) {
                if (is("BEGIN")) {
                    next();
                    optNl();
                    rules.add(new Rule(null, null, block(), 1));
                } else if (is("END")) {
                    next();
                    optNl();
                    rules.add(new Rule(null, null, block(), 3));
                } else if (is("function") || is("func")) {
                    next();
                    String name = tok;
                    next();
                    expect("(");
                    List<String> params = new ArrayList<>();
                    while (!is(")")) {
                        params.add(tok);
                        next();
                        if (is(",")) {
                            next();
                            optNl();
                        }
                    }
                    next();
                    optNl();
                    awk.funcs.put(name, new Func(params, block()));
                } else {
                    E pat = null;
                    E end = null;
                    if (!is("{")) {
                        pat = expr(false);
                        if (is(",")) {
                            next();
                            optNl();
                            end = expr(false);
                        }
                    }
                    S action = is("{") ? block() : null;
                    rules.add(new Rule(pat, end, action, end != null ? 2 : 0));
                }
                skipNl();
            }
            return rules;
        }

        private S block() {
            expect("{");
            List<S> stmts = new ArrayList<>();
            skipNl();
            while (!is("}")) {
                if (kind == EOF) {
                    throw err();
                }
                stmts.add(statement());
                skipNl();
            }
            next();
            return () -> {
                for (S s : stmts) {
                    s.exec();
                }
            };
        }

        private S simpleOrBlock() {
            optNl();
            if (is("{")) {
                return block();
            }
            if (is(";")) {
                next();
                return () -> { };
            }
            return statement();
        }

        private void endSimple() {
            if (is(";") || kind == NL) {
                next();
            } else if (!is("}") && kind != EOF) {
                throw err();
            }
        }

        private S statement() {
            if (is("{")) {
                return block();
            }
            if (is("if")) {
                next();
                expect("(");
                E cond = expr(false);
                expect(")");
                S then = simpleOrBlock();
                int save = pos;
                String saveTok = tok;
                int saveKind = kind;
                skipNl();
                if (is("else")) {
                    next();
                    S els = simpleOrBlock();
                    return () -> {
                        if (truthy(cond.eval())) {
                            then.exec();
                        } else {
                            els.exec();
                        }
                    };
                }
                pos = save;
                tok = saveTok;
                kind = saveKind;
                return () -> {
                    if (truthy(cond.eval())) {
                        then.exec();
                    }
                };
            }
            if (is("while")) {
                next();
                expect("(");
                E cond = expr(false);
                expect(")");
                if (is(";")) {
                    next();
                    return () -> {
                        while (truthy(cond.eval())) {
                            awk.ctx.checkAlive();
                        }
                    };
                }
                S body = simpleOrBlock();
                return () -> {
                    while (truthy(cond.eval())) {
                        awk.ctx.checkAlive();
                        try {
                            body.exec();
                        } catch (BreakEx b) {
                            if (!b.cont) {
                                break;
                            }
                        }
                    }
                };
            }
            if (is("do")) {
                next();
                S body = simpleOrBlock();
                skipNl();
                expect("while");
                expect("(");
                E cond = expr(false);
                expect(")");
                endSimple();
                return () -> {
                    do {
                        awk.ctx.checkAlive();
                        try {
                            body.exec();
                        } catch (BreakEx b) {
                            if (!b.cont) {
                                break;
                            }
                        }
                    } while (truthy(cond.eval()));
                };
            }
            if (is("for")) {
                next();
                expect("(");
                if (kind == NAME) {
                    int save = pos;
                    String name = tok;
                    int saveKind = kind;
                    next();
                    if (is("in")) {
                        next();
                        String arr = tok;
                        next();
                        expect(")");
                        S body = simpleOrBlock();
                        return () -> {
                            for (String k : new ArrayList<>(awk.array(arr).keySet())) {
                                awk.setVar(name, new StrNum(k));
                                try {
                                    body.exec();
                                } catch (BreakEx b) {
                                    if (!b.cont) {
                                        break;
                                    }
                                }
                            }
                        };
                    }
                    pos = save;
                    tok = name;
                    kind = saveKind;
                    lastOperand = true;
                }
                S init = is(";") ? () -> { } : exprStmt(expr(false));
                expect(";");
                optNl();
                E cond = is(";") ? () -> 1.0 : expr(false);
                expect(";");
                optNl();
                S step = is(")") ? () -> { } : exprStmt(expr(false));
                expect(")");
                S body = simpleOrBlock();
                return () -> {
                    for (init.exec(); truthy(cond.eval()); step.exec()) {
                        awk.ctx.checkAlive();
                        try {
                            body.exec();
                        } catch (BreakEx b) {
                            if (!b.cont) {
                                break;
                            }
                        }
                    }
                };
            }
            S s = simpleStatement();
            endSimple();
            return s;
        }

        private S exprStmt(E e) {
            return e::eval;
        }

        private S simpleStatement() {
            if (is("print") || is("printf")) {
                boolean isPrintf = tok.equals("printf");
                next();
                List<E> args = new ArrayList<>();
                boolean paren = false;
                if (is("(")) {
                    int save = pos;
                    String st = tok;
                    int sk = kind;
                    next();
                    List<E> inner = new ArrayList<>();
                    if (!is(")")) {
                        inner.add(expr(false));
                        while (is(",")) {
                            next();
                            optNl();
                            inner.add(expr(false));
                        }
                    }
                    if (is(")")) {
                        next();
                        if (is(";") || kind == NL || is("}") || kind == EOF || is(">") || is(">>") || is("|")) {
                            args = inner;
                            paren = true;
                        }
                    }
                    if (!paren) {
                        pos = save;
                        tok = st;
                        kind = sk;
                        args = new ArrayList<>();
                    }
                }
                if (!paren && !(is(";") || kind == NL || is("}") || kind == EOF || is(">") || is(">>"))) {
                    args.add(expr(true));
                    while (is(",")) {
                        next();
                        optNl();
                        args.add(expr(true));
                    }
                }
                E target = null;
                boolean append = false;
                if (is(">") || is(">>")) {
                    append = tok.equals(">>");
                    next();
                    target = primary();
                }
                List<E> fa = args;
                E tgt = target;
                boolean app = append;
                return () -> {
                    String s;
                    if (isPrintf) {
                        List<Object> vals = new ArrayList<>();
                        for (E e : fa) {
                            vals.add(e.eval());
                        }
                        s = awk.sprintf(vals);
                    } else if (fa.isEmpty()) {
                        s = awk.record + awk.str(awk.globals.get("ORS"));
                    } else {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < fa.size(); i++) {
                            if (i > 0) {
                                sb.append(awk.str(awk.globals.get("OFS")));
                            }
                            Object v = fa.get(i).eval();
                            sb.append(v instanceof Double d ? fmtNum(d, awk.str(awk.globals.get("OFMT")))
                                : awk.str(v));
                        }
                        s = sb.append(awk.str(awk.globals.get("ORS"))).toString();
                    }
                    if (tgt != null) {
                        String f = awk.str(tgt.eval());
                        try (var o = dev.drydock.runtime.SysFiles.write(awk.ctx, f, app)) {
                            o.write(Printf.bytes(s));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    } else {
                        awk.print(s);
                    }
                };
            }
            if (is("next")) {
                next();
                return () -> {
                    throw new NextEx();
                };
            }
            if (is("exit")) {
                next();
                E code = is(";") || kind == NL || is("}") || kind == EOF ? null : expr(false);
                return () -> {
                    if (code != null) {
                        awk.exitCode = (int) num(code.eval());
                    }
                    throw new ExitEx();
                };
            }
            if (is("break") || is("continue")) {
                boolean cont = tok.equals("continue");
                next();
                return () -> {
                    throw new BreakEx(cont);
                };
            }
            if (is("return")) {
                next();
                E v = is(";") || kind == NL || is("}") ? null : expr(false);
                return () -> {
                    throw new ReturnEx(v == null ? "" : v.eval());
                };
            }
            if (is("delete")) {
                next();
                String name = tok;
                next();
                if (is("[")) {
                    next();
                    E idx = subscript();
                    return () -> awk.array(name).remove(awk.str(idx.eval()));
                }
                return () -> awk.array(name).clear();
            }
            E e = expr(false);
            return e::eval;
        }

        private E subscript() {
            List<E> parts = new ArrayList<>();
            parts.add(expr(false));
            while (is(",")) {
                next();
                parts.add(expr(false));
            }
            expect("]");
            if (parts.size() == 1) {
                return parts.get(0);
            }
            return () -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < parts.size(); i++) {
                    if (i > 0) {
                        sb.append(awk.str(awk.globals.get("SUBSEP")));
                    }
                    sb.append(awk.str(parts.get(i).eval()));
                }
                return sb.toString();
            };
        }

        // expressions: noGt disables ">" as comparison (print redirection)
        private E expr(boolean noGt) {
            return ternary(noGt);
        }

        private E ternary(boolean noGt) {
            E c = or(noGt);
            if (is("?")) {
                next();
                optNl();
                E a = ternary(noGt);
                optNl();
                expect(":");
                optNl();
                E b = ternary(noGt);
                return () -> truthy(c.eval()) ? a.eval() : b.eval();
            }
            if (c instanceof LV lv && (is("=") || is("+=") || is("-=") || is("*=") || is("/=") || is("%=")
                || is("^="))) {
                String op = tok;
                next();
                optNl();
                E rhs = ternary(noGt);
                return () -> {
                    Object v;
                    if (op.equals("=")) {
                        v = rhs.eval();
                        if (v instanceof StrNum sn) {
                            v = sn;
                        }
                    } else {
                        double a = num(lv.eval());
                        double b = num(rhs.eval());
                        v = switch (op) {
                            case "+=" -> a + b;
                            case "-=" -> a - b;
                            case "*=" -> a * b;
                            case "/=" -> a / b;
                            case "%=" -> a % b;
                            default -> Math.pow(a, b);
                        };
                    }
                    lv.set(v);
                    return v;
                };
            }
            return c;
        }

        private E or(boolean noGt) {
            E l = and(noGt);
            while (is("||")) {
                next();
                optNl();
                E a = l;
                E b = and(noGt);
                l = () -> truthy(a.eval()) || truthy(b.eval()) ? 1.0 : 0.0;
            }
            return l;
        }

        private E and(boolean noGt) {
            E l = in(noGt);
            while (is("&&")) {
                next();
                optNl();
                E a = l;
                E b = in(noGt);
                l = () -> truthy(a.eval()) && truthy(b.eval()) ? 1.0 : 0.0;
            }
            return l;
        }

        private E in(boolean noGt) {
            E l = match(noGt);
            while (is("in")) {
                next();
                String arr = tok;
                next();
                E k = l;
                l = () -> awk.array(arr).containsKey(awk.str(k.eval())) ? 1.0 : 0.0;
            }
            return l;
        }

        private E match(boolean noGt) {
            E l = comparison(noGt);
            while (is("~") || is("!~")) {
                boolean neg = tok.equals("!~");
                next();
                E a = l;
                E re = comparison(noGt);
                l = () -> awk.regex(re instanceof RegexLit r ? r.re : re.eval()).matcher(awk.str(a.eval())).find()
                    != neg ? 1.0 : 0.0;
            }
            return l;
        }

        private E comparison(boolean noGt) {
            E l = concat(noGt);
            while (is("<") || is("<=") || is("==") || is("!=") || is(">=") || (is(">") && !noGt)) {
                String op = tok;
                next();
                E a = l;
                E b = concat(noGt);
                l = () -> {
                    int c = awk.compare(a.eval(), b.eval());
                    boolean r = switch (op) {
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case "==" -> c == 0;
                        case "!=" -> c != 0;
                        case ">=" -> c >= 0;
                        default -> c > 0;
                    };
                    return r ? 1.0 : 0.0;
                };
            }
            return l;
        }

        private boolean startsOperand() {
            return kind == NUM || kind == STR || kind == REGEX || kind == NAME && !is("in") && !is("getline")
                || kind == FUNCNAME || is("$") || is("(") || is("!") || is("-") || is("+") || is("++") || is("--");
        }

        private E concat(boolean noGt) {
            E l = additive();
            while (startsOperand() && !is("in")) {
                E a = l;
                E b = additive();
                l = () -> awk.str(a.eval()) + awk.str(b.eval());
            }
            while (is("|") && nextIsGetline()) {
                next();
                next();
                LV target = getlineTarget();
                E cmd = l;
                l = () -> {
                    try {
                        return awk.getline(target, awk.str(cmd.eval()), false);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
            }
            return l;
        }

        /** True when the token after the current one is {@code getline} (for {@code "cmd" | getline}). */
        private boolean nextIsGetline() {
            int savedPos = pos;
            String savedTok = tok;
            int savedKind = kind;
            boolean savedLast = lastOperand;
            next();
            boolean r = kind == NAME && tok.equals("getline");
            pos = savedPos;
            tok = savedTok;
            kind = savedKind;
            lastOperand = savedLast;
            return r;
        }

        /** The optional variable after {@code getline}: a name, an array element or a field. */
        private LV getlineTarget() {
            if (is("$") || kind == NAME && !is("in") && !is("getline")) {
                E e = primary();
                if (e instanceof LV lv) {
                    return lv;
                }
                throw err();
            }
            return null;
        }

        private E additive() {
            E l = multiplicative();
            while (is("+") || is("-")) {
                boolean plus = tok.equals("+");
                next();
                E a = l;
                E b = multiplicative();
                l = () -> plus ? num(a.eval()) + num(b.eval()) : num(a.eval()) - num(b.eval());
            }
            return l;
        }

        private E multiplicative() {
            E l = unary();
            while (is("*") || is("/") || is("%")) {
                char op = tok.charAt(0);
                next();
                E a = l;
                E b = unary();
                l = () -> {
                    double x = num(a.eval());
                    double y = num(b.eval());
                    if (op != '*' && y == 0) {
                        throw new IllegalStateException("division by zero");
                    }
                    return op == '*' ? x * y : op == '/' ? x / y : x % y;
                };
            }
            return l;
        }

        private E unary() {
            if (is("!")) {
                next();
                E e = unary();
                return () -> truthy(e.eval()) ? 0.0 : 1.0;
            }
            if (is("-")) {
                next();
                E e = unary();
                return () -> -num(e.eval());
            }
            if (is("+")) {
                next();
                E e = unary();
                return () -> num(e.eval());
            }
            return power();
        }

        private E power() {
            E base = postfix();
            if (is("^")) {
                next();
                E exp = unary();
                return () -> Math.pow(num(base.eval()), num(exp.eval()));
            }
            return base;
        }

        private E postfix() {
            if (is("++") || is("--")) {
                boolean inc = tok.equals("++");
                next();
                E e = postfix();
                if (!(e instanceof LV lv)) {
                    throw err();
                }
                return () -> {
                    double v = num(lv.eval()) + (inc ? 1 : -1);
                    lv.set(v);
                    return v;
                };
            }
            E e = primary();
            if (e instanceof LV lv && (is("++") || is("--"))) {
                boolean inc = tok.equals("++");
                next();
                return () -> {
                    double v = num(lv.eval());
                    lv.set(v + (inc ? 1 : -1));
                    return v;
                };
            }
            return e;
        }

        private record RegexLit(String re, Awk awk) implements E {
            @Override
            public Object eval() {
                return awk.regex(re).matcher(awk.record).find() ? 1.0 : 0.0;
            }
        }

        private E primary() {
            if (is("getline")) {
                next();
                LV target = getlineTarget();
                E file = null;
                if (is("<")) {
                    next();
                    file = primary();
                }
                E src = file;
                return () -> {
                    try {
                        return awk.getline(target, src == null ? null : awk.str(src.eval()), src != null);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
            }
            switch (kind) {
                case NUM: {
                    double v;
                    try {
                        v = tok.startsWith("0x") ? Long.parseLong(tok.substring(2), 16) : Double.parseDouble(tok);
                    } catch (NumberFormatException e) {
                        throw err();
                    }
                    next();
                    Double d = v;
                    return () -> d;
                }
                case STR: {
                    String s = tok;
                    next();
                    return () -> s;
                }
                case REGEX: {
                    String re = tok;
                    next();
                    return new RegexLit(re, awk);
                }
                case FUNCNAME: {
                    String name = tok;
                    next();
                    expect("(");
                    List<E> args = args();
                    return () -> call(name, args);
                }
                case NAME: {
                    String name = tok;
                    if (BUILTINS.contains(name)) {
                        next();
                        List<E> args = new ArrayList<>();
                        if (is("(")) {
                            next();
                            args = args();
                        }
                        return builtin(name, args);
                    }
                    next();
                    if (is("[")) {
                        next();
                        E idx = subscript();
                        return new LV() {
                            @Override
                            public Object eval() {
                                return awk.array(name).getOrDefault(awk.str(idx.eval()), "");
                            }

                            @Override
                            public void set(Object v) {
                                awk.array(name).put(awk.str(idx.eval()), v);
                            }
                        };
                    }
                    return new VarLV(name, awk);
                }
                default:
                    break;
            }
            if (is("$")) {
                next();
                E idx = primaryForField();
                return new LV() {
                    @Override
                    public Object eval() {
                        return awk.getField((int) num(idx.eval()));
                    }

                    @Override
                    public void set(Object v) {
                        awk.setField((int) num(idx.eval()), awk.str(v));
                    }
                };
            }
            if (is("(")) {
                next();
                E e = expr(false);
                if (is(",")) {
                    List<E> parts = new ArrayList<>();
                    parts.add(e);
                    while (is(",")) {
                        next();
                        parts.add(expr(false));
                    }
                    expect(")");
                    if (is("in")) {
                        next();
                        String arr = tok;
                        next();
                        return () -> {
                            StringBuilder sb = new StringBuilder();
                            for (int i = 0; i < parts.size(); i++) {
                                if (i > 0) {
                                    sb.append(awk.str(awk.globals.get("SUBSEP")));
                                }
                                sb.append(awk.str(parts.get(i).eval()));
                            }
                            return awk.array(arr).containsKey(sb.toString()) ? 1.0 : 0.0;
                        };
                    }
                    throw err();
                }
                expect(")");
                lastOperand = true;
                return e;
            }
            throw err();
        }

        private E primaryForField() {
            if (is("++") || is("--") || is("-")) {
                return unary();
            }
            return primary();
        }

        private List<E> args() {
            List<E> args = new ArrayList<>();
            optNl();
            if (!is(")")) {
                args.add(expr(false));
                while (is(",")) {
                    next();
                    optNl();
                    args.add(expr(false));
                }
            }
            expect(")");
            lastOperand = true;
            return args;
        }

        private Object call(String name, List<E> args) {
            Func f = awk.funcs.get(name);
            if (f == null) {
                throw new IllegalStateException("function " + name + " never defined");
            }
            Map<String, Object> frame = new HashMap<>();
            for (int i = 0; i < f.params.size(); i++) {
                if (i < args.size()) {
                    E a = args.get(i);
                    Object v;
                    if (a instanceof VarLV vl && awk.arrays.containsKey(vl.name())) {
                        v = awk.arrays.get(vl.name());
                    } else {
                        v = a.eval();
                    }
                    frame.put(f.params.get(i), v);
                } else {
                    frame.put(f.params.get(i), "");
                }
            }
            awk.frames.add(frame);
            try {
                f.body.exec();
                return "";
            } catch (ReturnEx r) {
                return r.value;
            } finally {
                awk.frames.remove(awk.frames.size() - 1);
            }
        }

        private E builtin(String name, List<E> a) {
            Awk k = awk;
            switch (name) {
                case "length":
                    return () -> {
                        if (a.isEmpty()) {
                            return (double) k.record.length();
                        }
                        return (double) k.str(a.get(0).eval()).length();
                    };
                case "substr":
                    return () -> {
                        String s = k.str(a.get(0).eval());
                        double m = Math.round(num(a.get(1).eval()));
                        double n = a.size() > 2 ? Math.round(num(a.get(2).eval())) : Double.POSITIVE_INFINITY;
                        double start = Math.max(1, m);
                        double end = Math.min(s.length() + 1, m + n);
                        if (end <= start) {
                            return "";
                        }
                        return s.substring((int) start - 1, (int) end - 1);
                    };
                case "index":
                    return () -> (double) (k.str(a.get(0).eval()).indexOf(k.str(a.get(1).eval())) + 1);
                case "split":
                    return () -> {
                        String s = k.str(a.get(0).eval());
                        String arr = a.get(1) instanceof VarLV vl ? vl.name() : "_split";
                        String fs = a.size() > 2 ? (a.get(2) instanceof RegexLit r ? r.re : k.str(a.get(2).eval()))
                            : k.str(k.globals.get("FS"));
                        List<String> parts = k.split(s, fs);
                        Map<String, Object> m = k.array(arr);
                        m.clear();
                        for (int i = 0; i < parts.size(); i++) {
                            m.put(Integer.toString(i + 1), new StrNum(parts.get(i)));
                        }
                        return (double) parts.size();
                    };
                case "sub":
                case "gsub":
                    return () -> {
                        Object reV = a.get(0) instanceof RegexLit r ? r.re : a.get(0).eval();
                        Pattern p = k.regex(reV);
                        String repl = k.str(a.get(1).eval());
                        LV target = a.size() > 2 && a.get(2) instanceof LV lv ? lv : null;
                        String s = target != null ? k.str(target.eval()) : k.record;
                        Matcher m = p.matcher(s);
                        StringBuilder sb = new StringBuilder();
                        int count = 0;
                        int at = 0;
                        while (m.find()) {
                            sb.append(s, at, m.start());
                            for (int i = 0; i < repl.length(); i++) {
                                char ch = repl.charAt(i);
                                if (ch == '\\' && i + 1 < repl.length() && repl.charAt(i + 1) == '&') {
                                    sb.append('&');
                                    i++;
                                } else if (ch == '&') {
                                    sb.append(m.group());
                                } else {
                                    sb.append(ch);
                                }
                            }
                            at = m.end();
                            count++;
                            if (name.equals("sub")) {
                                break;
                            }
                            if (m.end() == m.start()) {
                                if (m.end() < s.length()) {
                                    sb.append(s.charAt(m.end()));
                                }
                                at = m.end() + 1;
                                if (at > s.length()) {
                                    break;
                                }
                                if (!m.find(at)) {
                                    break;
                                }
                                m.region(at, s.length());
                            }
                        }
                        if (count > 0) {
                            sb.append(s.substring(Math.min(at, s.length())));
                            if (target != null) {
                                target.set(sb.toString());
                            } else {
                                k.setRecord(sb.toString());
                            }
                        }
                        return (double) count;
                    };
                case "match":
                    return () -> {
                        String s = k.str(a.get(0).eval());
                        Object reV = a.get(1) instanceof RegexLit r ? r.re : a.get(1).eval();
                        Matcher m = k.regex(reV).matcher(s);
                        if (m.find()) {
                            k.globals.put("RSTART", (double) m.start() + 1);
                            k.globals.put("RLENGTH", (double) (m.end() - m.start()));
                            return (double) m.start() + 1;
                        }
                        k.globals.put("RSTART", 0.0);
                        k.globals.put("RLENGTH", -1.0);
                        return 0.0;
                    };
                case "sprintf":
                    return () -> {
                        List<Object> vals = new ArrayList<>();
                        for (E e : a) {
                            vals.add(e.eval());
                        }
                        return k.sprintf(vals);
                    };
                case "toupper":
                    return () -> k.str(a.get(0).eval()).toUpperCase(Locale.ROOT);
                case "tolower":
                    return () -> k.str(a.get(0).eval()).toLowerCase(Locale.ROOT);
                case "int":
                    return () -> (double) (long) num(a.get(0).eval());
                case "sqrt":
                    return () -> Math.sqrt(num(a.get(0).eval()));
                case "exp":
                    return () -> Math.exp(num(a.get(0).eval()));
                case "log":
                    return () -> Math.log(num(a.get(0).eval()));
                case "sin":
                    return () -> Math.sin(num(a.get(0).eval()));
                case "cos":
                    return () -> Math.cos(num(a.get(0).eval()));
                case "atan2":
                    return () -> Math.atan2(num(a.get(0).eval()), num(a.get(1).eval()));
                case "rand":
                    return () -> k.random.nextDouble();
                case "srand":
                    return () -> 0.0;
                case "close":
                    return () -> {
                        try {
                            return k.closeStream(k.str(a.get(0).eval()));
                        } catch (IOException e) {
                            return -1.0;
                        }
                    };
                case "system":
                    return () -> {
                        try {
                            k.flush();
                            return (double) Applets.runCommand(k.ctx, List.of("sh", "-c", k.str(a.get(0).eval())),
                                k.ctx.env(), "awk");
                        } catch (Exception e) {
                            return -1.0;
                        }
                    };
                default:
                    throw err();
            }
        }

    }

}
