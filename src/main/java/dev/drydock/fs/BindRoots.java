package dev.drydock.fs;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which host directories bind mounts may reach: every host source is canonicalised (lexically cleaned as Docker
 * cleans it, then every host symlink resolved) and must lie under one of the allowed roots.
 *
 * <p>Three policies. <b>Any path</b> is what dockerd allows, and Drydock's default when it listens only on loopback
 * or a Unix socket: only local users reach it, and they could read those files anyway. <b>Roots</b> (one or more
 * {@code --bind-root DIR}) confine every bind to those trees. <b>None</b> is the default when Drydock listens on a
 * non-loopback address and no root is configured: anyone on the network could otherwise read or write any file the
 * Drydock process can (an SSH key, a source tree) through {@code -v /:/host}, with no TLS or auth in between, so
 * bind mounts are refused until the operator names the directories that may be shared.
 */
public final class BindRoots {
    private enum Policy { ANY, ROOTS, NONE }

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final FileSystem fs;
    private final Policy policy;
    private final List<Path> roots;

    private BindRoots(FileSystem fs, Policy policy, List<Path> roots) {
        this.fs = fs;
        this.policy = policy;
        this.roots = List.copyOf(roots);
    }

    /** Any host path may be bind-mounted, as with dockerd. */
    public static BindRoots any() {
        return new BindRoots(FileSystems.getDefault(), Policy.ANY, List.of());
    }

    /** No host path may be bind-mounted. */
    public static BindRoots none() {
        return new BindRoots(FileSystems.getDefault(), Policy.NONE, List.of());
    }

    /** Only paths under these directories (on the default filesystem) may be bind-mounted. */
    public static BindRoots of(Collection<Path> dirs) {
        return of(FileSystems.getDefault(), dirs);
    }

    /** Only paths under these directories of {@code fs} may be bind-mounted. */
    public static BindRoots of(FileSystem fs, Collection<Path> dirs) {
        if (dirs.isEmpty()) {
            return new BindRoots(fs, Policy.NONE, List.of());
        }
        List<Path> canonical = new ArrayList<>();
        for (Path d : dirs) {
            Path p = fs.getPath(d.toString()).toAbsolutePath().normalize();
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                // A root that does not exist yet is kept as written; nothing under it can exist either.
            }
            canonical.add(p);
        }
        return new BindRoots(fs, Policy.ROOTS, canonical);
    }

    /**
     * The policy for a server: the configured roots if any; otherwise any path when every listener is loopback or a
     * Unix socket, and none when some listener is reachable from the network (see the class comment for why).
     */
    public static BindRoots forListeners(Collection<Path> configured, boolean loopbackOnly) {
        if (!configured.isEmpty()) {
            return of(configured);
        }
        return loopbackOnly ? any() : none();
    }

    /** The allowed roots (empty unless roots are configured). */
    public List<Path> roots() {
        return roots;
    }

    /** True when any host path is allowed. */
    public boolean allowsAny() {
        return policy == Policy.ANY;
    }

    /** Whether something exists at the host path (following symlinks), as the daemon's stat does. */
    public boolean exists(String hostPath) {
        return Files.exists(fs.getPath(hostPath));
    }

    /**
     * The canonical host path a bind source stands for, checked against the allowed roots. Symlinks on the host are
     * resolved for the part of the path that exists; a missing tail is appended as written (it has no links).
     *
     * @throws MountSpecException when the path is outside every allowed root, or bind mounts are disabled
     */
    public Path resolve(String hostPath) {
        String clean = Paths.normalize(hostPath);
        if (policy == Policy.NONE) {
            throw new MountSpecException("bind mounts are disabled: Drydock listens on a non-loopback address and no "
                    + "--bind-root is configured (cannot mount " + clean + ")");
        }
        Path real = canonical(clean);
        if (policy == Policy.ROOTS && roots.stream().noneMatch(real::startsWith)) {
            throw new MountSpecException("bind source path " + clean + " is outside the allowed bind roots ["
                    + roots.stream().map(Path::toString).collect(Collectors.joining(", ")) + "] (--bind-root)");
        }
        return real;
    }

    /**
     * Resolves a bind source and creates it as a directory when missing, as the daemon does for {@code -v}; the
     * result is checked again after creation so a link swapped in meanwhile cannot lead outside the roots.
     */
    public Path ensureDirectory(String hostPath) {
        Path real = resolve(hostPath);
        if (!Files.exists(real)) {
            try {
                Files.createDirectories(real);
            } catch (IOException e) {
                throw new MountSpecException("error while creating mount source path '" + Paths.normalize(hostPath)
                        + "': mkdir " + real + ": " + reason(e));
            }
        }
        return resolve(hostPath);
    }

    private Path canonical(String clean) {
        Path p = fs.getPath(clean);
        Path existing = p;
        while (existing != null && !Files.exists(existing, NOFOLLOW)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            // A dangling or looping symlink: there is nothing to mount, and its target must not be guessed.
            throw new MountSpecException("bind source path " + clean + " cannot be resolved: " + reason(e));
        }
        return real.resolve(existing.relativize(p).toString()).normalize();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public String toString() {
        return switch (policy) {
            case ANY -> "any host path";
            case NONE -> "no host path";
            case ROOTS -> "host paths under " + roots;
        };
    }
}
