package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.drydock.fs.FileStat;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;

/**
 * diff in busybox's one output format, unified ({@code -u} is the default): "--- a" / "+++ b" headers without
 * timestamps, hunks with 3 lines of context ({@code -U N}), "\ No newline at end of file"; {@code -q} only says
 * whether the files differ. Exit 0 when equal, 1 when different, 2 on trouble.
 */
final class Diff {
    private static final char NO_EOL = '\uFFFF';

    private Diff() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "diff", Diff::diff);
    }

    private static int diff(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "uqNabBdiTtw", "U", true);
        if (o == null) {
            return 2;
        }
        if (o.operands.size() != 2) {
            c.err(Applets.USAGE_LINE);
            return 2;
        }
        int context = o.has('U') ? Integer.parseInt(o.value('U', "3")) : 3;
        String left = o.operands.get(0);
        String right = o.operands.get(1);
        String[] labels = {left, right};
        // A directory operand compares with the file of the other one's name inside it, as diff does.
        Optional<FileStat> ls0 = FileApplets.stat(c, left, true);
        Optional<FileStat> rs0 = FileApplets.stat(c, right, true);
        if (!left.equals("-") && ls0.isPresent() && ls0.get().isDirectory() && rs0.isPresent()
            && !rs0.get().isDirectory()) {
            left = left + "/" + dev.drydock.fs.Paths.name(right);
        } else if (!right.equals("-") && rs0.isPresent() && rs0.get().isDirectory() && ls0.isPresent()
            && !ls0.get().isDirectory()) {
            right = right + "/" + dev.drydock.fs.Paths.name(left);
        }
        byte[] a = read(c, left);
        if (a == null) {
            return 2;
        }
        byte[] b = read(c, right);
        if (b == null) {
            return 2;
        }
        if (java.util.Arrays.equals(a, b)) {
            return 0;
        }
        if (o.has('q')) {
            c.out("Files " + labels[0] + " and " + labels[1] + " differ\n");
            return 1;
        }
        c.out(unified(lines(a), lines(b), labels[0], labels[1], context));
        return 1;
    }

    private static byte[] read(ProgramContext c, String f) throws IOException {
        if (!f.equals("-") && FileApplets.stat(c, f, true).isEmpty()) {
            c.err("diff: can't stat '" + f + "': No such file or directory\n");
            return null;
        }
        InputStream in = TextApplets.open(c, f);
        if (in == null) {
            return null;
        }
        try {
            return in.readAllBytes();
        } finally {
            if (!f.equals("-")) {
                in.close();
            }
        }
    }

    private static List<String> lines(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        List<String> l = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int nl = s.indexOf('\n', start);
            if (nl < 0) {
                // A last line without newline differs from the same text with one.
                l.add(s.substring(start) + NO_EOL);
                break;
            }
            l.add(s.substring(start, nl));
            start = nl + 1;
        }
        return l;
    }

    /** One edit: {@code ' '} kept, {@code '-'} only in the left file, {@code '+'} only in the right one. */
    private record Op(char kind, int xi, int yi) {
    }

    /** The edit script from a longest common subsequence of lines. */
    private static List<Op> script(List<String> x, List<String> y) {
        int n = x.size();
        int m = y.size();
        int pre = 0;
        while (pre < n && pre < m && x.get(pre).equals(y.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < n - pre && suf < m - pre && x.get(n - 1 - suf).equals(y.get(m - 1 - suf))) {
            suf++;
        }
        int rn = n - pre - suf;
        int rm = m - pre - suf;
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < pre; i++) {
            ops.add(new Op(' ', i, i));
        }
        if ((long) rn * rm > 20_000_000L) {
            // Too big for the table: everything in between is replaced (still a correct diff).
            for (int i = 0; i < rn; i++) {
                ops.add(new Op('-', pre + i, pre));
            }
            for (int j = 0; j < rm; j++) {
                ops.add(new Op('+', pre + rn, pre + j));
            }
        } else {
            int[][] lcs = new int[rn + 1][rm + 1];
            for (int i = rn - 1; i >= 0; i--) {
                for (int j = rm - 1; j >= 0; j--) {
                    lcs[i][j] = x.get(pre + i).equals(y.get(pre + j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < rn || j < rm) {
                if (i < rn && j < rm && x.get(pre + i).equals(y.get(pre + j))) {
                    ops.add(new Op(' ', pre + i++, pre + j++));
                } else if (j < rm && (i == rn || lcs[i][j + 1] >= lcs[i + 1][j])) {
                    if (i < rn && lcs[i][j + 1] == lcs[i + 1][j]) {
                        ops.add(new Op('-', pre + i++, pre + j));
                    } else {
                        ops.add(new Op('+', pre + i, pre + j++));
                    }
                } else {
                    ops.add(new Op('-', pre + i++, pre + j));
                }
            }
        }
        for (int k = 0; k < suf; k++) {
            ops.add(new Op(' ', n - suf + k, m - suf + k));
        }
        return ops;
    }

    private static String unified(List<String> x, List<String> y, String left, String right, int context) {
        List<Op> ops = script(x, y);
        StringBuilder sb = new StringBuilder("--- ").append(left).append("\n+++ ").append(right).append('\n');
        int k = 0;
        while (k < ops.size()) {
            while (k < ops.size() && ops.get(k).kind() == ' ') {
                k++;
            }
            if (k >= ops.size()) {
                break;
            }
            int start = Math.max(0, k - context);
            int end = k;
            // Extend the hunk while the next change is within 2 * context kept lines.
            while (true) {
                while (end < ops.size() && ops.get(end).kind() != ' ') {
                    end++;
                }
                int keep = end;
                while (keep < ops.size() && ops.get(keep).kind() == ' ') {
                    keep++;
                }
                if (keep < ops.size() && keep - end <= 2 * context) {
                    end = keep;
                    continue;
                }
                end = Math.min(ops.size(), end + context);
                break;
            }
            int xs = -1;
            int ys = -1;
            int xl = 0;
            int yl = 0;
            for (int i = start; i < end; i++) {
                Op op = ops.get(i);
                if (op.kind() != '+') {
                    xl++;
                    if (xs < 0) {
                        xs = op.xi();
                    }
                }
                if (op.kind() != '-') {
                    yl++;
                    if (ys < 0) {
                        ys = op.yi();
                    }
                }
            }
            if (xs < 0) {
                xs = ops.get(start).xi();
            }
            if (ys < 0) {
                ys = ops.get(start).yi();
            }
            sb.append("@@ -").append(range(xs, xl)).append(" +").append(range(ys, yl)).append(" @@\n");
            for (int i = start; i < end; i++) {
                Op op = ops.get(i);
                String text = op.kind() == '+' ? y.get(op.yi()) : x.get(op.xi());
                if (!text.isEmpty() && text.charAt(text.length() - 1) == NO_EOL) {
                    sb.append(op.kind()).append(text, 0, text.length() - 1).append("\n\\ No newline at end of file\n");
                } else {
                    sb.append(op.kind()).append(text).append('\n');
                }
            }
            k = end;
        }
        return sb.toString();
    }

    private static String range(int start, int len) {
        if (len == 0) {
            return start + ",0";
        }
        return len == 1 ? Integer.toString(start + 1) : (start + 1) + "," + len;
    }
}
