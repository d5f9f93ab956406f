package dev.drydock.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness's chunked-body reader against a scripted server: a live stream's line must reach the test when
 * its chunk's data has arrived, whether or not the chunk's closing CRLF has been sent yet.
 */
@Timeout(30)
class ChunkedBodyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private ServerSocketChannel server;
    private HostConnection connection;
    private SocketChannel peer;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        connection = HostConnection.open(URI.create("tcp://127.0.0.1:" + port));
        peer = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        connection.close();
        peer.close();
        server.close();
    }

    @Test
    void aChunksLineArrivesBeforeTheCrlfThatClosesTheChunk() throws IOException {
        // Jetty's framing of a live stream: the CRLF closing a chunk leads the next chunk's size line.
        send("HTTP/1.1 200 OK\r\nContent-Type: application/jsonl\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "f\r\n{\"n\":\"create\"}\n");
        HostStream s = connection.stream("GET", "/events", Map.of(), null, WAIT);
        assertThat(s.readLine(WAIT)).isEqualTo("{\"n\":\"create\"}");

        send("\r\n10\r\n{\"n\":\"destroy\"}\n");
        assertThat(s.readLine(WAIT)).isEqualTo("{\"n\":\"destroy\"}");

        send("\r\n0\r\n\r\n");
        assertThat(s.readLine(WAIT)).as("the body ended").isNull();
        assertThat(s.ended()).isTrue();
        assertThat(connection.reusable()).as("a fully read chunked body leaves the connection reusable").isTrue();
    }

    @Test
    void aWholeChunkedBodyIsReadWithItsCrlfsWhereverTheyComeAndCheckedForThem() throws IOException {
        send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n");
        assertThat(new String(connection.stream("GET", "/x", Map.of(), null, WAIT).body().readAll(),
                StandardCharsets.UTF_8)).isEqualTo("abcde");
    }

    @Test
    void aChunkNotClosedByCrlfIsAFramingError() throws IOException {
        send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n");
        HttpBody body = connection.stream("GET", "/x", Map.of(), null, WAIT).body();
        assertThatThrownBy(body::readAll).isInstanceOf(IOException.class).hasMessageContaining("CRLF");
    }

    private void send(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            peer.write(b);
        }
    }
}
