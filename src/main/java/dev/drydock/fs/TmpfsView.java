package dev.drydock.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A tmpfs mount: a {@link PathFsView} over an in-memory directory with Linux's size limit. Like the kernel's
 * tmpfs, usage is counted in 4 KiB pages of file data, and a write that would exceed {@code size=} writes what
 * still fits and then fails with ENOSPC ("No space left on device").
 */
public final class TmpfsView implements FsView {
    /** tmpfs accounts file data in pages. */
    public static final int PAGE = 4096;

    private final PathFsView delegate;
    private final long sizeBytes;
    private final Object quota = new Object();

    /**
     * @param delegate  the directory holding the tmpfs content
     * @param sizeBytes the limit in bytes, rounded up to whole pages; 0 for none
     */
    public TmpfsView(PathFsView delegate, long sizeBytes) {
        this.delegate = delegate;
        this.sizeBytes = sizeBytes <= 0 ? 0 : (sizeBytes + PAGE - 1) / PAGE * PAGE;
    }

    /** The size limit in bytes (whole pages), 0 for none. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Bytes in use: the file data of every regular file, in whole pages. */
    public long usedBytes() {
        Path root = delegate.root();
        try (Stream<Path> s = Files.walk(root)) {
            return s.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() ? pages(a.size()) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static long pages(long size) {
        return (size + PAGE - 1) / PAGE * PAGE;
    }

    @Override
    public OutputStream write(String path, boolean append) throws FsException {
        OutputStream out = delegate.write(path, append);
        if (sizeBytes == 0) {
            return out;
        }
        long start;
        try {
            start = append ? delegate.stat(path, true).map(FileStat::size).orElse(0L) : 0;
        } catch (FsException e) {
            start = 0;
        }
        return new Limited(out, path, start);
    }

    /** Counts what a stream adds to its file and refuses the bytes past the limit. */
    private final class Limited extends OutputStream {
        private final OutputStream out;
        private final String path;
        private long fileSize;

        Limited(OutputStream out, String path, long fileSize) {
            this.out = out;
            this.path = path;
            this.fileSize = fileSize;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int allowed;
            synchronized (quota) {
                long free = sizeBytes - (usedBytes() - pages(fileSize));
                // The file may grow to the end of the last page it is allowed.
                long room = Math.max(0, free - fileSize);
                allowed = (int) Math.min(len, room);
                if (allowed > 0) {
                    out.write(b, off, allowed);
                    fileSize += allowed;
                }
            }
            if (allowed < len) {
                throw new FsException(Errno.ENOSPC, path);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    @Override
    public Optional<FileStat> stat(String path, boolean followLinks) throws FsException {
        return delegate.stat(path, followLinks);
    }

    @Override
    public InputStream read(String path) throws FsException {
        return delegate.read(path);
    }

    @Override
    public List<String> list(String dir) throws FsException {
        return delegate.list(dir);
    }

    @Override
    public void mkdir(String path) throws FsException {
        delegate.mkdir(path);
    }

    @Override
    public void delete(String path) throws FsException {
        delegate.delete(path);
    }

    @Override
    public void symlink(String path, String target) throws FsException {
        delegate.symlink(path, target);
    }

    @Override
    public void rename(String from, String to) throws FsException {
        delegate.rename(from, to);
    }

    @Override
    public void chmod(String path, int mode) throws FsException {
        delegate.chmod(path, mode);
    }

    @Override
    public void chown(String path, int uid, int gid) throws FsException {
        delegate.chown(path, uid, gid);
    }

    @Override
    public void setModified(String path, Instant time) throws FsException {
        delegate.setModified(path, time);
    }

    @Override
    public String realPath(String path) throws FsException {
        return delegate.realPath(path);
    }

    @Override
    public boolean isReadOnly(String path) {
        return delegate.isReadOnly(path);
    }
}
