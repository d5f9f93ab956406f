package dev.drydock.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory pipe, like a Linux pipe: the writer blocks when it is full (so huge outputs are streamed,
 * never buffered without bound), the reader sees EOF once the write end is closed, and a writer whose reader
 * has gone away gets {@link BrokenPipeException}. Blocking calls are interruptible.
 */
public final class Pipe {
    private final byte[] buf;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int count;
    private boolean writeClosed;
    private boolean readClosed;
    private final InputStream source = new Source();
    /** Completed once there is something to read (bytes or EOF); null while nobody asked. */
    private CompletableFuture<Void> readable;
    /** Completed once a whole line is buffered (or EOF, or the pipe is full); null while nobody asked. */
    private CompletableFuture<Void> lineReadable;
    private final OutputStream sink = new Sink();

    public Pipe(int capacity) {
        this.buf = new byte[capacity];
    }

    /** The read end. Closing it makes further writes fail with EPIPE. */
    public InputStream source() {
        return source;
    }

    /** The write end. Closing it gives the reader EOF after the buffered bytes. */
    public OutputStream sink() {
        return sink;
    }

    public void closeWrite() {
        CompletableFuture<Void> r;
        CompletableFuture<Void> l;
        lock.lock();
        try {
            writeClosed = true;
            notEmpty.signalAll();
            r = takeReadable();
            l = takeLineReadable();
        } finally {
            lock.unlock();
        }
        complete(r);
        complete(l);
    }

    public void closeRead() {
        CompletableFuture<Void> r;
        CompletableFuture<Void> l;
        lock.lock();
        try {
            readClosed = true;
            count = 0;
            notFull.signalAll();
            notEmpty.signalAll();
            r = takeReadable();
            l = takeLineReadable();
        } finally {
            lock.unlock();
        }
        complete(r);
        complete(l);
    }

    /**
     * For a reader that would rather not block: completes once a read would not block (bytes buffered, or
     * EOF); null when {@code in} is not the read end of a pipe.
     */
    public static CompletableFuture<Void> whenReadable(InputStream in) {
        return in instanceof Source s ? s.pipe().whenReadable() : null;
    }

    private CompletableFuture<Void> whenReadable() {
        lock.lock();
        try {
            if (count > 0 || writeClosed || readClosed) {
                return CompletableFuture.completedFuture(null);
            }
            if (readable == null) {
                readable = new CompletableFuture<>();
            }
            return readable;
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a line reader that would rather not block: completes once a newline is buffered, at EOF, or when the
     * pipe is full (a read may then still block); null when {@code in} is not the read end of a pipe.
     */
    public static CompletableFuture<Void> whenLineReadable(InputStream in) {
        return in instanceof Source s ? s.pipe().whenLineReadable() : null;
    }

    private CompletableFuture<Void> whenLineReadable() {
        lock.lock();
        try {
            if (count == buf.length || writeClosed || readClosed || holdsNewline(head, count)) {
                return CompletableFuture.completedFuture(null);
            }
            if (lineReadable == null) {
                lineReadable = new CompletableFuture<>();
            }
            return lineReadable;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the {@code n} buffered bytes from {@code from} hold a newline (lock held). */
    private boolean holdsNewline(int from, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[(from + i) % buf.length] == '\n') {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> takeLineReadable() {
        CompletableFuture<Void> r = lineReadable;
        lineReadable = null;
        return r;
    }

    private CompletableFuture<Void> takeReadable() {
        CompletableFuture<Void> r = readable;
        readable = null;
        return r;
    }

    private static void complete(CompletableFuture<Void> r) {
        if (r != null) {
            r.complete(null);
        }
    }

    /** Bytes buffered and not yet read. */
    public int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** The error a write to a pipe without reader fails with (SIGPIPE/EPIPE). */
    public static final class BrokenPipeException extends IOException {
        public BrokenPipeException() {
            super("Broken pipe");
        }
    }

    private final class Source extends InputStream {
        Pipe pipe() {
            return Pipe.this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (count == 0) {
                    if (writeClosed || readClosed) {
                        return -1;
                    }
                    notEmpty.await();
                }
                int n = Math.min(len, count);
                int first = Math.min(n, buf.length - head);
                System.arraycopy(buf, head, b, off, first);
                if (n > first) {
                    System.arraycopy(buf, 0, b, off + first, n - first);
                }
                head = (head + n) % buf.length;
                count -= n;
                notFull.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            return Pipe.this.available();
        }

        @Override
        public void close() {
            closeRead();
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            CompletableFuture<Void> woken = null;
            CompletableFuture<Void> line = null;
            lock.lock();
            try {
                while (len > 0) {
                    if (readClosed) {
                        throw new BrokenPipeException();
                    }
                    if (writeClosed) {
                        throw new IOException("Bad file descriptor");
                    }
                    if (count == buf.length) {
                        notFull.await();
                        continue;
                    }
                    int tail = (head + count) % buf.length;
                    int n = Math.min(len, Math.min(buf.length - count, buf.length - tail));
                    System.arraycopy(b, off, buf, tail, n);
                    count += n;
                    off += n;
                    len -= n;
                    notEmpty.signalAll();
                    if (readable != null) {
                        woken = takeReadable();
                    }
                    if (lineReadable != null && (count == buf.length || holdsNewline(tail, n))) {
                        line = takeLineReadable();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } finally {
                lock.unlock();
                complete(woken);
                complete(line);
            }
        }

        @Override
        public void close() {
            closeWrite();
        }
    }
}
