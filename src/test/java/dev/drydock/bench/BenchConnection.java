package dev.drydock.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A lean keep-alive HTTP/1.1 client for load: one pre-encoded request, a response read to its end
 * (Content-Length or chunked), nothing allocated per request beyond the header scan.
 */
final class BenchConnection implements AutoCloseable {
    private final AutoCloseable socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] skip = new byte[16 * 1024];

    private BenchConnection(AutoCloseable socket, InputStream in, OutputStream out) {
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    static BenchConnection open(URI host) throws IOException {
        if (host.getScheme().equals("unix")) {
            SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()));
            return new BenchConnection(ch, new BufferedInputStream(Channels.newInputStream(ch), 16 * 1024),
                    Channels.newOutputStream(ch));
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host.getHost(), host.getPort()), 5_000);
        s.setSoTimeout(30_000);
        return new BenchConnection(s, new BufferedInputStream(s.getInputStream(), 16 * 1024), s.getOutputStream());
    }

    static byte[] request(String method, String path) {
        return (method + " " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: drydock-bench/1\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request with a JSON body. */
    static byte[] request(String method, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: drydock-bench/1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Sends the request and reads the whole response; returns its status. */
    int exchange(byte[] request) throws IOException {
        return exchange(request, null);
    }

    /** Sends the request and reads the whole response into {@code body} (when not null); returns its status. */
    int exchange(byte[] request, java.io.ByteArrayOutputStream body) throws IOException {
        send(request);
        return receive(body);
    }

    /** Sends a request without waiting for its answer (a wait that answers only once a later request ran). */
    void send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    /**
     * Reads one response into {@code body} (when not null); returns its status. A 101 ends at its headers: what
     * follows is the hijacked stream, for {@link #drain()}.
     */
    int receive(java.io.ByteArrayOutputStream body) throws IOException {
        int code = head();
        body(body);
        return code;
    }

    private long length;
    private boolean chunked;

    /** Reads a response's status line and headers (docker run waits on wait's headers before start); its status. */
    int head() throws IOException {
        String status = line();
        if (status == null || status.length() < 12) {
            throw new IOException("no status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        length = -1;
        chunked = false;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon);
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && h.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        return code;
    }

    /** Reads the body of the response whose {@link #head()} was read, into {@code body} when not null. */
    void body(java.io.ByteArrayOutputStream body) throws IOException {
        this.body = body;
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().trim(), 16)) > 0) {
                skipExactly(size);
                line();
            }
            line();
        } else if (length > 0) {
            skipExactly(length);
        }
    }

    private java.io.ByteArrayOutputStream body;

    /** Reads until the server closes the connection (the end of a hijacked stream); returns how many bytes came. */
    long drain() throws IOException {
        long n = 0;
        int r;
        while ((r = in.read(skip)) >= 0) {
            n += r;
        }
        return n;
    }

    private void skipExactly(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new IOException("connection closed mid-body");
            }
            if (body != null) {
                body.write(skip, 0, r);
            }
            n -= r;
        }
    }

    private final StringBuilder sb = new StringBuilder(128);

    private String line() throws IOException {
        sb.setLength(0);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
