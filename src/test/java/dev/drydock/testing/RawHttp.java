package dev.drydock.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A bare HTTP/1.1 client over TCP or a Unix socket, for what ordinary clients hide: upgrades, half-closes, raw bytes. */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket, SocketChannel channel, InputStream in, OutputStream out) {
        this.socket = socket;
        this.channel = channel;
        this.in = in;
        this.out = out;
    }

    /** Connects to a {@code tcp://} or {@code unix://} Docker host. */
    public static RawHttp connect(URI host) throws IOException {
        if (host.getScheme().equals("unix")) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(Path.of(host.getPath())));
            return new RawHttp(null, ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host.getHost(), host.getPort()), 5_000);
        s.setSoTimeout(10_000);
        return new RawHttp(s, null, s.getInputStream(), s.getOutputStream());
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    /** Sends text as is (CRLFs included). */
    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends a request head with the given extra header lines and no body. */
    public RawHttp request(String method, String path, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: docker\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return send(sb.append("\r\n").toString());
    }

    /** Reads a status line and headers. */
    public Head readHead() throws IOException {
        String status = readLine();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return new Head(status, headers);
    }

    /** One CRLF- (or LF-) terminated line, without its terminator. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads exactly n bytes. */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /**
     * Reads one chunk of a chunked body: null at the last (empty) chunk. The CRLF closing a chunk is read
     * with the next one, because a server streaming chunks sends it only then (Jetty does).
     */
    public byte[] readChunk() throws IOException {
        String sizeLine = readLine();
        if (sizeLine.isEmpty()) {
            sizeLine = readLine();
        }
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
            readLine();
            return null;
        }
        return in.readNBytes(size);
    }

    /** Reads a whole body per the head's framing (chunked, Content-Length, or until close). */
    public byte[] readBody(Head head) throws IOException {
        String te = head.header("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] c = readChunk(); c != null; c = readChunk()) {
                body.write(c);
            }
            return body.toByteArray();
        }
        String length = head.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        return in.readAllBytes();
    }

    /** Half-closes: the server reads end-of-stream while this side can still read. */
    public void shutdownOutput() throws IOException {
        if (socket != null) {
            socket.shutdownOutput();
        } else {
            channel.shutdownOutput();
        }
    }

    /** True once the server has closed its side (a read returns end-of-stream). */
    public boolean atEof() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            channel.close();
        }
    }

    /** A response's status line and headers. */
    public record Head(String statusLine, Map<String, List<String>> headers) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }
}
