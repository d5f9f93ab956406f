package dev.drydock.runtime.applets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.SysFiles;

/** Text applets: head, tail, wc, sort, uniq, cut, tr, grep, rev, tac, xargs, base64, checksums. */
final class TextApplets {
    private TextApplets() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "head", TextApplets::head);
        r.registerAppletAsync("tail", TextApplets::tail);
        Applets.reg(r, "wc", TextApplets::wc);
        Applets.reg(r, "sort", TextApplets::sort);
        Applets.reg(r, "uniq", TextApplets::uniq);
        Applets.reg(r, "cut", TextApplets::cut);
        Applets.reg(r, "tr", TextApplets::tr);
        Applets.reg(r, "grep", TextApplets::grep);
        Applets.reg(r, "egrep", TextApplets::grep);
        Applets.reg(r, "fgrep", TextApplets::grep);
        Applets.reg(r, "rev", c -> eachLine(c, l -> new StringBuilder(l).reverse().toString()));
        Applets.reg(r, "tac", TextApplets::tac);
        Applets.reg(r, "xargs", TextApplets::xargs);
        Applets.reg(r, "base64", TextApplets::base64);
        Applets.reg(r, "md5sum", c -> digest(c, "MD5"));
        Applets.reg(r, "sha1sum", c -> digest(c, "SHA-1"));
        Applets.reg(r, "sha256sum", c -> digest(c, "SHA-256"));
        Applets.reg(r, "sha512sum", c -> digest(c, "SHA-512"));
    }

    /** Opens a file operand ("-" is stdin); prints "name: file: error" and returns null on failure. */
    static InputStream open(ProgramContext c, String f) throws IOException {
        if (f.equals("-")) {
            return c.stdin();
        }
        try {
            var st = SysFiles.stat(c, f, true);
            if (st.isPresent() && st.get().isDirectory()) {
                c.err(c.name() + ": " + f + ": Is a directory\n");
                return null;
            }
            return SysFiles.read(c, f);
        } catch (FsException e) {
            c.err(c.name() + ": " + f + ": " + e.errno().text() + "\n");
            return null;
        }
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Splits text into lines without their newlines (a final newline does not add an empty line). */
    static List<String> lines(String s) {
        List<String> l = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                l.add(s.substring(start));
                break;
            }
            l.add(s.substring(start, nl));
            start = nl + 1;
        }
        return l;
    }

    /** Reads one line (without its newline) from a stream, or null at EOF. */
    static String readLine(InputStream in, ByteArrayOutputStream buf) throws IOException {
        buf.reset();
        int ch;
        boolean any = false;
        while ((ch = in.read()) >= 0) {
            any = true;
            if (ch == '\n') {
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(ch);
        }
        return any ? buf.toString(StandardCharsets.UTF_8) : null;
    }

    private interface LineFn {
        String apply(String line);
    }

    private static int eachLine(ProgramContext c, LineFn fn) throws IOException {
        List<String> files = c.args().isEmpty() ? List.of("-") : c.args();
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            for (String l : lines(readAll(in))) {
                sb.append(fn.apply(l)).append('\n');
            }
        }
        c.out(sb.toString());
        return rc;
    }

    private static List<String> withNumberOption(List<String> args) {
        List<String> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.matches("-[0-9]+") ? "-n" + s.substring(1) : s);
        }
        return a;
    }

    private static int head(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, withNumberOption(c.args()), "qv", "nc", true);
        if (o == null) {
            return 1;
        }
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        int rc = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            String f = files.get(fi);
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            if (files.size() > 1) {
                c.out((fi > 0 ? "\n" : "") + "==> " + (f.equals("-") ? "standard input" : f) + " <==\n");
            }
            if (o.has('c')) {
                long n = Long.parseLong(o.value('c', "0"));
                // Streamed: head -c 100M must not hold 100 MB in memory.
                byte[] b = new byte[(int) Math.min(n, 65536)];
                while (n > 0) {
                    int got = in.read(b, 0, (int) Math.min(n, b.length));
                    if (got < 0) {
                        break;
                    }
                    c.checkAlive();
                    c.stdout().write(b, 0, got);
                    n -= got;
                }
                continue;
            }
            long n = Long.parseLong(o.value('n', "10"));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            StringBuilder sb = new StringBuilder();
            for (long i = 0; i < n; i++) {
                int ch;
                boolean any = false;
                buf.reset();
                while ((ch = in.read()) >= 0) {
                    any = true;
                    buf.write(ch);
                    if (ch == '\n') {
                        break;
                    }
                }
                if (!any) {
                    break;
                }
                sb.append(buf.toString(StandardCharsets.UTF_8));
                if (sb.length() > 8192) {
                    c.out(sb.toString());
                    sb.setLength(0);
                }
            }
            c.out(sb.toString());
            if (!f.equals("-")) {
                in.close();
            }
        }
        return rc;
    }

    private static CompletableFuture<Integer> tail(ProgramContext c) throws Exception {
        Opts o;
        try {
            o = Opts.parse(c, withNumberOption(c.args()), "fFqv", "nc", true);
        } catch (Opts.Bad b) {
            return CompletableFuture.completedFuture(1);
        }
        boolean follow = o.has('f') || o.has('F');
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        if (files.contains("-")) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return tailOnce(c, o, files);
                } catch (IOException e) {
                    return 1;
                }
            }, c.runtime().workers());
        }
        int rc = tailOnce(c, o, files);
        if (!follow) {
            return CompletableFuture.completedFuture(rc);
        }
        CompletableFuture<Integer> never = new CompletableFuture<>();
        long[] sizes = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            sizes[i] = size(c, files.get(i));
        }
        poll(c, files, sizes, never);
        return never;
    }

    private static long size(ProgramContext c, String f) {
        if (c.resolve(f).equals("/dev/null")) {
            return 0;
        }
        try {
            return c.fs().stat(c.resolve(f), true).map(s -> s.size()).orElse(0L);
        } catch (FsException e) {
            return 0;
        }
    }

    /** Follows files on the runtime clock: no thread is held between polls. */
    private static void poll(ProgramContext c, List<String> files, long[] sizes, CompletableFuture<Integer> done) {
        boolean onlyNull = files.stream().allMatch(f -> c.resolve(f).equals("/dev/null"));
        if (onlyNull) {
            return;
        }
        c.schedule(Duration.ofMillis(500), () -> {
            try {
                for (int i = 0; i < files.size(); i++) {
                    long s = size(c, files.get(i));
                    if (s > sizes[i]) {
                        try (InputStream in = SysFiles.read(c, files.get(i))) {
                            in.skipNBytes(sizes[i]);
                            c.stdout().write(in.readNBytes((int) (s - sizes[i])));
                            c.stdout().flush();
                        }
                    }
                    sizes[i] = s;
                }
                poll(c, files, sizes, done);
            } catch (IOException | RuntimeException e) {
                done.complete(1);
            }
        });
    }

    private static int tailOnce(ProgramContext c, Opts o, List<String> files) throws IOException {
        int rc = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            String f = files.get(fi);
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            if (files.size() > 1) {
                c.out((fi > 0 ? "\n" : "") + "==> " + f + " <==\n");
            }
            byte[] data = in.readAllBytes();
            if (o.has('c')) {
                String v = o.value('c', "0");
                int n = Integer.parseInt(v.replace("+", ""));
                int from = v.startsWith("+") ? Math.max(0, n - 1) : Math.max(0, data.length - n);
                c.stdout().write(data, Math.min(from, data.length), data.length - Math.min(from, data.length));
                continue;
            }
            String v = o.value('n', "10");
            String text = new String(data, StandardCharsets.UTF_8);
            List<String> ls = lines(text);
            int from;
            if (v.startsWith("+")) {
                from = Math.max(0, Integer.parseInt(v.substring(1)) - 1);
            } else {
                from = Math.max(0, ls.size() - Integer.parseInt(v.replace("-", "")));
            }
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < ls.size(); i++) {
                sb.append(ls.get(i));
                if (i < ls.size() - 1 || text.endsWith("\n")) {
                    sb.append('\n');
                }
            }
            c.out(sb.toString());
        }
        return rc;
    }

    private static final boolean[] WC_SPACE = new boolean[256];

    static {
        for (char ch : new char[] {' ', '\n', '\t', '\r', 11, 12}) {
            WC_SPACE[ch] = true;
        }
    }

    private static int wc(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "lwcmL", "", true);
        if (o == null) {
            return 1;
        }
        boolean l = o.has('l');
        boolean w = o.has('w');
        boolean ch = o.has('c') || o.has('m');
        if (!l && !w && !ch) {
            l = true;
            w = true;
            ch = true;
        }
        int cols = (l ? 1 : 0) + (w ? 1 : 0) + (ch ? 1 : 0);
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        long[] tot = new long[3];
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            // Streamed in large chunks: a 100 MB file through a pipe must not be held in memory at once.
            long lines = 0;
            long words = 0;
            long chars = 0;
            boolean inWord = false;
            boolean wantWords = w;
            boolean utf8 = o.has('m');
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    c.checkAlive();
                    if (!utf8) {
                        chars += n;
                        if (!l && !w) {
                            continue;
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            lines++;
                        }
                        if (utf8 && (b & 0xC0) != 0x80) {
                            chars++;
                        }
                        if (wantWords) {
                            boolean sp = b <= ' ' && WC_SPACE[b & 0xff];
                            if (!sp && !inWord) {
                                words++;
                            }
                            inWord = !sp;
                        }
                    }
                }
            } finally {
                if (!f.equals("-")) {
                    in.close();
                }
            }
            tot[0] += lines;
            tot[1] += words;
            tot[2] += chars;
            sb.append(wcLine(cols, l, w, ch, lines, words, chars, f.equals("-") ? null : f, files.size() > 1));
        }
        if (files.size() > 1) {
            sb.append(wcLine(cols, l, w, ch, tot[0], tot[1], tot[2], "total", true));
        }
        c.out(sb.toString());
        return rc;
    }

    private static String wcLine(int cols, boolean l, boolean w, boolean ch, long lines, long words, long chars,
                                 String name, boolean multi) {
        List<String> parts = new ArrayList<>();
        String fmt = cols == 1 && !multi ? "%d" : "%9d";
        if (l) {
            parts.add(String.format(fmt, lines));
        }
        if (w) {
            parts.add(String.format(fmt, words));
        }
        if (ch) {
            parts.add(String.format(fmt, chars));
        }
        return String.join(" ", parts) + (name == null ? "" : " " + name) + "\n";
    }

    private static int sort(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "nrufbdMhVcsz", "tko", true);
        if (o == null) {
            return 1;
        }
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        List<String> all = new ArrayList<>();
        int rc = 0;
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 2;
                continue;
            }
            all.addAll(lines(readAll(in)));
        }
        String sep = o.value('t', null);
        String key = o.value('k', null);
        boolean numeric = o.has('n') || o.has('h') || (key != null && key.contains("n"));
        Comparator<String> cmp = (a, b) -> {
            String ka = sortKey(a, sep, key);
            String kb = sortKey(b, sep, key);
            if (o.has('f')) {
                ka = ka.toUpperCase();
                kb = kb.toUpperCase();
            }
            int r = numeric ? Double.compare(leadingNumber(ka), leadingNumber(kb)) : ka.compareTo(kb);
            return r != 0 || o.has('u') ? r : a.compareTo(b);
        };
        if (o.has('r') || (key != null && key.contains("r"))) {
            cmp = cmp.reversed();
        }
        all.sort(cmp);
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (String s : all) {
            if (o.has('u') && prev != null && cmp.compare(prev, s) == 0) {
                continue;
            }
            sb.append(s).append('\n');
            prev = s;
        }
        String target = o.value('o', null);
        if (target != null) {
            c.fs().writeAll(c.resolve(target), sb.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            c.out(sb.toString());
        }
        return rc;
    }

    private static String sortKey(String line, String sep, String key) {
        if (key == null) {
            return line;
        }
        String k = key.replaceAll("[a-zA-Z]", "");
        String[] range = k.split(",");
        int start = Integer.parseInt(range[0].split("\\.")[0]);
        int end = range.length > 1 ? Integer.parseInt(range[1].split("\\.")[0]) : Integer.MAX_VALUE;
        String[] fields = sep == null ? line.trim().split("\\s+") : line.split(Pattern.quote(sep), -1);
        StringBuilder sb = new StringBuilder();
        for (int i = start - 1; i < Math.min(end, fields.length); i++) {
            if (i > start - 1) {
                sb.append(sep == null ? " " : sep);
            }
            sb.append(fields[i]);
        }
        return sb.toString();
    }

    private static double leadingNumber(String s) {
        Matcher m = Pattern.compile("^\\s*(-?[0-9]*\\.?[0-9]+)([KMGT]?)").matcher(s);
        if (!m.find()) {
            return 0;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "K" -> v * 1e3;
            case "M" -> v * 1e6;
            case "G" -> v * 1e9;
            case "T" -> v * 1e12;
            default -> v;
        };
    }

    private static int uniq(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "cdui", "fs", true);
        if (o == null) {
            return 1;
        }
        InputStream in = open(c, o.operands.isEmpty() ? "-" : o.operands.get(0));
        if (in == null) {
            return 1;
        }
        List<String> ls = lines(readAll(in));
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ls.size()) {
            int j = i + 1;
            while (j < ls.size() && (o.has('i') ? ls.get(j).equalsIgnoreCase(ls.get(i)) : ls.get(j).equals(ls.get(i)))) {
                j++;
            }
            int n = j - i;
            if ((!o.has('d') || n > 1) && (!o.has('u') || n == 1)) {
                if (o.has('c')) {
                    sb.append(String.format("%7d ", n));
                }
                sb.append(ls.get(i)).append('\n');
            }
            i = j;
        }
        c.out(sb.toString());
        return 0;
    }

    private static List<int[]> ranges(String spec) {
        List<int[]> r = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.contains("-")) {
                String[] ab = part.split("-", -1);
                int a = ab[0].isEmpty() ? 1 : Integer.parseInt(ab[0]);
                int b = ab[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(ab[1]);
                r.add(new int[] {a, b});
            } else {
                int v = Integer.parseInt(part);
                r.add(new int[] {v, v});
            }
        }
        return r;
    }

    private static boolean inRanges(List<int[]> r, int i) {
        for (int[] x : r) {
            if (i >= x[0] && i <= x[1]) {
                return true;
            }
        }
        return false;
    }

    private static int cut(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "sn", "dfcb", true);
        if (o == null) {
            return 1;
        }
        if (!o.has('f') && !o.has('c') && !o.has('b')) {
            c.err("cut: expected a list of bytes, characters, or fields\n" + Applets.USAGE_LINE);
            return 1;
        }
        String delim = o.value('d', "\t");
        List<int[]> r = ranges(o.has('f') ? o.value('f', "1") : o.has('c') ? o.value('c', "1") : o.value('b', "1"));
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        StringBuilder sb = new StringBuilder();
        int rc = 0;
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            for (String line : lines(readAll(in))) {
                if (o.has('f')) {
                    if (!line.contains(delim)) {
                        if (!o.has('s')) {
                            sb.append(line).append('\n');
                        }
                        continue;
                    }
                    String[] fields = line.split(Pattern.quote(delim), -1);
                    StringBuilder l = new StringBuilder();
                    boolean first = true;
                    for (int i = 1; i <= fields.length; i++) {
                        if (inRanges(r, i)) {
                            if (!first) {
                                l.append(delim);
                            }
                            l.append(fields[i - 1]);
                            first = false;
                        }
                    }
                    sb.append(l).append('\n');
                } else {
                    StringBuilder l = new StringBuilder();
                    for (int i = 1; i <= line.length(); i++) {
                        if (inRanges(r, i)) {
                            l.append(line.charAt(i - 1));
                        }
                    }
                    sb.append(l).append('\n');
                }
            }
        }
        c.out(sb.toString());
        return rc;
    }

    /** Expands a tr set: ranges, escapes, [:classes:]. */
    static String trSet(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("[:", i)) {
                int e = s.indexOf(":]", i);
                if (e > 0) {
                    String cls = s.substring(i + 2, e);
                    for (char ch = 0; ch < 128; ch++) {
                        if (dev.drydock.runtime.shell.Glob.matches("[[:" + cls + ":]]", String.valueOf(ch))) {
                            out.append(ch);
                        }
                    }
                    i = e + 2;
                    continue;
                }
            }
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length() && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
                int j = i + 1;
                int v = 0;
                while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                    v = v * 8 + (s.charAt(j) - '0');
                    j++;
                }
                ch = (char) v;
                i = j;
            } else if (ch == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                ch = switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '\\' -> '\\';
                    default -> n;
                };
                i += 2;
            } else {
                i++;
            }
            if (i + 1 < s.length() && s.charAt(i) == '-') {
                char hi = s.charAt(i + 1);
                for (char x = ch; x <= hi; x++) {
                    out.append(x);
                }
                i += 2;
                continue;
            }
            out.append(ch);
        }
        return out.toString();
    }

    private static int tr(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "dscC", "", false);
        if (o == null) {
            return 1;
        }
        if (o.operands.isEmpty()) {
            c.err("tr: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String set1 = trSet(o.operands.get(0));
        String set2 = o.operands.size() > 1 ? trSet(o.operands.get(1)) : "";
        boolean comp = o.has('c') || o.has('C');
        String in = readAll(c.stdin());
        StringBuilder sb = new StringBuilder(in.length());
        char last = 0;
        boolean hasLast = false;
        for (int i = 0; i < in.length(); i++) {
            char ch = in.charAt(i);
            boolean inSet1 = set1.indexOf(ch) >= 0 != comp;
            if (o.has('d') && inSet1) {
                continue;
            }
            char outCh = ch;
            if (!o.has('d') && inSet1 && !set2.isEmpty()) {
                int idx = comp ? set2.length() - 1 : set1.indexOf(ch);
                outCh = set2.charAt(Math.min(idx, set2.length() - 1));
            }
            if (o.has('s')) {
                String squeeze = o.has('d') || set2.isEmpty() ? set1 : set2;
                if (hasLast && outCh == last && squeeze.indexOf(outCh) >= 0) {
                    continue;
                }
            }
            sb.append(outCh);
            last = outCh;
            hasLast = true;
        }
        c.out(sb.toString());
        return 0;
    }

    private static int grep(ProgramContext c) throws Exception {
        Opts o;
        try {
            o = Opts.parse(c, c.args(), "ivcEqnlLowxFrRhHsz", "emAB", true);
        } catch (Opts.Bad b) {
            return 2;
        }
        List<String> ops = new ArrayList<>(o.operands);
        List<String> patterns = new ArrayList<>();
        if (o.has('e')) {
            patterns.add(o.value('e', ""));
        } else {
            if (ops.isEmpty()) {
                c.err("grep: no pattern\n" + Applets.USAGE_LINE);
                return 2;
            }
            patterns.add(ops.remove(0));
        }
        boolean fixed = o.has('F') || c.name().equals("fgrep");
        boolean ere = o.has('E') || c.name().equals("egrep");
        int flags = o.has('i') ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        List<Pattern> ps = new ArrayList<>();
        for (String p : patterns) {
            for (String one : p.split("\n", -1)) {
                String re = fixed ? Pattern.quote(one) : ere ? Regex.ere(one) : Regex.bre(one);
                if (o.has('w')) {
                    re = "(?<![\\w])(?:" + re + ")(?![\\w])";
                }
                if (o.has('x')) {
                    re = "^(?:" + re + ")$";
                }
                try {
                    ps.add(Pattern.compile(re, flags));
                } catch (java.util.regex.PatternSyntaxException e) {
                    c.err("grep: bad regex '" + one + "'\n");
                    return 2;
                }
            }
        }
        boolean recursive = o.has('r') || o.has('R');
        List<String> files = new ArrayList<>();
        if (ops.isEmpty()) {
            files.add(recursive ? "." : "-");
        } else {
            files.addAll(ops);
        }
        if (recursive) {
            List<String> expanded = new ArrayList<>();
            for (String f : files) {
                collect(c, f, expanded);
            }
            files = expanded;
        }
        boolean showName = (files.size() > 1 || recursive) && !o.has('h') || o.has('H');
        long max = o.has('m') ? Long.parseLong(o.value('m', "0")) : Long.MAX_VALUE;
        boolean matchedAny = false;
        boolean error = false;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (String f : files) {
            InputStream in;
            if (f.equals("-")) {
                in = c.stdin();
            } else {
                try {
                    var st = SysFiles.stat(c, f, true);
                    if (st.isPresent() && st.get().isDirectory()) {
                        if (!o.has('s')) {
                            c.err("grep: " + f + ": Is a directory\n");
                        }
                        continue;
                    }
                    in = SysFiles.read(c, f);
                } catch (FsException e) {
                    if (!o.has('s')) {
                        c.err("grep: " + f + ": " + e.errno().text() + "\n");
                    }
                    error = true;
                    continue;
                }
            }
            String name = f.equals("-") ? "(standard input)" : f;
            long count = 0;
            long lineNo = 0;
            String line;
            StringBuilder sb = new StringBuilder();
            while ((line = readLine(in, buf)) != null) {
                c.checkAlive();
                lineNo++;
                boolean hit = false;
                Matcher hitM = null;
                for (Pattern p : ps) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        hit = true;
                        hitM = m;
                        break;
                    }
                }
                if (hit == o.has('v')) {
                    continue;
                }
                matchedAny = true;
                count++;
                if (o.has('q')) {
                    return 0;
                }
                if (o.has('l') || o.has('c') || o.has('L')) {
                    if (count >= max) {
                        break;
                    }
                    if (o.has('l')) {
                        break;
                    }
                    continue;
                }
                String prefix = (showName ? name + ":" : "") + (o.has('n') ? lineNo + ":" : "");
                if (o.has('o') && hitM != null && !o.has('v')) {
                    do {
                        if (!hitM.group().isEmpty()) {
                            sb.append(prefix).append(hitM.group()).append('\n');
                        }
                    } while (hitM.find());
                } else {
                    sb.append(prefix).append(line).append('\n');
                }
                if (sb.length() > 4096 || c.isTty() || f.equals("-")) {
                    c.out(sb.toString());
                    sb.setLength(0);
                }
                if (count >= max) {
                    break;
                }
            }
            if (o.has('c')) {
                sb.append(showName ? name + ":" : "").append(count).append('\n');
            } else if (o.has('l') && count > 0) {
                sb.append(name).append('\n');
            } else if (o.has('L') && count == 0) {
                sb.append(name).append('\n');
            }
            c.out(sb.toString());
        }
        return error && !(o.has('q') && matchedAny) ? 2 : matchedAny ? 0 : 1;
    }

    private static void collect(ProgramContext c, String f, List<String> out) throws IOException {
        var st = FileApplets.stat(c, f, true);
        if (st.isPresent() && st.get().isDirectory()) {
            for (String n : SysFiles.list(c, f)) {
                collect(c, f.endsWith("/") ? f + n : f + "/" + n, out);
            }
        } else {
            out.add(f);
        }
    }

    private static int tac(ProgramContext c) throws IOException {
        List<String> files = c.args().isEmpty() ? List.of("-") : c.args();
        StringBuilder sb = new StringBuilder();
        int rc = 0;
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            List<String> ls = lines(readAll(in));
            for (int i = ls.size() - 1; i >= 0; i--) {
                sb.append(ls.get(i)).append('\n');
            }
        }
        c.out(sb.toString());
        return rc;
    }

    private static int xargs(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "0rtxp", "nIsLd", false);
        if (o == null) {
            return 1;
        }
        List<String> cmd = o.operands.isEmpty() ? List.of("echo") : o.operands;
        String input = readAll(c.stdin());
        List<String> items = new ArrayList<>();
        if (o.has('0')) {
            for (String s : input.split("\0")) {
                if (!s.isEmpty()) {
                    items.add(s);
                }
            }
        } else if (o.has('I') || o.has('L')) {
            for (String l : lines(input)) {
                if (!l.isBlank()) {
                    items.add(o.has('I') ? l.strip() : l);
                }
            }
        } else {
            Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(input);
            while (m.find()) {
                items.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        if (items.isEmpty() && o.has('r')) {
            return 0;
        }
        int rc = 0;
        if (o.has('I')) {
            String rep = o.value('I', "{}");
            for (String it : items) {
                List<String> argv = new ArrayList<>();
                for (String a : cmd) {
                    argv.add(a.replace(rep, it));
                }
                rc = Math.max(rc, run(c, argv, o.has('t')));
            }
            return rc;
        }
        int per = o.has('n') ? Integer.parseInt(o.value('n', "1")) : o.has('L') ? Integer.parseInt(o.value('L', "1"))
            : Integer.MAX_VALUE;
        int i = 0;
        do {
            List<String> argv = new ArrayList<>(cmd);
            int end = (int) Math.min(items.size(), (long) i + per);
            argv.addAll(items.subList(i, end));
            rc = Math.max(rc, run(c, argv, o.has('t')));
            i = end;
        } while (i < items.size());
        return rc;
    }

    private static int run(ProgramContext c, List<String> argv, boolean trace) throws Exception {
        if (trace) {
            c.err(String.join(" ", argv) + "\n");
        }
        int code = Applets.runCommand(c, argv, c.env(), "xargs");
        return code == 0 ? 0 : code == 127 ? 127 : code == 126 ? 126 : 123;
    }

    private static int base64(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "dwi", "w", true);
        if (o == null) {
            return 1;
        }
        InputStream in = open(c, o.operands.isEmpty() ? "-" : o.operands.get(0));
        if (in == null) {
            return 1;
        }
        byte[] data = in.readAllBytes();
        if (o.has('d')) {
            String s = new String(data, StandardCharsets.US_ASCII).replaceAll("\\s", "");
            try {
                c.stdout().write(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                c.err("base64: invalid input\n");
                return 1;
            }
            return 0;
        }
        String enc = Base64.getEncoder().encodeToString(data);
        int w = Integer.parseInt(o.value('w', "76"));
        StringBuilder sb = new StringBuilder();
        if (w <= 0) {
            sb.append(enc).append('\n');
        } else {
            for (int i = 0; i < enc.length(); i += w) {
                sb.append(enc, i, Math.min(enc.length(), i + w)).append('\n');
            }
        }
        c.out(sb.toString());
        return 0;
    }

    private static int digest(ProgramContext c, String algo) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "csbtw", "", true);
        if (o == null) {
            return 1;
        }
        if (o.has('c')) {
            return checkDigests(c, algo, o.operands.isEmpty() ? "-" : o.operands.get(0));
        }
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            InputStream in = open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            sb.append(hash(algo, in)).append("  ").append(f).append('\n');
        }
        c.out(sb.toString());
        return rc;
    }

    private static String hash(String algo, InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algo);
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    private static int checkDigests(ProgramContext c, String algo, String list) throws IOException {
        InputStream in = open(c, list);
        if (in == null) {
            return 1;
        }
        int rc = 0;
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : lines(readAll(in))) {
            String[] p = line.split("\\s+\\*?", 2);
            if (p.length < 2) {
                continue;
            }
            InputStream f = open(c, p[1]);
            boolean ok = f != null && hash(algo, f).equalsIgnoreCase(p[0]);
            results.put(p[1], ok ? "OK" : "FAILED");
            if (!ok) {
                rc = 1;
            }
        }
        StringBuilder sb = new StringBuilder();
        results.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        c.out(sb.toString());
        return rc;
    }
}
