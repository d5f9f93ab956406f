package dev.drydock.net;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An accepted host socket handed to a container program's listener as its {@link VirtualConnection}, so a
 * published port's requests reach the program with no pipe and no forwarding thread in between.
 *
 * <p>It behaves as a {@link VirtualConnection#pair pipe end} does: writes leave at once (unbuffered, so a
 * program that never flushes still answers), and closing the output stream half-closes instead of closing the
 * socket, as closing a pipe's writing end does.
 */
final class HostSocketConnection implements VirtualConnection {
    private final Socket socket;
    private final String remote;
    private final String local;
    private final InputStream in;
    private final OutputStream out;

    HostSocketConnection(Socket socket, String remote, String local) throws IOException {
        this.socket = socket;
        this.remote = remote;
        this.local = local;
        this.in = new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    // A reset or a socket closed under the reader: end of stream, as a closed pipe gives.
                    return -1;
                }
            }

            @Override
            public void close() {
                shutdownInput();
            }
        };
        this.out = new FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                // FilterOutputStream writes byte by byte.
                out.write(b, off, len);
            }

            @Override
            public void close() {
                shutdownOutput();
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
        return remote;
    }

    @Override
    public String localAddress() {
        return local;
    }

    @Override
    public void shutdownOutput() {
        try {
            if (!socket.isClosed() && !socket.isOutputShutdown()) {
                socket.shutdownOutput();
            }
        } catch (IOException ignored) {
            // The peer is gone already.
        }
    }

    private void shutdownInput() {
        try {
            if (!socket.isClosed() && !socket.isInputShutdown()) {
                socket.shutdownInput();
            }
        } catch (IOException ignored) {
            // The peer is gone already.
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
