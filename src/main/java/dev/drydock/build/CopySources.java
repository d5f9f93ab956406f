package dev.drydock.build;

import dev.drydock.fs.Errno;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.PathFsView;
import dev.drydock.fs.Paths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sources of a COPY or ADD: context paths (globs allowed, {@code .dockerignore} applied) or paths in
 * another stage or image, and the content hash the step's history line and cache key carry.
 */
final class CopySources {
    /** One matched source: its path in its view, and its path relative to the context (for ignore checks). */
    record Source(FsView view, String path, FileStat stat) {
    }

    private CopySources() {
    }

    /**
     * Resolves the given source words.
     *
     * @param ignore the context's exclusions, or null for another stage or image
     */
    static List<Source> resolve(FsView view, DockerIgnore ignore, List<String> words, String cmd) {
        List<Source> out = new ArrayList<>();
        for (String word : words) {
            if (ignore != null && climbsOut(word)) {
                throw new BuildFailure(cmd + " failed: forbidden path outside the build context: " + word + " ()");
            }
            String path = Paths.normalize("/" + word);
            if (hasGlob(path)) {
                List<String> matches = new ArrayList<>();
                glob(view, "/", segments(path), 0, matches);
                for (String m : matches) {
                    if (ignore == null || !ignore.excludes(m.substring(1))) {
                        stat(view, m).ifPresent(st -> out.add(new Source(view, m, st)));
                    }
                }
                continue;
            }
            FileStat st = (ignore != null && !path.equals("/") && ignore.excludes(path.substring(1))) ? null
                    : stat(view, path).orElse(null);
            if (st == null) {
                throw new BuildFailure(cmd + " failed: file not found in build context or excluded by .dockerignore: "
                        + "stat " + word + ": file does not exist");
            }
            out.add(new Source(view, path, st));
        }
        if (out.isEmpty()) {
            throw new BuildFailure(cmd + " failed: no source files were specified");
        }
        return out;
    }

    private static java.util.Optional<FileStat> stat(FsView view, String path) {
        try {
            return view.stat(path, true);
        } catch (FsException e) {
            return java.util.Optional.empty();
        }
    }

