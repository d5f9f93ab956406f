package dev.drydock.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An {@link FsView} over one directory of a java.nio filesystem (a Jimfs tree, or a confined host directory).
 *
 * <p>Every path is resolved component by component inside the root, following symlinks as the kernel would
 * with the root as "/": an absolute symlink target or a {@code ..} can never reach outside it. Owners are
 * stored as numeric principal names so uid/gid survive round trips through Jimfs.
 */
public final class PathFsView implements FsView {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final boolean readOnly;

    public PathFsView(Path root) {
        this(root, false);
    }

    public PathFsView(Path root, boolean readOnly) {
        this.root = root;
        this.readOnly = readOnly;
    }

    /** The directory this view is rooted at. */
    public Path root() {
        return root;
    }

    @Override
    public boolean isReadOnly(String path) {
        return readOnly;
    }

    /**
     * Maps a container path to the host path inside the root.
     *
     * @param followLast whether a symlink in the last component is followed
     * @param mustExist  whether a missing last component is an error (intermediate ones always are)
     */
    public Path hostPath(String path, boolean followLast, boolean mustExist) throws FsException {
        return toHost(PathResolver.resolve(path, followLast, mustExist, this::lstat));
    }

    private Path toHost(String resolved) {
        Path host = root;
        for (String part : PathResolver.split(resolved)) {
            host = host.resolve(part);
        }
        return host;
    }

    @Override
    public Optional<FileStat> lstatResolved(String resolved) throws FsException {
        return lstat(resolved);
    }

    /** Stats a resolved container path inside the root without following a final symlink. */
    private Optional<FileStat> lstat(String resolved) throws FsException {
        Path host = toHost(resolved);
        return Files.exists(host, NOFOLLOW) ? Optional.of(statHost(host, resolved)) : Optional.empty();
    }

    private void checkWritable(String path) throws FsException {
        if (readOnly) {
            throw new FsException(Errno.EROFS, path);
        }
    }

