package dev.drydock.runtime.applets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.Users;

/** ls: -l -a -A -1 -d -R -h -t -r -S -F -n, busybox output formats. */
final class Ls {
    private Ls() {
    }

    private record Entry(String name, String path, FileStat st) {
    }

    private static final java.util.Set<String> LONG_OPTIONS = java.util.Set.of("full-time", "group-directories-first",
            "color");
    private static final String USAGE = """

            Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...

            List directory contents

            \t-1\tOne column output
            \t-a\tInclude names starting with .
            \t-A\tLike -a, but exclude . and ..
            \t-x\tList by lines
            \t-d\tList directory names, not contents
            \t-L\tFollow symlinks
            \t-H\tFollow symlinks on command line
            \t-R\tRecurse
            \t-p\tAppend / to directory names
            \t-F\tAppend indicator (one of */=@|) to names
            \t-l\tLong format
            \t-i\tList inode numbers
            \t-n\tList numeric UIDs and GIDs instead of names
            \t-s\tList allocated blocks
            \t-lc\tList ctime
            \t-lu\tList atime
            \t--full-time\tList full date/time
            \t-h\tHuman readable sizes (1K 243M 2G)
            \t--group-directories-first
            \t-S\tSort by size
            \t-X\tSort by extension
            \t-v\tSort by version
            \t-t\tSort by mtime
            \t-tc\tSort by ctime
            \t-tu\tSort by atime
            \t-r\tReverse sort order
            \t-w N\tFormat N columns wide
            \t--color[={always,never,auto}]
            """;

