package dev.drydock.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import dev.drydock.fs.Errno;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.Paths;

/**
 * File access as a process sees it: the container's {@link dev.drydock.fs.FsView} plus the kernel's files
 * ({@code /dev/null}, {@code /dev/stdout}, {@code /proc/net/tcp}, ...) that no image layer holds. Applets and
 * shell redirections go through here.
 */
public final class SysFiles {
    private static final List<String> DEVICES = List.of("null", "zero", "random", "urandom", "tty", "stdin",
        "stdout", "stderr", "full", "console");

    private SysFiles() {
    }

    /** Opens a file for reading (path relative to the working directory). */
    public static InputStream read(ProgramContext ctx, String path) throws FsException {
        String p = ctx.resolve(path);
        switch (p) {
            case "/dev/null", "/dev/full":
                return InputStream.nullInputStream();
            case "/dev/zero":
                return new InputStream() {
                    @Override
                    public int read() {
                        return 0;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        java.util.Arrays.fill(b, off, off + len, (byte) 0);
                        return len;
                    }
                };
            case "/dev/random", "/dev/urandom":
                return new InputStream() {
                    private final Random r = new Random(ctx.pid() * 7919L + 17);

                    @Override
                    public int read() {
                        return r.nextInt(256);
                    }
                };
            case "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0", "/dev/tty":
                return nonClosing(ctx.stdin());
            default:
                break;
        }
        if (NetSysFiles.covers(p)) {
            String content = NetSysFiles.content(ctx, p);
            if (content == null) {
                throw new FsException(NetSysFiles.isDir(ctx, p) ? Errno.EISDIR : Errno.ENOENT, p);
            }
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
        if (p.startsWith("/proc/")) {
            String content = ProcFiles.content(ctx, p);
            if (content == null) {
                throw new FsException(Errno.ENOENT, p);
            }
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
        return ctx.fs().read(p);
    }

    /** Reads a whole file as UTF-8 text. */
    public static String readText(ProgramContext ctx, String path) throws IOException {
        try (InputStream in = read(ctx, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Opens a file for writing (created 0644 if absent). */
    public static OutputStream write(ProgramContext ctx, String path, boolean append) throws FsException {
        String p = ctx.resolve(path);
        switch (p) {
            case "/dev/null", "/dev/zero":
                return OutputStream.nullOutputStream();
            case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/tty", "/dev/console":
                return nonClosing(ctx.stdout());
            case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2":
                return nonClosing(ctx.stderr());
            case "/dev/full":
                throw new FsException(Errno.ENOSPC, p);
            default:
                break;
        }
        if (p.startsWith("/proc/") || p.equals("/proc")) {
            throw new FsException(Errno.EACCES, p);
        }
        int mask = umask(ctx);
        if (mask == 022 || ctx.fs().exists(p)) {
            return ctx.fs().write(p, append);
        }
        OutputStream out = ctx.fs().write(p, append);
        ctx.fs().chmod(p, 0666 & ~mask);
        return out;
    }

    /** The calling process's umask (022, what files are created with by default, when there is no process). */
    public static int umask(ProgramContext ctx) {
        return ctx.process() == null ? 022 : ctx.process().umask();
    }

    /** Stats a path, including /dev and /proc entries. */
    public static Optional<FileStat> stat(ProgramContext ctx, String path, boolean follow) throws FsException {
        String p = ctx.resolve(path);
        Instant t = Instant.EPOCH;
        if (p.equals("/dev") || p.equals("/proc") || p.equals("/dev/fd")) {
            Optional<FileStat> real = ctx.fs().stat(p, follow);
            return real.isPresent() ? real : Optional.of(new FileStat(FileStat.Type.DIRECTORY, 0, 0755, 0, 0, t,
                null));
        }
        if (p.startsWith("/dev/") && DEVICES.contains(p.substring(5))) {
            return Optional.of(new FileStat(FileStat.Type.OTHER, 0, 0666, 0, 0, t, null));
        }
        if (NetSysFiles.covers(p)) {
            if (NetSysFiles.isDir(ctx, p)) {
                return Optional.of(new FileStat(FileStat.Type.DIRECTORY, 0, 0755, 0, 0, t, null));
            }
            String c = NetSysFiles.content(ctx, p);
            return c == null ? Optional.empty()
                : Optional.of(new FileStat(FileStat.Type.FILE, 0, 0444, 0, 0, t, null));
        }
        if (p.startsWith("/proc/")) {
            if (ProcFiles.isDir(ctx, p)) {
                return Optional.of(new FileStat(FileStat.Type.DIRECTORY, 0, 0555, 0, 0, t, null));
            }
            String c = ProcFiles.content(ctx, p);
            return c == null ? Optional.empty()
                : Optional.of(new FileStat(FileStat.Type.FILE, 0, 0444, 0, 0, t, null));
        }
        return ctx.fs().stat(p, follow);
    }

    /** True when the path exists (following links). */
    public static boolean exists(ProgramContext ctx, String path) {
        try {
            return stat(ctx, path, true).isPresent();
        } catch (FsException e) {
            return false;
        }
    }

    /** Lists a directory, including /dev and /proc. */
    public static List<String> list(ProgramContext ctx, String dir) throws FsException {
        String p = ctx.resolve(dir);
        if (p.equals("/dev")) {
            TreeSet<String> names = new TreeSet<>(DEVICES);
            if (ctx.fs().exists("/dev")) {
                names.addAll(ctx.fs().list("/dev"));
            }
            return new ArrayList<>(names);
        }
        if (NetSysFiles.covers(p)) {
            List<String> l = NetSysFiles.list(ctx, p);
            if (l == null) {
                throw new FsException(Errno.ENOENT, p);
            }
            return l;
        }
        if (p.equals("/proc") || p.startsWith("/proc/")) {
            List<String> l = ProcFiles.list(ctx, p);
            if (l == null) {
                throw new FsException(Errno.ENOENT, p);
            }
            return l;
        }
        List<String> names = ctx.fs().list(p);
        if (p.equals("/") && (!names.contains("proc") || !names.contains("dev"))) {
            TreeSet<String> s = new TreeSet<>(names);
            s.add("proc");
            s.add("dev");
            return new ArrayList<>(s);
        }
        return names;
    }

    /** The parent directory of a path. */
    public static String parent(String p) {
        return Paths.parent(p);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // a standard stream stays open
            }
        };
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
