package dev.drydock.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.ProcessStartException.Reason;
import dev.drydock.runtime.programs.GenericProgram;

/** Resolves argv[0] the way execvp and runc do: PATH, executable bits, marker files, #! interpreters. */
final class Launcher {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final SimRuntime runtime;

    Launcher(SimRuntime runtime) {
        this.runtime = runtime;
    }

    Launch resolve(FsView fs, String cwd, List<String> argv, String pathEnv) throws ProcessStartException {
        return resolve(fs, cwd, argv, pathEnv, 0);
    }

    private Launch resolve(FsView fs, String cwd, List<String> argv, String pathEnv, int depth)
        throws ProcessStartException {
        String cmd = argv.get(0);
        Optional<Program> override = runtime.programs().command(Paths.name(cmd));
        if (override.isPresent() && !cmd.isEmpty()) {
            return new Launch(override.get(), argv, null, false);
        }
        String path;
        FileStat st;
        if (cmd.contains("/")) {
            path = Paths.resolve(cwd, cmd);
            try {
                st = fs.stat(path, true).orElse(null);
            } catch (FsException e) {
                st = null;
            }
        } else {
            // The search already stat'ed what it found: a second lookup of the same path would cost as much again.
            Found found = find(fs, cmd, pathEnv == null ? DEFAULT_PATH : pathEnv);
            if (found == null) {
                throw new ProcessStartException(Reason.NOT_FOUND,
                    "exec: \"" + cmd + "\": executable file not found in $PATH");
            }
            path = found.path();
            st = found.stat();
        }
        if (st == null) {
            throw new ProcessStartException(Reason.NOT_FOUND,
                "exec: \"" + cmd + "\": stat " + cmd + ": no such file or directory");
        }
        if (!st.isFile() || (st.mode() & 0111) == 0) {
            throw new ProcessStartException(Reason.NOT_EXECUTABLE, "exec: \"" + cmd + "\": permission denied");
        }
        byte[] head = new byte[256];
        int n;
        try (InputStream in = fs.read(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ProcessStartException(Reason.NOT_EXECUTABLE, "exec: \"" + cmd + "\": permission denied");
        }
        String name = Executables.programName(head, n);
        if (name != null) {
            return marker(name, argv, path, cmd);
        }
        if (n >= 2 && head[0] == '#' && head[1] == '!') {
            if (depth > 4) {
                throw new ProcessStartException(Reason.NOT_EXECUTABLE, "exec " + cmd + ": too many levels of "
                    + "symbolic links");
            }
            int end = 2;
            while (end < n && head[end] != '\n') {
                end++;
            }
            String line = new String(head, 2, end - 2, StandardCharsets.UTF_8).trim();
            if (line.isEmpty()) {
                throw new ProcessStartException(Reason.NOT_EXECUTABLE, "exec " + cmd + ": exec format error");
            }
            int sp = indexOfSpace(line);
            List<String> next = new ArrayList<>();
            next.add(sp < 0 ? line : line.substring(0, sp));
            if (sp >= 0 && !line.substring(sp).isBlank()) {
                next.add(line.substring(sp).trim());
            }
            // execvp hands the kernel the PATH-resolved file, so the interpreter gets it (sh docker-entrypoint.sh
            // found in /usr/local/bin runs as "/bin/sh /usr/local/bin/docker-entrypoint.sh")
            next.add(cmd.contains("/") ? cmd : path);
            next.addAll(argv.subList(1, argv.size()));
            try {
                if (!next.get(0).contains("/")) {
                    throw new ProcessStartException(Reason.NOT_FOUND, "");
                }
                Launch inner = resolve(fs, cwd, next, pathEnv, depth + 1);
                return new Launch(inner.program(), inner.argv(), inner.path(), inner.textScript());
            } catch (ProcessStartException e) {
                throw new ProcessStartException(Reason.NOT_FOUND, "exec " + cmd + ": no such file or directory");
            }
        }
        return new Launch(null, argv, path, true);
    }

    private Launch marker(String name, List<String> argv, String path, String cmd) throws ProcessStartException {
        if (name.equals("busybox")) {
            String applet = Paths.name(argv.get(0));
            List<String> av = argv;
            if (applet.equals("busybox")) {
                if (argv.size() < 2 || argv.get(1).startsWith("-")) {
                    return new Launch(runtime.programs().program("busybox").orElseThrow(), argv, path, false);
                }
                av = argv.subList(1, argv.size());
                applet = av.get(0);
            }
            Optional<Program> p = runtime.programs().applet(applet);
            if (p.isEmpty()) {
                String a = applet;
                return new Launch(Program.of(ctx -> {
                    ctx.err(a + ": applet not found\n");
                    return 127;
                }), av, path, false);
            }
            return new Launch(p.get(), av, path, false);
        }
        Optional<Program> p = runtime.programs().program(name);
        if (p.isPresent()) {
            return new Launch(p.get(), argv, path, false);
        }
        // A separate binary named like an applet (Debian's coreutils cat, head, ls, ...) does what the applet does,
        // rather than running until stopped: "sh -c 'cat /etc/hostname'" in a debian-based image must end.
        Optional<Program> applet = runtime.programs().applet(name);
        if (applet.isPresent()) {
            return new Launch(applet.get(), argv, path, false);
        }
        if (runtime.config().strictPrograms()) {
            throw new ProcessStartException(Reason.NOT_FOUND,
                "exec: \"" + cmd + "\": executable file not found in $PATH");
        }
        return new Launch(Program.async(new GenericProgram(name)), argv, path, false);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** The first PATH entry holding {@code name} as an executable file, else a non-executable one, else null. */
    static String search(FsView fs, String name, String pathEnv) {
        Found found = find(fs, name, pathEnv);
        return found == null ? null : found.path();
    }

    /** A PATH match and its stat (following symlinks). */
    private record Found(String path, FileStat stat) {
    }

    /** {@link #search}, keeping the stat of what it found. */
    private static Found find(FsView fs, String name, String pathEnv) {
        if (name.isEmpty()) {
            return null;
        }
        Found fallback = null;
        int start = 0;
        while (start <= pathEnv.length()) {
            int colon = pathEnv.indexOf(':', start);
            if (colon < 0) {
                colon = pathEnv.length();
            }
            String dir = pathEnv.substring(start, colon);
            start = colon + 1;
            if (dir.isEmpty()) {
                dir = ".";
            }
            String p = dir.startsWith("/") ? (dir.endsWith("/") ? dir + name : dir + "/" + name) : null;
            if (p == null) {
                continue;
            }
            try {
                Optional<FileStat> st = fs.stat(p, true);
                if (st.isPresent() && st.get().isFile()) {
                    if ((st.get().mode() & 0111) != 0) {
                        return new Found(p, st.get());
                    }
                    if (fallback == null) {
                        fallback = new Found(p, st.get());
                    }
                }
            } catch (FsException e) {
                // unreadable directory: keep searching
            }
        }
        return fallback;
    }
}