    @Override
    public Optional<FileStat> stat(String path, boolean followLinks) throws FsException {
        Path p;
        try {
            p = hostPath(path, followLinks, true);
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(statHost(p, path));
    }

    /** Stats a host path itself (never following a final symlink). */
    public static FileStat statHost(Path p, String path) throws FsException {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
            FileStat.Type type = a.isSymbolicLink() ? FileStat.Type.SYMLINK
                    : a.isDirectory() ? FileStat.Type.DIRECTORY
                    : a.isRegularFile() ? FileStat.Type.FILE : FileStat.Type.OTHER;
            String target = a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : null;
            long size = a.isSymbolicLink() ? target.length() : a.isDirectory() ? 4096 : a.size();
            return new FileStat(type, size, toMode(a.permissions()), numericId(a.owner()), numericId(a.group()),
                    a.lastModifiedTime().toInstant(), target);
        } catch (UnsupportedOperationException e) {
            try {
                boolean dir = Files.isDirectory(p, NOFOLLOW);
                boolean link = Files.isSymbolicLink(p);
                return new FileStat(link ? FileStat.Type.SYMLINK : dir ? FileStat.Type.DIRECTORY : FileStat.Type.FILE,
                        dir ? 4096 : Files.size(p), dir ? 0755 : 0644, 0, 0,
                        Files.getLastModifiedTime(p, NOFOLLOW).toInstant(),
                        link ? Files.readSymbolicLink(p).toString() : null);
            } catch (IOException io) {
                throw map(io, path);
            }
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    private static int numericId(java.security.Principal principal) {
        if (principal == null) {
            return 0;
        }
        String name = principal.getName();
        // Named owners (Jimfs says "root") are the common case: check before parsing, since a thrown
        // NumberFormatException on every stat made PATH lookups (every exec) measurably slow.
        if (name.isEmpty() || name.length() > 9 || !name.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(name);
    }

    @Override
    public InputStream read(String path) throws FsException {
        return open(hostPath(path, true, true), path);
    }

    @Override
    public InputStream readResolved(String resolved) throws FsException {
        return open(toHost(resolved), resolved);
    }

    private static InputStream open(Path p, String path) throws FsException {
        if (Files.isDirectory(p)) {
            throw new FsException(Errno.EISDIR, path);
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public OutputStream write(String path, boolean append) throws FsException {
        checkWritable(path);
        Path p = hostPath(path, true, false);
        if (Files.isDirectory(p)) {
            throw new FsException(Errno.EISDIR, path);
        }
        try {
            boolean created = !Files.exists(p, NOFOLLOW);
            OutputStream out = append
                    ? Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            if (created) {
                setPermissions(p, 0644);
            }
            return out;
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public List<String> list(String dir) throws FsException {
        Path p = hostPath(dir, true, true);
        if (!Files.isDirectory(p)) {
            throw new FsException(Errno.ENOTDIR, dir);
        }
        try (Stream<Path> s = Files.list(p)) {
            List<String> names = new ArrayList<>();
            s.forEach(c -> names.add(c.getFileName().toString()));
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw map(e, dir);
        }
    }

    @Override
    public void mkdir(String path) throws FsException {
        checkWritable(path);
        Path p = hostPath(path, false, false);
        if (Files.exists(p, NOFOLLOW)) {
            throw new FsException(Errno.EEXIST, path);
        }
        try {
            Files.createDirectory(p);
            setPermissions(p, 0755);
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public void delete(String path) throws FsException {
        checkWritable(path);
        Path p = hostPath(path, false, true);
        if (p.equals(root)) {
            throw new FsException(Errno.EBUSY, path);
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public void symlink(String path, String target) throws FsException {
        checkWritable(path);
        Path p = hostPath(path, false, false);
        if (Files.exists(p, NOFOLLOW)) {
            throw new FsException(Errno.EEXIST, path);
        }
        try {
            Files.createSymbolicLink(p, p.getFileSystem().getPath(target));
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public void rename(String from, String to) throws FsException {
        checkWritable(to);
        Path src = hostPath(from, false, true);
        Path dst = hostPath(to, false, false);
        if (src.equals(dst)) {
            return;
        }
        if (Files.isDirectory(dst, NOFOLLOW) && !Files.isDirectory(src, NOFOLLOW)) {
            throw new FsException(Errno.EISDIR, to);
        }
        try {
            Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw map(e, to);
        }
    }

    @Override
    public void chmod(String path, int mode) throws FsException {
        checkWritable(path);
        setPermissionsChecked(hostPath(path, true, true), mode, path);
    }

    /**
     * Creates the regular file {@code path} (absent so far) with the given content, mode, owner and time: what
     * {@code write}, {@code chmod}, {@code chown} and {@code setModified} do, resolving the path once (a COPY of
     * many files). An existing path goes through those calls.
     */
    public void createFile(String path, InputStream content, int mode, int uid, int gid, Instant modified)
            throws FsException {
        checkWritable(path);
        Path p = hostPath(path, true, false);
        if (Files.exists(p, NOFOLLOW)) {
            try (OutputStream out = write(path, false)) {
                content.transferTo(out);
            } catch (IOException e) {
                throw map(e, path);
            }
            chmod(path, mode);
            chown(path, uid, gid);
            setModified(path, modified);
            return;
        }
        try {
            try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            setPermissions(p, mode);
            chownHost(p, uid, gid, path);
            Files.setLastModifiedTime(p, FileTime.from(modified));
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public void chown(String path, int uid, int gid) throws FsException {
        checkWritable(path);
        chownHost(hostPath(path, false, true), uid, gid, path);
    }

    private static void chownHost(Path p, int uid, int gid, String path) throws FsException {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW);
            if (view == null) {
                return;
            }
            UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(Integer.toString(uid));
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
            view.setOwner(user);
            view.setGroup(group);
        } catch (UnsupportedOperationException | java.nio.file.attribute.UserPrincipalNotFoundException e) {
            // The host filesystem may not know numeric principals: ownership stays as it is, as on rootless Docker.
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public void setModified(String path, Instant time) throws FsException {
        checkWritable(path);
        Path p = hostPath(path, true, true);
        try {
            Files.setLastModifiedTime(p, FileTime.from(time));
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    @Override
    public String realPath(String path) throws FsException {
        Path p = hostPath(path, true, true);
        Path rel = root.relativize(p);
        String s = rel.toString();
        return s.isEmpty() ? "/" : "/" + s.replace(p.getFileSystem().getSeparator(), "/");
    }

    private void setPermissionsChecked(Path p, int mode, String path) throws FsException {
        try {
            setPermissions(p, mode);
        } catch (IOException e) {
            throw map(e, path);
        }
    }

    static void setPermissions(Path p, int mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, toPermissions(mode));
        } catch (UnsupportedOperationException e) {
            // Non-POSIX host filesystems keep their own permissions.
        }
    }

    /** Converts permission bits (e.g. 0755) to java.nio permissions. */
    public static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** Converts java.nio permissions to permission bits. */
    public static int toMode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    static FsException map(IOException e, String path) {
        if (e instanceof FsException fe) {
            return fe;
        }
        Errno errno;
        if (e instanceof NoSuchFileException) {
            errno = Errno.ENOENT;
        } else if (e instanceof FileAlreadyExistsException) {
            errno = Errno.EEXIST;
        } else if (e instanceof DirectoryNotEmptyException) {
            errno = Errno.ENOTEMPTY;
        } else if (e instanceof NotDirectoryException) {
            errno = Errno.ENOTDIR;
        } else if (e instanceof AccessDeniedException) {
            errno = Errno.EACCES;
        } else if (e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().toLowerCase(java.util.Locale.ROOT).contains("directory")) {
            errno = fse.getReason().toLowerCase(java.util.Locale.ROOT).contains("not a directory")
                    ? Errno.ENOTDIR : Errno.EISDIR;
        } else {
            errno = Errno.EINVAL;
        }
        return new FsException(errno, path);
    }
}
