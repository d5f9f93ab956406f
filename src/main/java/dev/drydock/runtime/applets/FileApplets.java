package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import java.util.Optional;

import dev.drydock.fs.Errno;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.MountTable;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.ResumableProgram;
import dev.drydock.runtime.Users;
import dev.drydock.runtime.io.Pipe;

/** File applets over the container filesystem: cat, ls, mkdir, rm, cp, mv, touch, ln, chmod, chown, stat, ... */
final class FileApplets {
    private FileApplets() {
    }

    static void register(ProgramRegistry r) {
        r.registerApplet("cat", dev.drydock.runtime.Program.resumable(FileApplets::catSliced));
        Applets.reg(r, "ls", Ls::run);
        Applets.reg(r, "pwd", c -> {
            c.out(c.cwd() + "\n");
            return 0;
        });
        Applets.reg(r, "mkdir", FileApplets::mkdir);
        Applets.reg(r, "rm", FileApplets::rm);
        Applets.reg(r, "rmdir", FileApplets::rmdir);
        Applets.reg(r, "cp", FileApplets::cp);
        Applets.reg(r, "mv", FileApplets::mv);
        Applets.reg(r, "touch", FileApplets::touch);
        Applets.reg(r, "ln", FileApplets::ln);
        Applets.reg(r, "chmod", FileApplets::chmod);
        Applets.reg(r, "chown", c -> chown(c, false));
        Applets.reg(r, "chgrp", c -> chown(c, true));
        Applets.reg(r, "stat", FileApplets::stat);
        Applets.reg(r, "find", Find::run);
        Applets.reg(r, "du", FileApplets::du);
        Applets.reg(r, "df", FileApplets::df);
        Applets.reg(r, "readlink", FileApplets::readlink);
        Applets.reg(r, "realpath", c -> {
            int rc = 0;
            for (String p : c.args()) {
                try {
                    c.out(c.fs().realPath(c.resolve(p)) + "\n");
                } catch (FsException e) {
                    c.err("realpath: " + p + ": " + e.errno().text() + "\n");
                    rc = 1;
                }
            }
            return rc;
        });
        Applets.reg(r, "mktemp", FileApplets::mktemp);
        Applets.reg(r, "tee", FileApplets::tee);
        Applets.reg(r, "install", FileApplets::install);
    }

    /** Busybox "name: path: strerror" message. */
    static void fail(ProgramContext c, String path, FsException e) throws IOException {
        c.err(c.name() + ": " + path + ": " + e.errno().text() + "\n");
    }

    static Optional<FileStat> stat(ProgramContext c, String path, boolean follow) {
        try {
            return SysFiles.stat(c, path, follow);
        } catch (FsException e) {
            return Optional.empty();
        }
    }

