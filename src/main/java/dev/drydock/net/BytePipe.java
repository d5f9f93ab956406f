package dev.drydock.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * One direction of an in-process connection: a bounded byte buffer with a writing end and a reading end.
 * Closing the writing end gives the reader end-of-stream once drained; closing the reading end makes further
 * writes fail with "Broken pipe", as a socket whose peer went away does.
 */
public final class BytePipe {
    private final byte[] buf;
    private int head;
    private int count;
    private boolean writeClosed;
    private boolean readClosed;

    public BytePipe(int capacity) {
        this.buf = new byte[capacity];
    }

    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return BytePipe.this.read(b, off, len);
        }

        @Override
        public int available() {
            synchronized (BytePipe.this) {
                return count;
            }
        }

        @Override
        public void close() {
            closeRead();
        }
    };

    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            BytePipe.this.write(b, off, len);
        }

        @Override
        public void close() {
            closeWrite();
        }
    };

    /** The reading end. */
    public InputStream source() {
        return in;
    }

    /** The writing end. */
    public OutputStream sink() {
        return out;
    }

    private synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        try {
            while (count == 0) {
                if (writeClosed || readClosed) {
                    return -1;
                }
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        int n = Math.min(len, count);
        int first = Math.min(n, buf.length - head);
        System.arraycopy(buf, head, b, off, first);
        if (n > first) {
            System.arraycopy(buf, 0, b, off + first, n - first);
        }
        head = (head + n) % buf.length;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (readClosed) {
                throw new IOException("Broken pipe");
            }
            if (writeClosed) {
                throw new IOException("Socket closed");
            }
            if (count == buf.length) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
                continue;
            }
            int tail = (head + count) % buf.length;
            int n = Math.min(len, Math.min(buf.length - count, buf.length - tail));
            System.arraycopy(b, off, buf, tail, n);
            count += n;
            off += n;
            len -= n;
            notifyAll();
        }
    }

    /** Ends the stream for the reader (after what was written is read). */
    public synchronized void closeWrite() {
        writeClosed = true;
        notifyAll();
    }

    /** The reader is gone: pending bytes are dropped and writers fail. */
    public synchronized void closeRead() {
        readClosed = true;
        count = 0;
        notifyAll();
    }
}
