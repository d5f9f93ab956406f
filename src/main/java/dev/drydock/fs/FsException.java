package dev.drydock.fs;

import java.io.IOException;

/** A filesystem operation that failed with a Linux errno, on a container path. */
public final class FsException extends IOException {
    private final Errno errno;
    private final String path;

    public FsException(Errno errno, String path) {
        super(path + ": " + errno.text(), null);
        this.errno = errno;
        this.path = path;
        if (errno != Errno.ENOENT) {
            super.fillInStackTrace();
        }
    }

    /**
     * Filled in the constructor, except for ENOENT: a missing path is an answer (every PATH search gets
     * several), and capturing the stack for each cost more than the lookup itself.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public Errno errno() {
        return errno;
    }

    /** The container path the operation failed on. */
    public String path() {
        return path;
    }
}
