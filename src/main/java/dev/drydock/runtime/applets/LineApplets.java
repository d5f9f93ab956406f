package dev.drydock.runtime.applets;

import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** {@code nl}, {@code fold}, {@code paste} and {@code cmp}, with busybox's output formats and quirks. */
final class LineApplets {
    private LineApplets() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "nl", LineApplets::nl);
        Applets.reg(r, "fold", LineApplets::fold);
        Applets.reg(r, "paste", LineApplets::paste);
        Applets.reg(r, "cmp", LineApplets::cmp);
    }

    private static List<String> files(Opts o) {
        return o.operands.isEmpty() ? List.of("-") : o.operands;
    }

    private static int nl(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "", "bwsvi", true);
        if (o == null) {
            return 1;
        }
        boolean all = o.value('b', "t").equals("a");
        int width = Integer.parseInt(o.value('w', "6"));
        String sep = o.value('s', "\t");
        int n = Integer.parseInt(o.value('v', "1"));
        int incr = Integer.parseInt(o.value('i', "1"));
        StringBuilder sb = new StringBuilder();
        int rc = 0;
        for (String f : files(o)) {
            InputStream in = TextApplets.open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            for (String line : TextApplets.lines(TextApplets.readAll(in))) {
                if (all || !line.isEmpty()) {
                    sb.append(String.format("%" + width + "d", n)).append(sep).append(line).append('\n');
                    n += incr;
                } else {
                    sb.append(" ".repeat(width + sep.length())).append(line).append('\n');
                }
            }
        }
        c.out(sb.toString());
        return rc;
    }

    private static int fold(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "bs", "w", true);
        if (o == null) {
            return 1;
        }
        int width = Integer.parseInt(o.value('w', "80"));
        boolean spaces = o.has('s');
        StringBuilder sb = new StringBuilder();
        int rc = 0;
        for (String f : files(o)) {
            InputStream in = TextApplets.open(c, f);
            if (in == null) {
                rc = 1;
                continue;
            }
            String text = TextApplets.readAll(in);
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                String line = nl < 0 ? text.substring(start) : text.substring(start, nl);
                while (line.length() > width) {
                    int cut = width;
                    if (spaces) {
                        int blank = line.lastIndexOf(' ', width - 1);
                        if (blank >= 0) {
                            cut = blank + 1;
                        }
                    }
                    sb.append(line, 0, cut).append('\n');
                    line = line.substring(cut);
                }
                sb.append(line);
                if (nl >= 0) {
                    sb.append('\n');
                }
                start = nl < 0 ? text.length() : nl + 1;
            }
        }
        c.out(sb.toString());
        return rc;
    }

    /** Busybox's paste: a delimiter after each line but the last file's, whose line ends with a newline. */
    private static int paste(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "s", "d", true);
        if (o == null) {
            return 1;
        }
        String delims = unescape(o.value('d', "\t"));
        List<List<String>> inputs = new ArrayList<>();
        for (String f : files(o)) {
            InputStream in = TextApplets.open(c, f);
            if (in == null) {
                return 1;
            }
            inputs.add(TextApplets.lines(TextApplets.readAll(in)));
        }
        StringBuilder sb = new StringBuilder();
        if (o.has('s')) {
            for (List<String> lines : inputs) {
                for (int i = 0; i < lines.size(); i++) {
                    if (i > 0 && !delims.isEmpty()) {
                        sb.append(delims.charAt((i - 1) % delims.length()));
                    }
                    sb.append(lines.get(i));
                }
                sb.append('\n');
            }
        } else {
            int rows = inputs.stream().mapToInt(List::size).max().orElse(0);
            for (int row = 0; row < rows; row++) {
                int d = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    if (row >= inputs.get(i).size()) {
                        continue;
                    }
                    sb.append(inputs.get(i).get(row));
                    if (i == inputs.size() - 1) {
                        sb.append('\n');
                    } else if (!delims.isEmpty()) {
                        sb.append(delims.charAt(d++ % delims.length()));
                    }
                }
            }
        }
        c.out(sb.toString());
        return 0;
    }

    private static String unescape(String d) {
        return d.replace("\\t", "\t").replace("\\n", "\n").replace("\\0", "");
    }

    private static int cmp(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "ls", "", false);
        if (o == null) {
            return 2;
        }
        if (o.operands.isEmpty() || o.operands.size() > 2) {
            c.err("cmp: missing operand\n");
            return 2;
        }
        String n1 = o.operands.get(0);
        String n2 = o.operands.size() > 1 ? o.operands.get(1) : "-";
        InputStream i1 = TextApplets.open(c, n1);
        if (i1 == null) {
            return 2;
        }
        InputStream i2 = TextApplets.open(c, n2);
        if (i2 == null) {
            return 2;
        }
        byte[] a = i1.readAllBytes();
        byte[] b = i2.readAllBytes();
        boolean silent = o.has('s');
        int line = 1;
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        int common = Math.min(a.length, b.length);
        for (int i = 0; i < common; i++) {
            if (a[i] != b[i]) {
                rc = 1;
                if (silent) {
                    break;
                }
                if (!o.has('l')) {
                    sb.append(n1).append(' ').append(n2).append(" differ: char ").append(i + 1)
                            .append(", line ").append(line).append('\n');
                    break;
                }
                sb.append(i + 1).append(' ').append(Integer.toOctalString(a[i] & 0xff)).append(' ')
                        .append(Integer.toOctalString(b[i] & 0xff)).append('\n');
            }
            if (a[i] == '\n') {
                line++;
            }
        }
        c.out(sb.toString());
        if (a.length != b.length && (rc == 0 || o.has('l'))) {
            if (!silent) {
                c.err("cmp: EOF on " + (a.length < b.length ? n1 : n2) + "\n");
            }
            rc = 1;
        }
        return rc;
    }
}
