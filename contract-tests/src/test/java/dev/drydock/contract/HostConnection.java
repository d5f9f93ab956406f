package dev.drydock.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a Docker host over TCP ({@code tcp://HOST:PORT}) or a Unix socket
 * ({@code unix:///path}): sequential requests with keep-alive, bodies with Content-Length, chunked or
 * until close, and streamed bodies read line by line. Java 17's HTTP client cannot speak over a Unix socket.
 */
public final class HostConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ChannelInput in;
    private final String hostHeader;
    private boolean reusable = true;

    private HostConnection(SocketChannel channel, Selector selector, String hostHeader) {
        this.channel = channel;
        this.selector = selector;
        this.in = new ChannelInput(channel, selector);
        this.hostHeader = hostHeader;
    }

    /** Connects to a Docker host URI: {@code tcp://}, {@code http://} or {@code unix://}. */
    public static HostConnection open(URI host) throws IOException {
        SocketAddress address;
        String hostHeader;
        switch (host.getScheme()) {
            case "tcp", "http" -> {
                address = new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort());
                hostHeader = host.getHost() + ":" + (host.getPort() < 0 ? 2375 : host.getPort());
            }
            case "unix" -> {
                address = UnixDomainSocketAddress.of(host.getPath());
                // What the Go client sends over a socket: the name is a placeholder, the header is mandatory.
                hostHeader = "docker";
            }
            default -> throw new IllegalArgumentException("unsupported Docker host " + host);
        }
        SocketChannel ch = SocketChannel.open(address);
        try {
            ch.configureBlocking(false);
            Selector sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            return new HostConnection(ch, sel, hostHeader);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Sends a request and reads the whole response; the connection stays usable when the response allows. */
    public HostResponse exchange(String method, String path, Map<String, String> headers, byte[] body,
                                 Duration timeout) throws IOException {
        try (HostStream s = stream(method, path, headers, body, timeout)) {
            s.deadlineIn(timeout);
            byte[] bytes = s.body().readAll();
            reusable = reusable && s.body().reusable();
            return new HostResponse(s.status(), s.reason(), s.headerList(), bytes);
        }
    }

    /** Sends a request and reads the status line and headers; the body is read from the returned stream. */
    public HostStream stream(String method, String path, Map<String, String> headers, byte[] body,
                             Duration headerTimeout) throws IOException {
        if (!reusable) {
            throw new IllegalStateException("the previous response left this connection unusable");
        }
        send(request(method, path, headers, body));
        in.deadlineIn(headerTimeout.toMillis());
        String statusLine = in.readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        List<String[]> headerList = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headerList.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        HttpBody b = bodyOf(method, status, headerList);
        if (!b.reusable() && headerValue(headerList, "connection").equalsIgnoreCase("close")) {
            reusable = false;
        }
        return new HostStream(this, in, status, reason, headerList, b);
    }

    private HttpBody bodyOf(String method, int status, List<String[]> headers) {
        if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            return HttpBody.none();
        }
        if (headerValue(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            return HttpBody.chunked(in);
        }
        String length = headerValue(headers, "content-length");
        if (!length.isEmpty()) {
            return HttpBody.fixed(in, Long.parseLong(length));
        }
        reusable = false;
        return HttpBody.untilClose(in);
    }

    private static String headerValue(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return "";
    }

    private byte[] request(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", hostHeader);
        all.put("User-Agent", "drydock-contract/1");
        if (body != null) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        all.putAll(headers);
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        all.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** Writes raw bytes (a request, or bytes of a hijacked stream). */
    public void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        SelectionKey key = channel.keyFor(selector);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("server did not take the request within 30s");
                }
                key.interestOps(SelectionKey.OP_WRITE);
                selector.select(100);
                selector.selectedKeys().clear();
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    void markUnusable() {
        reusable = false;
    }

    /** True while another request can be sent on this connection. */
    public boolean reusable() {
        return reusable && channel.isOpen();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing a selector cannot fail in a way a test can act on.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Same for the channel.
        }
    }
}
