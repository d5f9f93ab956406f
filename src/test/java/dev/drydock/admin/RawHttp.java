package dev.drydock.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 over TCP or a Unix socket: for what high-level clients hide (resets, cut bodies, transports). */
final class RawHttp {
    private RawHttp() {
    }

    /** What the server sent before closing, and how the read ended. */
    record Exchange(String text, IOException error) {
        boolean reset() {
            return error != null && String.valueOf(error.getMessage()).toLowerCase().contains("reset");
        }
    }

    /** Sends one request with {@code Connection: close} and reads until the server closes or fails. */
    static Exchange tcp(URI tcpHost, String method, String path, String body) throws IOException {
        return tcp(tcpHost, method, path, body, "");
    }

    /** As above with extra header lines, each ending in CRLF. */
    static Exchange tcp(URI tcpHost, String method, String path, String body, String headers) throws IOException {
        try (Socket s = new Socket(tcpHost.getHost(), tcpHost.getPort())) {
            s.setSoTimeout(10_000);
            return exchange(s.getInputStream(), s.getOutputStream(), method, path, body, headers);
        }
    }

    static Exchange unix(URI unixHost, String method, String path, String body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(unixHost.getPath()))) {
            return exchange(Channels.newInputStream(ch), Channels.newOutputStream(ch), method, path, body, "");
        }
    }

    private static Exchange exchange(InputStream in, OutputStream out, String method, String path, String body,
                                     String headers) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: raw-test\r\n"
                + "Connection: close\r\n" + headers + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                + b.length + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
            return new Exchange(got.toString(StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return new Exchange(got.toString(StandardCharsets.UTF_8), e);
        }
    }

}
