package dev.drydock.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Paths;

/**
 * The executable-file convention: a regular file starting with {@code \u007FELF\ndrydock-program: NAME\n}
 * runs built-in (or registered) program NAME. Used by the images room to lay out catalog images.
 */
public final class Executables {
    private static final byte[] PREFIX = "\u007FELF\ndrydock-program: ".getBytes(StandardCharsets.ISO_8859_1);

    private Executables() {
    }

    /** The content of an executable that runs program {@code name}. */
    public static byte[] marker(String name) {
        byte[] n = (name + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + n.length);
        System.arraycopy(n, 0, out, PREFIX.length, n.length);
        return out;
    }

    /** The program name if {@code head} (the first bytes of a file) is a marker, else null. */
    public static String programName(byte[] head, int len) {
        if (len < PREFIX.length) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (head[i] != PREFIX[i]) {
                return null;
            }
        }
        int end = PREFIX.length;
        while (end < len && head[end] != '\n') {
            end++;
        }
        return new String(head, PREFIX.length, end - PREFIX.length, StandardCharsets.UTF_8).trim();
    }

    /** Writes an executable marker file (mode 0755), creating parent directories. */
    public static void install(FsView fs, String path, String program) throws FsException {
        fs.mkdirs(Paths.parent(path));
        fs.writeAll(path, marker(program));
        fs.chmod(path, 0755);
    }

    /**
     * Lays out busybox like the official image: {@code /bin/busybox} plus a symlink per applet in /bin
     * (existing files are left alone), so PATH lookups and {@code ls /bin} look real.
     */
    public static void installBusybox(FsView fs, Iterable<String> applets) throws FsException {
        install(fs, "/bin/busybox", "busybox");
        for (String a : applets) {
            String p = "/bin/" + a;
            if (a.equals("busybox") || fs.stat(p, false).isPresent()) {
                continue;
            }
            fs.symlink(p, "/bin/busybox");
        }
    }
}