    static void copyStream(ProgramContext c, InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32768];
        int n;
        while ((n = in.read(buf)) > 0) {
            c.checkAlive();
            out.write(buf, 0, n);
        }
    }

    /**
     * {@code cat} with no arguments copying a pipe ({@code tail -f log | cat}) waits for input without a thread;
     * any other {@code cat} runs to its end at once.
     */
    private static ResumableProgram.Slice catSliced(ProgramContext c) throws Exception {
        if (c.args().isEmpty() && Pipe.whenReadable(c.stdin()) != null) {
            return pump(c, new byte[32768]);
        }
        return ResumableProgram.Slice.exit(cat(c));
    }

    /** Copies what the stdin pipe holds, then waits for more without a thread; ends at EOF. */
    private static ResumableProgram.Slice pump(ProgramContext c, byte[] buf) throws IOException {
        InputStream in = c.stdin();
        while (true) {
            c.checkAlive(); // a killed process is resumed at once: it must not wait again
            CompletableFuture<Void> readable = Pipe.whenReadable(in);
            if (!readable.isDone()) {
                return ResumableProgram.Slice.await(readable, () -> pump(c, buf));
            }
            int n = in.read(buf); // bytes are buffered or the writer closed: no wait
            if (n < 0) {
                return ResumableProgram.Slice.exit(0);
            }
            c.stdout().write(buf, 0, n);
        }
    }

    private static int cat(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "nbvteAsu", "", true);
        if (o == null) {
            return 1;
        }
        List<String> files = o.operands.isEmpty() ? List.of("-") : o.operands;
        int rc = 0;
        int[] lineNo = {1};
        for (String f : files) {
            InputStream in;
            if (f.equals("-")) {
                in = c.stdin();
            } else {
                Optional<FileStat> st = stat(c, f, true);
                if (st.isPresent() && st.get().isDirectory()) {
                    c.err("cat: read error: Is a directory\n");
                    rc = 1;
                    continue;
                }
                try {
                    in = SysFiles.read(c, f);
                } catch (FsException e) {
                    c.err("cat: can't open '" + f + "': " + e.errno().text() + "\n");
                    rc = 1;
                    continue;
                }
            }
            try {
                if (o.has('n') || o.has('b')) {
                    numbered(c, in, o.has('b'), lineNo);
                } else {
                    copyStream(c, in, c.stdout());
                }
            } finally {
                if (!f.equals("-")) {
                    in.close();
                }
            }
        }
        return rc;
    }

    private static void numbered(ProgramContext c, InputStream in, boolean nonBlank, int[] lineNo)
        throws IOException {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            String line = nl < 0 ? text.substring(start) : text.substring(start, nl + 1);
            if (nonBlank && line.equals("\n")) {
                sb.append(line);
            } else {
                sb.append(String.format("%6d\t", lineNo[0]++)).append(line);
            }
            start = nl < 0 ? text.length() : nl + 1;
        }
        c.out(sb.toString());
    }

    private static int mkdir(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "pv", "m", true);
        if (o == null) {
            return 1;
        }
        if (o.operands.isEmpty()) {
            c.err("mkdir: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        int rc = 0;
        Integer mode = o.has('m') ? parseMode(o.value('m', "755"), 0777) : null;
        for (String d : o.operands) {
            String p = c.resolve(d);
            try {
                if (o.has('p')) {
                    c.fs().mkdirs(p);
                } else {
                    c.fs().mkdir(p);
                }
                if (mode != null) {
                    c.fs().chmod(p, mode);
                } else if (SysFiles.umask(c) != 022) {
                    c.fs().chmod(p, 0777 & ~SysFiles.umask(c));
                }
                if (c.uid() != 0) {
                    c.fs().chown(p, c.uid(), c.gid());
                }
            } catch (FsException e) {
                c.err("mkdir: can't create directory '" + d + "': " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        return rc;
    }

    private static int rm(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "rRfiv", "", true);
        if (o == null) {
            return 1;
        }
        boolean rec = o.has('r') || o.has('R');
        boolean force = o.has('f');
        if (o.operands.isEmpty() && !force) {
            c.err("rm: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        int rc = 0;
        for (String f : o.operands) {
            String p = c.resolve(f);
            Optional<FileStat> st = stat(c, p, false);
            if (st.isEmpty()) {
                if (!force) {
                    c.err("rm: can't remove '" + f + "': No such file or directory\n");
                    rc = 1;
                }
                continue;
            }
            if (st.get().isDirectory() && !rec) {
                c.err("rm: '" + f + "' is a directory\n");
                rc = 1;
                continue;
            }
            if (p.equals("/")) {
                c.err("rm: can't remove '/'\n");
                rc = 1;
                continue;
            }
            try {
                removeTree(c, p);
            } catch (FsException e) {
                c.err("rm: can't remove '" + f + "': " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        return rc;
    }

    static void removeTree(ProgramContext c, String p) throws FsException {
        FsView fs = c.fs();
        Optional<FileStat> st = fs.stat(p, false);
        if (st.isEmpty()) {
            return;
        }
        if (st.get().isDirectory()) {
            for (String n : fs.list(p)) {
                c.checkAlive();
                removeTree(c, p.equals("/") ? "/" + n : p + "/" + n);
            }
        }
        fs.delete(p);
    }

    private static int rmdir(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "pv", "", true);
        if (o == null) {
            return 1;
        }
        int rc = 0;
        for (String d : o.operands) {
            String p = c.resolve(d);
            try {
                Optional<FileStat> st = c.fs().stat(p, false);
                if (st.isEmpty()) {
                    throw new FsException(Errno.ENOENT, p);
                }
                if (!st.get().isDirectory()) {
                    throw new FsException(Errno.ENOTDIR, p);
                }
                c.fs().delete(p);
                if (o.has('p')) {
                    String parent = Paths.parent(p);
                    while (!parent.equals("/") && !parent.equals(c.cwd())) {
                        try {
                            c.fs().delete(parent);
                        } catch (FsException e) {
                            break;
                        }
                        parent = Paths.parent(parent);
                    }
                }
            } catch (FsException e) {
                c.err("rmdir: '" + d + "': " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        return rc;
    }

    private static int cp(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "rRpafdPLvniuT", "", true);
        if (o == null) {
            return 1;
        }
        boolean rec = o.has('r') || o.has('R') || o.has('a');
        boolean keepLinks = o.has('a') || o.has('d') || o.has('P') || (rec && !o.has('L'));
        boolean preserve = o.has('p') || o.has('a');
        if (o.operands.size() < 2) {
            c.err("cp: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        List<String> srcs = o.operands.subList(0, o.operands.size() - 1);
        String dst = o.operands.get(o.operands.size() - 1);
        String dp = c.resolve(dst);
        boolean dstDir = stat(c, dp, true).map(FileStat::isDirectory).orElse(false);
        if (srcs.size() > 1 && !dstDir) {
            c.err("cp: '" + dst + "' is not a directory\n");
            return 1;
        }
        int rc = 0;
        for (String s : srcs) {
            String sp = c.resolve(s);
            Optional<FileStat> st = stat(c, sp, !keepLinks);
            if (st.isEmpty()) {
                c.err("cp: can't stat '" + s + "': No such file or directory\n");
                rc = 1;
                continue;
            }
            if (st.get().isDirectory() && !rec) {
                c.err("cp: omitting directory '" + s + "'\n");
                rc = 1;
                continue;
            }
            String target = dstDir ? (dp.equals("/") ? "/" : dp + "/") + Paths.name(sp) : dp;
            if (st.get().isDirectory() && Paths.isUnder(target, sp)) {
                c.err("cp: can't copy a directory into itself\n");
                rc = 1;
                continue;
            }
            try {
                copyTree(c, sp, target, keepLinks, preserve);
            } catch (FsException e) {
                c.err("cp: can't create '" + e.path() + "': " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        return rc;
    }

    static void copyTree(ProgramContext c, String src, String dst, boolean keepLinks, boolean preserve)
        throws IOException {
        FsView fs = c.fs();
        FileStat st = SysFiles.stat(c, src, !keepLinks).orElseThrow(() -> new FsException(Errno.ENOENT, src));
        if (st.isSymlink()) {
            if (fs.stat(dst, false).isPresent()) {
                fs.delete(dst);
            }
            fs.symlink(dst, st.linkTarget());
            return;
        }
        if (st.isDirectory()) {
            if (fs.stat(dst, true).isEmpty()) {
                fs.mkdir(dst);
            }
            for (String n : fs.list(src)) {
                c.checkAlive();
                copyTree(c, src + "/" + n, (dst.equals("/") ? "" : dst) + "/" + n, keepLinks, preserve);
            }
        } else {
            try (InputStream in = SysFiles.read(c, src); OutputStream out = fs.write(dst, false)) {
                copyStream(c, in, out);
            }
        }
        fs.chmod(dst, st.mode());
        if (preserve) {
            fs.chown(dst, st.uid(), st.gid());
            fs.setModified(dst, st.modified());
        } else if (c.uid() != 0) {
            fs.chown(dst, c.uid(), c.gid());
        }
    }

    private static int mv(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "fivnT", "", true);
        if (o == null) {
            return 1;
        }
        if (o.operands.size() < 2) {
            c.err("mv: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        List<String> srcs = o.operands.subList(0, o.operands.size() - 1);
        String dst = c.resolve(o.operands.get(o.operands.size() - 1));
        boolean dstDir = stat(c, dst, true).map(FileStat::isDirectory).orElse(false);
        int rc = 0;
        for (String s : srcs) {
            String sp = c.resolve(s);
            String target = dstDir ? (dst.equals("/") ? "" : dst) + "/" + Paths.name(sp) : dst;
            if (stat(c, sp, false).isEmpty()) {
                c.err("mv: can't rename '" + s + "': No such file or directory\n");
                rc = 1;
                continue;
            }
            try {
                c.fs().rename(sp, target);
            } catch (FsException e) {
                if (e.errno() == Errno.EXDEV) {
                    copyTree(c, sp, target, true, true);
                    removeTree(c, sp);
                } else {
                    c.err("mv: can't rename '" + s + "': " + e.errno().text() + "\n");
                    rc = 1;
                }
            }
        }
        return rc;
    }

    private static int touch(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "cham", "dtr", true);
        if (o == null) {
            return 1;
        }
        Instant t = c.clock().now();
        if (o.has('r')) {
            Optional<FileStat> ref = stat(c, o.value('r', ""), true);
            if (ref.isPresent()) {
                t = ref.get().modified();
            }
        }
        if (o.has('d')) {
            try {
                t = Instant.parse(o.value('d', "").replace(' ', 'T') + (o.value('d', "").endsWith("Z") ? "" : "Z"));
            } catch (RuntimeException e) {
                c.err("touch: invalid date '" + o.value('d', "") + "'\n");
                return 1;
            }
        }
        int rc = 0;
        for (String f : o.operands) {
            String p = c.resolve(f);
            try {
                if (c.fs().stat(p, true).isEmpty()) {
                    if (o.has('c')) {
                        continue;
                    }
                    c.fs().write(p, true).close();
                    if (SysFiles.umask(c) != 022) {
                        c.fs().chmod(p, 0666 & ~SysFiles.umask(c));
                    }
                    if (c.uid() != 0) {
                        c.fs().chown(p, c.uid(), c.gid());
                    }
                }
                c.fs().setModified(p, t);
            } catch (FsException e) {
                c.err("touch: " + f + ": " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        return rc;
    }

    private static int ln(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "sfnvT", "", true);
        if (o == null) {
            return 1;
        }
        if (o.operands.isEmpty()) {
            c.err("ln: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String target = o.operands.get(0);
        String link = o.operands.size() > 1 ? o.operands.get(1) : Paths.name(target);
        String lp = c.resolve(link);
        if (!o.has('n') && stat(c, lp, true).map(FileStat::isDirectory).orElse(false)) {
            lp = lp + "/" + Paths.name(target);
        }
        try {
            if (c.fs().stat(lp, false).isPresent()) {
                if (!o.has('f')) {
                    c.err("ln: " + link + ": File exists\n");
                    return 1;
                }
                c.fs().delete(lp);
            }
            if (o.has('s')) {
                c.fs().symlink(lp, target);
            } else {
                copyTree(c, c.resolve(target), lp, false, true);
            }
        } catch (FsException e) {
            c.err("ln: " + link + ": " + e.errno().text() + "\n");
            return 1;
        }
        return 0;
    }

    /** Parses an octal or symbolic mode relative to {@code current}; null when invalid. */
    static Integer parseMode(String spec, int current) {
        if (spec.matches("[0-7]{1,4}")) {
            return Integer.parseInt(spec, 8);
        }
        int mode = current;
        for (String clause : spec.split(",")) {
            int i = 0;
            int who = 0;
            while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
                switch (clause.charAt(i)) {
                    case 'u' -> who |= 04700;
                    case 'g' -> who |= 02070;
                    case 'o' -> who |= 01007;
                    default -> who |= 07777;
                }
                i++;
            }
            if (who == 0) {
                who = 07777;
            }
            if (i >= clause.length()) {
                return null;
            }
            while (i < clause.length()) {
                char op = clause.charAt(i++);
                if ("+-=".indexOf(op) < 0) {
                    return null;
                }
                int bits = 0;
                while (i < clause.length() && "rwxXst".indexOf(clause.charAt(i)) >= 0) {
                    switch (clause.charAt(i)) {
                        case 'r' -> bits |= 0444;
                        case 'w' -> bits |= 0222;
                        case 'x' -> bits |= 0111;
                        case 'X' -> bits |= ((current & 0111) != 0 || (current & 040000) != 0) ? 0111 : 0;
                        case 's' -> bits |= 06000;
                        default -> bits |= 01000;
                    }
                    i++;
                }
                bits &= who;
                if (op == '+') {
                    mode |= bits;
                } else if (op == '-') {
                    mode &= ~bits;
                } else {
                    mode = (mode & ~(who & 0777)) | bits;
                }
            }
        }
        return mode & 07777;
    }

    private static int chmod(ProgramContext c) throws Exception {
        List<String> a = new ArrayList<>(c.args());
        boolean rec = false;
        while (!a.isEmpty() && (a.get(0).equals("-R") || a.get(0).equals("-v") || a.get(0).equals("-f"))) {
            rec |= a.remove(0).equals("-R");
        }
        if (a.size() < 2) {
            c.err("chmod: missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String spec = a.get(0);
        int rc = 0;
        for (String f : a.subList(1, a.size())) {
            rc |= chmodOne(c, c.resolve(f), f, spec, rec);
        }
        return rc;
    }

    private static int chmodOne(ProgramContext c, String p, String shown, String spec, boolean rec)
        throws IOException {
        Optional<FileStat> st = stat(c, p, true);
        if (st.isEmpty()) {
            c.err("chmod: " + shown + ": No such file or directory\n");
            return 1;
        }
        Integer m = parseMode(spec, st.get().mode() | (st.get().isDirectory() ? 040000 : 0));
        if (m == null) {
            c.err("chmod: invalid mode '" + spec + "'\n");
            return 1;
        }
        try {
            c.fs().chmod(p, m);
        } catch (FsException e) {
            fail(c, shown, e);
            return 1;
        }
        int rc = 0;
        if (rec && st.get().isDirectory()) {
            for (String n : c.fs().list(p)) {
                rc |= chmodOne(c, p + "/" + n, shown + "/" + n, spec, true);
            }
        }
        return rc;
    }

    private static int chown(ProgramContext c, boolean groupOnly) throws Exception {
        List<String> a = new ArrayList<>(c.args());
        boolean rec = false;
        while (!a.isEmpty() && a.get(0).startsWith("-") && a.get(0).length() > 1) {
            rec |= a.remove(0).contains("R");
        }
        if (a.size() < 2) {
            c.err(c.name() + ": missing operand\n" + Applets.USAGE_LINE);
            return 1;
        }
        String spec = a.get(0);
        Integer uid = null;
        Integer gid = null;
        String u = groupOnly ? "" : spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String g = groupOnly ? spec : spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
        if (!u.isEmpty()) {
            uid = u.matches("[0-9]+") ? Integer.valueOf(u) : Users.userId(c.fs(), u);
            if (uid == null) {
                c.err(c.name() + ": unknown user " + u + "\n");
                return 1;
            }
        }
        if (!g.isEmpty()) {
            gid = g.matches("[0-9]+") ? Integer.valueOf(g) : Users.groupId(c.fs(), g);
            if (gid == null) {
                c.err(c.name() + ": unknown group " + g + "\n");
                return 1;
            }
        } else if (spec.endsWith(":") && uid != null) {
            gid = Users.resolve(c.fs(), u).gid();
        }
        int rc = 0;
        for (String f : a.subList(1, a.size())) {
            rc |= chownOne(c, c.resolve(f), f, uid, gid, rec);
        }
        return rc;
    }

    private static int chownOne(ProgramContext c, String p, String shown, Integer uid, Integer gid, boolean rec)
        throws IOException {
        Optional<FileStat> st = stat(c, p, false);
        if (st.isEmpty()) {
            c.err(c.name() + ": " + shown + ": No such file or directory\n");
            return 1;
        }
        try {
            c.fs().chown(p, uid == null ? st.get().uid() : uid, gid == null ? st.get().gid() : gid);
        } catch (FsException e) {
            fail(c, shown, e);
            return 1;
        }
        int rc = 0;
        if (rec && st.get().isDirectory()) {
            for (String n : c.fs().list(p)) {
                rc |= chownOne(c, p + "/" + n, shown + "/" + n, uid, gid, true);
            }
        }
        return rc;
    }

    static String modeString(FileStat st) {
        char t = switch (st.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case OTHER -> 'c';
            default -> '-';
        };
        int m = st.isSymlink() ? 0777 : st.mode();
        StringBuilder sb = new StringBuilder().append(t);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((m & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        if ((m & 04000) != 0) {
            sb.setCharAt(3, sb.charAt(3) == 'x' ? 's' : 'S');
        }
        if ((m & 02000) != 0) {
            sb.setCharAt(6, sb.charAt(6) == 'x' ? 's' : 'S');
        }
        if ((m & 01000) != 0) {
            sb.setCharAt(9, sb.charAt(9) == 'x' ? 't' : 'T');
        }
        return sb.toString();
    }

    static long sizeOf(FileStat st) {
        return st.isDirectory() ? 4096 : st.size();
    }

    private static int stat(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "Lft", "c", true);
        if (o == null) {
            return 1;
        }
        int rc = 0;
        for (String f : o.operands) {
            Optional<FileStat> s = stat(c, f, o.has('L'));
            if (s.isEmpty()) {
                c.err("stat: can't stat '" + f + "': No such file or directory\n");
                rc = 1;
                continue;
            }
            FileStat st = s.get();
            String user = nameOr(Users.userName(c.fs(), st.uid()), "UNKNOWN");
            String group = nameOr(Users.groupName(c.fs(), st.gid()), "UNKNOWN");
            String type = switch (st.type()) {
                case DIRECTORY -> "directory";
                case SYMLINK -> "symbolic link";
                case OTHER -> "character special file";
                default -> st.size() == 0 ? "regular empty file" : "regular file";
            };
            ZonedDateTime mt = st.modified().atZone(ZoneOffset.UTC);
            String ts = String.format("%tF %tT.%09d +0000", mt, mt, mt.getNano());
            if (o.has('c')) {
                String fmt = o.value('c', "");
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < fmt.length(); i++) {
                    char ch = fmt.charAt(i);
                    if (ch != '%' || i + 1 >= fmt.length()) {
                        sb.append(ch);
                        continue;
                    }
                    char k = fmt.charAt(++i);
                    switch (k) {
                        case 'n' -> sb.append(f);
                        case 's' -> sb.append(sizeOf(st));
                        case 'a' -> sb.append(Integer.toOctalString(st.mode()));
                        case 'A' -> sb.append(modeString(st));
                        case 'u' -> sb.append(st.uid());
                        case 'g' -> sb.append(st.gid());
                        case 'U' -> sb.append(user);
                        case 'G' -> sb.append(group);
                        case 'F' -> sb.append(type);
                        case 'Y', 'Z', 'X' -> sb.append(st.modified().getEpochSecond());
                        case 'y', 'z', 'x' -> sb.append(ts);
                        case 'f' -> sb.append(Integer.toHexString(st.fullMode()));
                        case 'h' -> sb.append(1);
                        case 'N' -> sb.append(st.isSymlink() ? "'" + f + "' -> '" + st.linkTarget() + "'"
                            : "'" + f + "'");
                        case '%' -> sb.append('%');
                        default -> sb.append('%').append(k);
                    }
                }
                c.out(sb + "\n");
                continue;
            }
            String name = st.isSymlink() ? "'" + f + "' -> '" + st.linkTarget() + "'" : f;
            c.out(String.format("  File: %s%n  Size: %-10d\tBlocks: %-10d IO Block: 4096   %s%n"
                    + "Device: 2fh/47d\tInode: %-11d Links: %d%n"
                    + "Access: (%04o/%s)  Uid: (%5d/%8s)   Gid: (%5d/%8s)%n"
                    + "Access: %s%nModify: %s%nChange: %s%n", name, sizeOf(st), (sizeOf(st) + 4095) / 4096 * 8,
                type, Math.abs(f.hashCode() % 1000000), st.isDirectory() ? 2 : 1, st.mode(), modeString(st),
                st.uid(), user, st.gid(), group, ts, ts, ts));
        }
        return rc;
    }

    private static String nameOr(String n, String d) {
        return n == null ? d : n;
    }

    static long diskUsage(ProgramContext c, String p, boolean all, boolean human, int depth, int maxDepth,
                          String shown, StringBuilder out) throws IOException {
        Optional<FileStat> st = stat(c, p, false);
        if (st.isEmpty()) {
            return 0;
        }
        long kb = st.get().isDirectory() ? 4 : (st.get().size() + 4095) / 4096 * 4;
        if (st.get().isDirectory()) {
            for (String n : c.fs().list(p)) {
                kb += diskUsage(c, (p.equals("/") ? "" : p) + "/" + n, all, human, depth + 1, maxDepth,
                    (shown.endsWith("/") ? shown : shown + "/") + n, out);
            }
        }
        if ((st.get().isDirectory() || all || depth == 0) && (maxDepth < 0 || depth <= maxDepth)) {
            out.append(human ? human(kb * 1024) : Long.toString(kb)).append('\t').append(shown).append('\n');
        }
        return kb;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        String[] u = {"K", "M", "G", "T"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return v < 10 ? String.format(Locale.ROOT, "%.1f%s", v, u[i]) : String.format(Locale.ROOT, "%.0f%s", v,
            u[i]);
    }

    private static int du(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "sahkmcxL", "d", true);
        if (o == null) {
            return 1;
        }
        List<String> files = o.operands.isEmpty() ? List.of(".") : o.operands;
        int max = o.has('s') ? 0 : o.has('d') ? Integer.parseInt(o.value('d', "0")) : -1;
        int rc = 0;
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (String f : files) {
            if (stat(c, f, false).isEmpty()) {
                c.err("du: " + f + ": No such file or directory\n");
                rc = 1;
                continue;
            }
            total += diskUsage(c, c.resolve(f), o.has('a'), o.has('h'), 0, max, f, sb);
        }
        if (o.has('c')) {
            sb.append(o.has('h') ? human(total * 1024) : Long.toString(total)).append("\ttotal\n");
        }
        c.out(sb.toString());
        return rc;
    }

    private static int df(ProgramContext c) throws IOException {
        Opts o = Opts.parseOrNull(c, c.args(), "PkmhTaiBt", "", true);
        if (o == null) {
            return 1;
        }
        boolean human = o.has('h');
        long unitKb = o.has('m') ? 1024 : 1;
        List<MountTable.Entry> table = MountTable.of(c.fs());
        List<MountTable.Entry> shown = new ArrayList<>();
        int rc = 0;
        if (o.operands.isEmpty()) {
            for (MountTable.Entry e : table) {
                // Like busybox: filesystems without blocks (proc, sysfs, devpts...) only with -a.
                if (e.sizeKb() > 0 || o.has('a')) {
                    shown.add(e);
                }
            }
        } else {
            for (String f : o.operands) {
                if (stat(c, f, true).isEmpty()) {
                    c.err("df: " + f + ": can't find mount point\n");
                    rc = 1;
                    continue;
                }
                String real;
                try {
                    real = c.fs().realPath(c.resolve(f));
                } catch (FsException e) {
                    real = c.resolve(f);
                }
                shown.add(MountTable.owner(table, real));
            }
        }
        StringBuilder sb = new StringBuilder(human ? "Filesystem                Size      Used Available Use% Mounted on\n"
            : "Filesystem           " + (unitKb == 1 ? "1K" : "1M") + "-blocks      Used Available Use% Mounted on\n");
        for (MountTable.Entry e : shown) {
            String dev = String.format("%-20s", e.device());
            sb.append(dev.length() > 20 ? dev + "\n" + " ".repeat(20) : dev);
            long base = e.usedKb() + e.availKb();
            long pct = base == 0 ? 0 : (e.usedKb() * 100 + base / 2) / base;
            if (human) {
                sb.append(String.format(" %9s %9s %9s %3d%% %s\n", humanKb(e.sizeKb()), humanKb(e.usedKb()),
                    humanKb(e.availKb()), pct, e.dir()));
            } else {
                long half = unitKb / 2;
                sb.append(String.format(" %9d %9d %9d %3d%% %s\n", (e.sizeKb() + half) / unitKb,
                    (e.usedKb() + half) / unitKb, (e.availKb() + half) / unitKb, pct, e.dir()));
            }
        }
        c.out(sb.toString());
        return rc;
    }

    /** busybox's make_human_readable_str for a size in KiB: "0", "8.0K", "1.0M", "252.0G". */
    static String humanKb(long kb) {
        if (kb == 0) {
            return "0";
        }
        long val = kb * 1024;
        String units = "\0KMGTPE";
        int u = 0;
        long frac = 0;
        while (val >= 1024) {
            u++;
            frac = ((val % 1024) * 10 + 512) / 1024;
            val /= 1024;
        }
        if (frac >= 10) {
            val++;
            frac = 0;
        }
        return u == 0 ? Long.toString(val) : val + "." + frac + units.charAt(u);
    }

    private static int readlink(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "fenqsv", "", true);
        if (o == null) {
            return 1;
        }
        int rc = 0;
        for (String f : o.operands) {
            if (o.has('f') || o.has('e')) {
                try {
                    c.out(c.fs().realPath(c.resolve(f)) + (o.has('n') ? "" : "\n"));
                } catch (FsException e) {
                    rc = 1;
                }
                continue;
            }
            Optional<FileStat> st = stat(c, f, false);
            if (st.isPresent() && st.get().isSymlink()) {
                c.out(st.get().linkTarget() + (o.has('n') ? "" : "\n"));
            } else {
                rc = 1;
            }
        }
        return rc;
    }

    private static int mktemp(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "dqtu", "p", true);
        if (o == null) {
            return 1;
        }
        String template = o.operands.isEmpty() ? "tmp.XXXXXX" : o.operands.get(0);
        String dir = o.value('p', c.getenv("TMPDIR") == null ? "/tmp" : c.getenv("TMPDIR"));
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        java.util.Random r = new java.util.Random(c.clock().now().toEpochMilli() ^ c.pid() * 31L);
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder sb = new StringBuilder(template);
            for (int i = sb.length() - 1; i >= 0 && sb.charAt(i) == 'X'; i--) {
                sb.setCharAt(i, chars.charAt(r.nextInt(chars.length())));
            }
            String name = sb.toString();
            String p = name.startsWith("/") ? name : (o.operands.isEmpty() || o.has('t') || o.has('p')
                ? dir + "/" + name : c.resolve(name));
            if (c.fs().exists(p)) {
                continue;
            }
            try {
                if (o.has('d')) {
                    c.fs().mkdirs(p);
                    c.fs().chmod(p, 0700);
                } else {
                    c.fs().mkdirs(Paths.parent(p));
                    c.fs().write(p, false).close();
                    c.fs().chmod(p, 0600);
                }
            } catch (FsException e) {
                c.err("mktemp: (null): " + e.errno().text() + "\n");
                return 1;
            }
            c.out(p + "\n");
            return 0;
        }
        return 1;
    }

    private static int tee(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "ai", "", true);
        if (o == null) {
            return 1;
        }
        List<OutputStream> outs = new ArrayList<>();
        int rc = 0;
        for (String f : o.operands) {
            try {
                outs.add(SysFiles.write(c, f, o.has('a')));
            } catch (FsException e) {
                c.err("tee: " + f + ": " + e.errno().text() + "\n");
                rc = 1;
            }
        }
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = c.stdin().read(buf)) > 0) {
                c.stdout().write(buf, 0, n);
                c.stdout().flush();
                for (OutputStream out : outs) {
                    out.write(buf, 0, n);
                }
            }
        } finally {
            for (OutputStream out : outs) {
                out.close();
            }
        }
        return rc;
    }

    private static int install(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "dDcsp", "mog", true);
        if (o == null) {
            return 1;
        }
        int mode = o.has('m') ? parseMode(o.value('m', "755"), 0755) : 0755;
        if (o.has('d')) {
            for (String d : o.operands) {
                c.fs().mkdirs(c.resolve(d));
                c.fs().chmod(c.resolve(d), mode);
            }
            return 0;
        }
        if (o.operands.size() < 2) {
            c.err("install: missing operand\n");
            return 1;
        }
        String dst = c.resolve(o.operands.get(o.operands.size() - 1));
        boolean dir = stat(c, dst, true).map(FileStat::isDirectory).orElse(false);
        for (String s : o.operands.subList(0, o.operands.size() - 1)) {
            String t = dir ? dst + "/" + Paths.name(s) : dst;
            if (o.has('D')) {
                c.fs().mkdirs(Paths.parent(t));
            }
            copyTree(c, c.resolve(s), t, false, false);
            c.fs().chmod(t, mode);
        }
        return 0;
    }

    /** Sorts names the way ls does (plain byte order). */
    static final Comparator<String> NAME_ORDER = Comparator.naturalOrder();

    static String lsDate(Instant t, Instant now) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        boolean recent = Duration.between(t, now).abs().toDays() < 182;
        String mon = String.format(Locale.ROOT, "%tb", z);
        return recent ? String.format(Locale.ROOT, "%s %2d %02d:%02d", mon, z.getDayOfMonth(), z.getHour(),
            z.getMinute()) : String.format(Locale.ROOT, "%s %2d  %d", mon, z.getDayOfMonth(), z.getYear());
    }
}
