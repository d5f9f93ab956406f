package dev.drydock.runtime.applets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.SysFiles;

/** tar (c/x/t, z, v, f, C) and gzip/gunzip/zcat over the container filesystem. */
final class ArchiveApplets {
    private ArchiveApplets() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "tar", ArchiveApplets::tar);
        Applets.reg(r, "gzip", c -> gzip(c, false));
        Applets.reg(r, "gunzip", c -> gzip(c, true));
        Applets.reg(r, "zcat", ArchiveApplets::zcat);
    }

    private static int tar(ProgramContext c) throws Exception {
        List<String> a = new ArrayList<>(c.args());
        if (!a.isEmpty() && !a.get(0).startsWith("-")) {
            a.set(0, "-" + a.get(0));
        }
        Opts o = Opts.parseOrNull(c, a, "cxtzvOhpo", "fC", true);
        if (o == null) {
            return 1;
        }
        String file = o.value('f', "-");
        String dir = o.value('C', ".");
        boolean gz = o.has('z');
        if (o.has('c')) {
            OutputStream raw = file.equals("-") ? c.stdout() : SysFiles.write(c, file, false);
            OutputStream sink = gz ? new GZIPOutputStream(raw) : raw;
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(sink)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                String base = c.resolve(dir);
                for (String op : o.operands) {
                    add(c, tar, Paths.resolve(base, op), op.replaceAll("^/+", ""), o.has('v'));
                }
                tar.finish();
            }
            if (!file.equals("-")) {
                raw.close();
            }
            return 0;
        }
        if (o.has('x') || o.has('t')) {
            InputStream raw;
            try {
                raw = file.equals("-") ? c.stdin() : SysFiles.read(c, file);
            } catch (FsException e) {
                c.err("tar: can't open '" + file + "': " + e.errno().text() + "\n");
                return 1;
            }
            InputStream src = raw;
            if (gz || file.endsWith(".gz") || file.endsWith(".tgz")) {
                src = new GZIPInputStream(raw);
            }
            String base = c.resolve(dir);
            StringBuilder list = new StringBuilder();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(src)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    c.checkAlive();
                    String name = e.getName();
                    if (o.has('t')) {
                        list.append(name).append('\n');
                        continue;
                    }
                    if (o.has('v')) {
                        list.append(name).append('\n');
                    }
                    String target = Paths.resolve(base, name);
                    if (e.isDirectory()) {
                        c.fs().mkdirs(target);
                    } else if (e.isSymbolicLink()) {
                        c.fs().mkdirs(Paths.parent(target));
                        if (c.fs().stat(target, false).isPresent()) {
                            c.fs().delete(target);
                        }
                        c.fs().symlink(target, e.getLinkName());
                        continue;
                    } else if (e.isLink()) {
                        c.fs().mkdirs(Paths.parent(target));
                        c.fs().writeAll(target, c.fs().readAll(Paths.resolve(base, e.getLinkName())));
                    } else {
                        c.fs().mkdirs(Paths.parent(target));
                        try (OutputStream out = c.fs().write(target, false)) {
                            tar.transferTo(out);
                        }
                    }
                    c.fs().chmod(target, e.getMode() & 07777);
                    if (!o.has('o')) {
                        c.fs().chown(target, (int) e.getLongUserId(), (int) e.getLongGroupId());
                    }
                    c.fs().setModified(target, e.getModTime().toInstant());
                }
            } catch (IOException ex) {
                if (ex instanceof FsException) {
                    throw ex;
                }
                c.err("tar: invalid tar magic\n");
                return 1;
            }
            c.out(list.toString());
            return 0;
        }
        c.err("tar: need to specify one of -c, -t, -x\n" + Applets.USAGE_LINE);
        return 1;
    }

    private static void add(ProgramContext c, TarArchiveOutputStream tar, String path, String name, boolean verbose)
        throws IOException {
        Optional<FileStat> st = SysFiles.stat(c, path, false);
        if (st.isEmpty()) {
            c.err("tar: " + name + ": No such file or directory\n");
            return;
        }
        FileStat s = st.get();
        if (verbose) {
            c.err(name + "\n");
        }
        TarArchiveEntry e;
        if (s.isSymlink()) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(s.linkTarget());
        } else {
            e = new TarArchiveEntry(s.isDirectory() ? (name.endsWith("/") ? name : name + "/") : name);
            if (s.isFile()) {
                e.setSize(s.size());
            }
        }
        e.setMode((s.isDirectory() ? 040000 : s.isSymlink() ? 0120000 : 0100000) | s.mode());
        e.setUserId(s.uid());
        e.setGroupId(s.gid());
        e.setModTime(s.modified().toEpochMilli());
        tar.putArchiveEntry(e);
        if (s.isFile()) {
            try (InputStream in = SysFiles.read(c, path)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
        if (s.isDirectory()) {
            for (String n : c.fs().list(path)) {
                add(c, tar, path + "/" + n, (name.endsWith("/") ? name : name + "/") + n, verbose);
            }
        }
    }

    private static int gzip(ProgramContext c, boolean decompress) throws Exception {
        Opts o = Opts.parseOrNull(c, c.args(), "cdfkqtv123456789n", "", true);
        if (o == null) {
            return 1;
        }
        boolean d = decompress || o.has('d');
        if (o.operands.isEmpty() || o.has('c') && o.operands.isEmpty()) {
            if (d) {
                new GZIPInputStream(c.stdin()).transferTo(c.stdout());
            } else {
                GZIPOutputStream gz = new GZIPOutputStream(c.stdout());
                c.stdin().transferTo(gz);
                gz.finish();
            }
            return 0;
        }
        int rc = 0;
        for (String f : o.operands) {
            String p = c.resolve(f);
            if (!c.fs().exists(p)) {
                c.err((decompress ? "gunzip" : "gzip") + ": can't open '" + f + "': No such file or directory\n");
                rc = 1;
                continue;
            }
            if (d) {
                if (!p.endsWith(".gz")) {
                    c.err("gunzip: " + f + ": unknown suffix - ignored\n");
                    rc = 1;
                    continue;
                }
                String out = p.substring(0, p.length() - 3);
                try (InputStream in = new GZIPInputStream(c.fs().read(p))) {
                    if (o.has('c')) {
                        in.transferTo(c.stdout());
                        continue;
                    }
                    try (OutputStream os = c.fs().write(out, false)) {
                        in.transferTo(os);
                    }
                } catch (java.util.zip.ZipException e) {
                    c.err("gunzip: invalid magic\n");
                    rc = 1;
                    continue;
                }
                c.fs().chmod(out, c.fs().stat(p, true).get().mode());
                if (!o.has('k')) {
                    c.fs().delete(p);
                }
            } else {
                if (o.has('c')) {
                    GZIPOutputStream gz = new GZIPOutputStream(c.stdout());
                    try (InputStream in = c.fs().read(p)) {
                        in.transferTo(gz);
                    }
                    gz.finish();
                    continue;
                }
                try (InputStream in = c.fs().read(p); OutputStream os = new GZIPOutputStream(c.fs().write(p + ".gz",
                    false))) {
                    in.transferTo(os);
                }
                c.fs().chmod(p + ".gz", c.fs().stat(p, true).get().mode());
                if (!o.has('k')) {
                    c.fs().delete(p);
                }
            }
        }
        return rc;
    }

    private static int zcat(ProgramContext c) throws Exception {
        if (c.args().isEmpty()) {
            new GZIPInputStream(c.stdin()).transferTo(c.stdout());
            return 0;
        }
        for (String f : c.args()) {
            try (InputStream in = new GZIPInputStream(SysFiles.read(c, f))) {
                in.transferTo(c.stdout());
            } catch (FsException e) {
                c.err("zcat: can't open '" + f + "': " + e.errno().text() + "\n");
                return 1;
            }
        }
        return 0;
    }
}