    static boolean climbsOut(String word) {
        if (word.startsWith("/")) {
            return false;
        }
        int depth = 0;
        for (String part : word.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static void glob(FsView view, String dir, List<String> segs, int i, List<String> out) {
        if (i == segs.size()) {
            out.add(dir);
            return;
        }
        String seg = segs.get(i);
        String child = dir.equals("/") ? "/" : dir + "/";
        if (!hasGlob(seg)) {
            if (view.exists(child + seg)) {
                glob(view, child + seg, segs, i + 1, out);
            }
            return;
        }
        Pattern p = Pattern.compile(DockerIgnore.toRegex(seg));
        List<String> names;
        try {
            names = view.list(dir);
        } catch (FsException e) {
            return;
        }
        for (String name : names) {
            if (p.matcher(name).matches()) {
                glob(view, child + name, segs, i + 1, out);
            }
        }
    }

    /**
     * The history reference of the sources: {@code file:<sha256>} for one file, {@code dir:<sha256>} for one
     * directory, {@code multi:<sha256>} for several; the hash covers names, modes and contents (and the
     * ownership and mode flags), so a changed file changes the step.
     *
     * @param context the build's context: sources in it are walked on its host tree, and their reference is
     *                remembered in {@code memo} under the context's fingerprint, so the same context sent again
     *                is not read again; null for no shortcut
     */
    static String describe(List<Source> sources, DockerIgnore ignore, String extra, BuildContext context,
                           Map<String, String> memo) {
        String prefix = sources.size() > 1 ? "multi:" : sources.get(0).stat().isDirectory() ? "dir:" : "file:";
        boolean inContext = context != null;
        for (Source s : sources) {
            inContext = inContext && context.isView(s.view());
        }
        if (!inContext) {
            MessageDigest md = sha256();
            update(md, extra);
            for (Source s : sources) {
                hashTree(md, s.view(), s.path(), Paths.name(s.path()), ignore);
            }
            return prefix + HexFormat.of().formatHex(md.digest());
        }
        // The same tar unpacks to the same tree: the same words then resolve to the same sources and reference.
        String treeKey = null;
        if (context.fingerprint() != null && memo != null) {
            StringBuilder k = new StringBuilder("context:").append(context.fingerprint()).append('\0').append(extra);
            for (Source s : sources) {
                k.append('\0').append(s.path());
            }
            treeKey = k.toString();
            synchronized (memo) {
                String known = memo.get(treeKey);
                if (known != null) {
                    return known;
                }
            }
        }
        String value = prefix + hashContext(sources, ignore, extra, context);
        if (treeKey != null) {
            synchronized (memo) {
                memo.put(treeKey, value);
            }
        }
        return value;
    }

    private static String hashContext(List<Source> sources, DockerIgnore ignore, String extra, BuildContext context) {
        MessageDigest md = sha256();
        update(md, extra);
        for (Source s : sources) {
            Path host;
            try {
                host = ((PathFsView) s.view()).hostPath(s.path(), false, true);
            } catch (FsException e) {
                if (e.errno() != Errno.ENOENT) {
                    update(md, "error:" + e.getMessage());
                }
                continue;
            }
            hashHost(md, host, s.path(), Paths.name(s.path()), ignore);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** {@link #hashTree} on the context's host tree, whose walk needs no path resolution per file. */
    private static void hashHost(MessageDigest md, Path host, String path, String name, DockerIgnore ignore) {
        if (ignore != null && !path.equals("/") && ignore.excludes(path.substring(1))) {
            return;
        }
        try {
            FileStat st = PathFsView.statHost(host, path);
            update(md, name + "\0" + st.type() + "\0" + Integer.toOctalString(st.mode()) + "\0");
            switch (st.type()) {
                case FILE -> {
                    try (InputStream in = Files.newInputStream(host)) {
                        byte[] buf = new byte[65536];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            md.update(buf, 0, n);
                        }
                    }
                }
                case SYMLINK -> update(md, st.linkTarget());
                case DIRECTORY -> {
                    List<String> names = new ArrayList<>();
                    try (Stream<Path> children = Files.list(host)) {
                        children.forEach(c -> names.add(c.getFileName().toString()));
                    }
                    Collections.sort(names);
                    for (String child : names) {
                        hashHost(md, host.resolve(child), (path.equals("/") ? "" : path) + "/" + child,
                                name + "/" + child, ignore);
                    }
                }
                default -> {
                }
            }
        } catch (FsException e) {
            if (e.errno() != Errno.ENOENT) {
                update(md, "error:" + e.getMessage());
            }
        } catch (IOException e) {
            update(md, "io:" + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hashTree(MessageDigest md, FsView view, String path, String name, DockerIgnore ignore) {
        if (ignore != null && !path.equals("/") && ignore.excludes(path.substring(1))) {
            return;
        }
        try {
            FileStat st = view.stat(path, false).orElse(null);
            if (st == null) {
                return;
            }
            update(md, name + "\0" + st.type() + "\0" + Integer.toOctalString(st.mode()) + "\0");
            switch (st.type()) {
                case FILE -> {
                    try (InputStream in = view.read(path)) {
                        byte[] buf = new byte[65536];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            md.update(buf, 0, n);
                        }
                    }
                }
                case SYMLINK -> update(md, st.linkTarget());
                case DIRECTORY -> {
                    for (String child : view.list(path)) {
                        hashTree(md, view, (path.equals("/") ? "" : path) + "/" + child, name + "/" + child, ignore);
                    }
                }
                default -> {
                }
            }
        } catch (FsException e) {
            update(md, "error:" + e.getMessage());
        } catch (IOException e) {
            update(md, "io:" + e.getMessage());
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
