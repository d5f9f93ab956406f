package dev.drydock.fs;

import java.time.Instant;

/**
 * What {@code stat} tells about one file.
 *
 * @param type       regular file, directory, symlink or other
 * @param size       bytes (for a symlink, the target's length)
 * @param mode       permission bits (e.g. 0755), without the type bits
 * @param uid        owner user id
 * @param gid        owner group id
 * @param modified   last modification time
 * @param linkTarget the symlink's target as stored, or null
 */
public record FileStat(Type type, long size, int mode, int uid, int gid, Instant modified, String linkTarget) {
    /** File types. */
    public enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }

    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    /** The full st_mode: type bits plus permission bits, as Docker's path-stat header reports it. */
    public int fullMode() {
        int typeBits = switch (type) {
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case FILE -> 0100000;
            case OTHER -> 0;
        };
        return typeBits | (mode & 07777);
    }
}
