package dev.drydock.fs;

/** The Linux error a filesystem operation fails with, with the text tools print for it. */
public enum Errno {
    ENOENT("No such file or directory"),
    EEXIST("File exists"),
    ENOTDIR("Not a directory"),
    EISDIR("Is a directory"),
    ENOTEMPTY("Directory not empty"),
    EROFS("Read-only file system"),
    EACCES("Permission denied"),
    EPERM("Operation not permitted"),
    ELOOP("Too many levels of symbolic links"),
    EINVAL("Invalid argument"),
    EXDEV("Invalid cross-device link"),
    ENOSPC("No space left on device"),
    EBUSY("Resource busy");

    private final String text;

    Errno(String text) {
        this.text = text;
    }

    /** The strerror text, e.g. "No such file or directory". */
    public String text() {
        return text;
    }
}