    static int run(ProgramContext c) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "laA1dRhtrSFnCxpeio", "", true);
        if (o == null) {
            return 1;
        }
        for (String l : o.longs) {
            String name = l.contains("=") ? l.substring(0, l.indexOf('=')) : l;
            if (!LONG_OPTIONS.contains(name)) {
                c.err("ls: unrecognized option '--" + l + "'\n" + Applets.USAGE_LINE + USAGE);
                return 1;
            }
        }
        List<String> ops = o.operands.isEmpty() ? List.of(".") : o.operands;
        List<Entry> files = new ArrayList<>();
        List<Entry> dirs = new ArrayList<>();
        int rc = 0;
        for (String op : ops) {
            Optional<FileStat> st = FileApplets.stat(c, op, !o.has('l') || !o.has('d'));
            Optional<FileStat> lst = FileApplets.stat(c, op, false);
            if (st.isEmpty() && lst.isEmpty()) {
                c.err("ls: " + op + ": No such file or directory\n");
                rc = 1;
                continue;
            }
            FileStat use = st.orElse(lst.get());
            if (use.isDirectory() && !o.has('d') && !(o.has('l') && lst.get().isSymlink() && !op.endsWith("/"))) {
                dirs.add(new Entry(op, c.resolve(op), use));
            } else {
                files.add(new Entry(op, c.resolve(op), o.has('l') ? lst.get() : use));
            }
        }
        StringBuilder out = new StringBuilder();
        sort(files, o);
        print(c, files, o, out, false);
        boolean header = ops.size() > 1 || o.has('R');
        boolean first = files.isEmpty();
        sort(dirs, o);
        for (Entry d : dirs) {
            rc |= listDir(c, d.name, d.path, o, out, header, first);
            first = false;
        }
        c.out(out.toString());
        return rc;
    }

    private static int listDir(ProgramContext c, String shown, String path, Opts o, StringBuilder out,
                               boolean header, boolean first) throws IOException {
        if (header) {
            if (!first) {
                out.append('\n');
            }
            out.append(shown).append(":\n");
        }
        List<String> names;
        try {
            names = SysFiles.list(c, path);
        } catch (FsException e) {
            c.err("ls: can't open '" + shown + "': " + e.errno().text() + "\n");
            return 1;
        }
        List<Entry> entries = new ArrayList<>();
        if (o.has('a')) {
            FileApplets.stat(c, path, true).ifPresent(s -> entries.add(new Entry(".", path, s)));
            FileApplets.stat(c, dev.drydock.fs.Paths.parent(path), true)
                .ifPresent(s -> entries.add(new Entry("..", path, s)));
        }
        for (String n : names) {
            if (n.startsWith(".") && !o.has('a') && !o.has('A')) {
                continue;
            }
            String p = (path.equals("/") ? "" : path) + "/" + n;
            Optional<FileStat> st = FileApplets.stat(c, p, false);
            if (st.isPresent()) {
                entries.add(new Entry(n, p, st.get()));
            }
        }
        sort(entries, o);
        if (o.has('l') || o.has('n')) {
            long blocks = 0;
            for (Entry e : entries) {
                blocks += e.st.isDirectory() ? 4 : (e.st.size() + 4095) / 4096 * 4;
            }
            out.append("total ").append(blocks).append('\n');
        }
        print(c, entries, o, out, true);
        int rc = 0;
        if (o.has('R')) {
            for (Entry e : entries) {
                if (e.st.isDirectory() && !e.name.equals(".") && !e.name.equals("..")) {
                    rc |= listDir(c, (shown.endsWith("/") ? shown : shown + "/") + e.name, e.path, o, out, true,
                        false);
                }
            }
        }
        return rc;
    }

    private static void sort(List<Entry> l, Opts o) {
        Comparator<Entry> cmp = Comparator.comparing(e -> e.name);
        if (o.has('t')) {
            cmp = Comparator.<Entry, java.time.Instant>comparing(e -> e.st.modified()).reversed()
                .thenComparing(e -> e.name);
        } else if (o.has('S')) {
            cmp = Comparator.<Entry>comparingLong(e -> FileApplets.sizeOf(e.st)).reversed()
                .thenComparing(e -> e.name);
        }
        if (o.has('r')) {
            cmp = cmp.reversed();
        }
        l.sort(cmp);
    }

    private static void print(ProgramContext c, List<Entry> entries, Opts o, StringBuilder out, boolean inDir) {
        boolean longFmt = o.has('l') || o.has('n');
        if (longFmt) {
            java.time.Instant now = c.clock().now();
            for (Entry e : entries) {
                String user = o.has('n') ? null : Users.userName(c.fs(), e.st.uid());
                String group = o.has('n') ? null : Users.groupName(c.fs(), e.st.gid());
                long size = FileApplets.sizeOf(e.st);
                String sz = o.has('h') ? FileApplets.human(size) : Long.toString(size);
                out.append(String.format("%s %4d %-8s %-8s %9s %s %s", FileApplets.modeString(e.st),
                    e.st.isDirectory() ? 2 : 1, user == null ? Integer.toString(e.st.uid()) : user,
                    group == null ? Integer.toString(e.st.gid()) : group, sz, FileApplets.lsDate(e.st.modified(),
                        now), e.name + classify(e, o)));
                if (e.st.isSymlink()) {
                    out.append(" -> ").append(e.st.linkTarget());
                }
                out.append('\n');
            }
            return;
        }
        if (c.isTty() && !o.has('1') && !entries.isEmpty()) {
            int width = 0;
            for (Entry e : entries) {
                width = Math.max(width, e.name.length() + classify(e, o).length());
            }
            int colWidth = width + 2;
            int cols = Math.max(1, 80 / colWidth);
            int rows = (entries.size() + cols - 1) / cols;
            for (int r = 0; r < rows; r++) {
                StringBuilder line = new StringBuilder();
                for (int col = 0; col < cols; col++) {
                    int i = col * rows + r;
                    if (i >= entries.size()) {
                        break;
                    }
                    String s = entries.get(i).name + classify(entries.get(i), o);
                    line.append(s);
                    if ((col + 1) * rows + r < entries.size()) {
                        line.append(" ".repeat(colWidth - s.length()));
                    }
                }
                out.append(line).append('\n');
            }
            return;
        }
        for (Entry e : entries) {
            out.append(e.name).append(classify(e, o)).append('\n');
        }
    }

    private static String classify(Entry e, Opts o) {
        if (o.has('F')) {
            if (e.st.isDirectory()) {
                return "/";
            }
            if (e.st.isSymlink()) {
                return "@";
            }
            if ((e.st.mode() & 0111) != 0) {
                return "*";
            }
        } else if (o.has('p') && e.st.isDirectory()) {
            return "/";
        }
        return "";
    }
}
