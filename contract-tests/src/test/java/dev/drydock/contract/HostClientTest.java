package dev.drydock.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract suite's own HTTP/1.1 client, against canned server bytes over TCP and a Unix socket. */
class HostClientTest {
    private ServerSocket tcp;
    private Thread server;

    @AfterEach
    void stop() throws Exception {
        if (tcp != null) {
            tcp.close();
        }
        if (server != null) {
            server.join(5_000);
        }
    }

    /** Answers every request on one connection with the next canned response, then closes it. */
    private URI serve(String... responses) throws IOException {
        return serve(false, responses);
    }

    /** As {@link #serve(String...)}; with {@code holdOpen} the connection stays open until the client closes it. */
    private URI serve(boolean holdOpen, String... responses) throws IOException {
        tcp = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        server = new Thread(() -> {
            try (Socket s = tcp.accept()) {
                InputStream in = s.getInputStream();
                for (String r : responses) {
                    readRequest(in);
                    s.getOutputStream().write(r.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                }
                while (holdOpen && in.read() >= 0) {
                    // Wait for the client to hang up.
                }
            } catch (IOException ignored) {
                // The test closed the listener.
            }
        });
        server.start();
        return URI.create("tcp://127.0.0.1:" + tcp.getLocalPort());
    }

    private static void readRequest(InputStream in) throws IOException {
        int state = 0;
        int c;
        while (state < 4 && (c = in.read()) >= 0) {
            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
    }

    @Test
    void readsContentLengthAndChunkedBodiesOnOneKeepAliveConnection() throws Exception {
        URI host = serve("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.41\r\n\r\nOK",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: t\r\n\r\n",
                "HTTP/1.1 204 No Content\r\n\r\n");
        try (HostConnection c = HostConnection.open(host)) {
            HostResponse first = c.exchange("GET", "/_ping", Map.of(), null, Duration.ofSeconds(5));
            assertThat(first.text()).isEqualTo("OK");
            assertThat(first.header("api-version")).contains("1.41");
            HostResponse second = c.exchange("GET", "/info", Map.of(), null, Duration.ofSeconds(5));
            assertThat(second.json().path("a").asInt()).isEqualTo(1);
            assertThat(c.reusable()).isTrue();
            HostResponse third = c.exchange("DELETE", "/x", Map.of(), null, Duration.ofSeconds(5));
            assertThat(third.status()).isEqualTo(204);
            assertThat(third.body()).isEmpty();
        }
    }

    @Test
    void headHasNoBodyEvenWithAContentLength() throws Exception {
        URI host = serve("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
        try (HostConnection c = HostConnection.open(host)) {
            assertThat(c.exchange("HEAD", "/_ping", Map.of(), null, Duration.ofSeconds(5)).body()).isEmpty();
            assertThat(c.exchange("GET", "/_ping", Map.of(), null, Duration.ofSeconds(5)).text()).isEqualTo("OK");
        }
    }

    /** The last chunk so far lacks its closing CRLF, as Jetty sends it: the line must not wait for it. */
    @Test
    void streamsLinesAsChunksArriveAndTimesOutWhenNoneDo() throws Exception {
        URI host = serve(true, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n{\"n\":1\r\n" + "2\r\n}\n");
        try (HostStream s = new HostClient(host).stream("/events")) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.readLine(Duration.ofSeconds(5))).isEqualTo("{\"n\":1}");
            assertThatThrownBy(() -> s.readLine(Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aBodyUntilCloseEndsTheConnection() throws Exception {
        URI host = serve("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it");
        try (HostConnection c = HostConnection.open(host)) {
            assertThat(c.exchange("GET", "/", Map.of(), null, Duration.ofSeconds(5)).text()).isEqualTo("all of it");
            assertThat(c.reusable()).isFalse();
        }
    }

    @Test
    void speaksOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("d.sock");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> {
                try (SocketChannel ch = listener.accept()) {
                    ByteBuffer req = ByteBuffer.allocate(4096);
                    ch.read(req);
                    ch.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                            .getBytes(StandardCharsets.ISO_8859_1)));
                } catch (IOException ignored) {
                    // The test failed first.
                }
            });
            t.start();
            HostResponse r = new HostClient(URI.create("unix://" + sock)).get("/_ping");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("OK");
            t.join(5_000);
        }
    }
}
