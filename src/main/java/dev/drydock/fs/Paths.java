package dev.drydock.fs;

import java.util.ArrayDeque;
import java.util.Deque;

/** Pure string operations on absolute container paths (no filesystem access). */
public final class Paths {
    private Paths() {
    }

    /** Normalizes to an absolute path: collapses "//", ".", and "..", never climbing above "/". */
    public static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** Resolves {@code path} against working directory {@code cwd} and normalizes. */
    public static String resolve(String cwd, String path) {
        return normalize(path.startsWith("/") ? path : cwd + "/" + path);
    }

    /** The parent of a normalized path ("/" for "/" and top-level entries). */
    public static String parent(String path) {
        String p = normalize(path);
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    /** The last element of a path ("/" for the root). */
    public static String name(String path) {
        String p = normalize(path);
        return p.equals("/") ? "/" : p.substring(p.lastIndexOf('/') + 1);
    }

    /** True when {@code path} is {@code base} or lies under it (both normalized). */
    public static boolean isUnder(String path, String base) {
        String p = normalize(path);
        String b = normalize(base);
        return b.equals("/") || p.equals(b) || p.startsWith(b + "/");
    }
}
