package dev.drydock.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/**
 * How Linux ownership and permission bits are kept on a Jimfs path: owner and group principals named by the
 * numeric id ("0", "101"), permission bits in the POSIX view. One convention for layers, tars and views.
 */
public final class Ownership {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private Ownership() {
    }

    /** Permission bits (0755) as a POSIX permission set; bits above 0777 are not kept. */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(BITS[i]);
            }
        }
        return set;
    }

    /** A POSIX permission set as mode bits. */
    public static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (perms.contains(BITS[i])) {
                mode |= 1 << i;
            }
        }
        return mode;
    }

    /** Sets mode, uid and gid on a path without following a final symlink. */
    public static void set(Path path, int mode, int uid, int gid) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        if (!Files.isSymbolicLink(path)) {
            view.setPermissions(permissions(mode));
        }
        if (uid != 0 || gid != 0) {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            view.setOwner(lookup.lookupPrincipalByName(Integer.toString(uid)));
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
            view.setGroup(group);
        }
    }

    /** Sets the modification time of a path itself (a symlink's own time, not its target's). */
    public static void setTime(Path path, java.nio.file.attribute.FileTime time) throws IOException {
        Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, null, null);
    }

    /** The mode, uid and gid of a path (a final symlink itself); names that are not numbers count as 0. */
    public static int[] get(Path path) throws IOException {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = Files.isSymbolicLink(path) ? 0777 : mode(a.permissions());
        return new int[] {mode, id(a.owner() == null ? null : a.owner().getName()),
            id(a.group() == null ? null : a.group().getName())};
    }

    private static int id(String name) {
        if (name == null) {
            return 0;
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
