package dev.drydock.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection end whose traffic shows on the interfaces it runs between ({@link Wire}): what this end writes
 * counts just before it is written, a close just before it happens; what it reads counts only when the other end
 * is a host socket, which counts nothing.
 */
final class CountedConnection implements VirtualConnection {
    private final VirtualConnection delegate;
    private final Wire wire;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param client     whether this end opened the connection
     * @param countReads whether bytes read here count (the peer is not a counted connection end)
     */
    CountedConnection(VirtualConnection delegate, Wire wire, boolean client, boolean countReads) {
        this.delegate = delegate;
        this.wire = wire;
        this.out = new FilterOutputStream(delegate.output()) {
            @Override
            public void write(int b) throws IOException {
                wire.data(client, 1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                wire.data(client, len);
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                wire.teardown();
                out.close();
            }
        };
        this.in = !countReads ? delegate.input() : new FilterInputStream(delegate.input()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                counted(b < 0 ? -1 : 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                counted(n);
                return n;
            }

            private void counted(int n) {
                if (n > 0) {
                    wire.data(!client, n);
                } else if (n < 0) {
                    wire.teardown();
                }
            }
        };
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public String remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public String localAddress() {
        return delegate.localAddress();
    }

    @Override
    public void shutdownOutput() {
        wire.teardown();
        delegate.shutdownOutput();
    }

    @Override
    public void close() {
        wire.teardown();
        delegate.close();
    }
}
