package dev.drydock.stream;

import dev.drydock.api.ApiResource;
import dev.drydock.api.Http;
import dev.drydock.server.HttpServer;
import dev.drydock.testing.RawHttp;
import dev.drydock.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hijacked stdio stream as attach and exec will use it, through a route of this test's own: the 101
 * upgrade with bytes both ways and half-closes, and the 200 stream for clients that do not upgrade.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HijackTest {
    private static HttpServer server;

    /** Echoes stdin lines to stdout and stderr until stdin ends, then says bye. */
    private static ApiResource echo(StreamExecutor streams) {
        return routes -> routes
                .post("/test/echo", ctx -> Hijack.serve(ctx, streams, Http.boolParam(ctx, "tty"), session -> {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(session.stdin(), StandardCharsets.UTF_8));
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        session.stdout().write(("out:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                        session.stderr().write(("err:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                    session.stdout().write("bye\n".getBytes(StandardCharsets.UTF_8));
                }))
                .post("/test/hello", ctx -> Hijack.serve(ctx, streams, false, session -> {
                    session.stdout().write("hello\n".getBytes(StandardCharsets.UTF_8));
                    session.stderr().write("oops\n".getBytes(StandardCharsets.UTF_8));
                }));
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.withRoutes(List.of(HijackTest::echo));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI host(String transport) {
        return server.uris().stream().filter(u -> u.getScheme().equals(transport)).findFirst().orElseThrow();
    }

    private static final String UPGRADE = "Upgrade: tcp";
    private static final String CONNECTION = "Connection: Upgrade";

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void upgradesAndEchoesBothWaysUntilTheClientHalfCloses(String transport) throws Exception {
        try (RawHttp c = RawHttp.connect(host(transport))) {
            // Bytes sent right behind the request must reach stdin too.
            c.send("POST /v1.45/test/echo HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n" + UPGRADE + "\r\n"
                    + CONNECTION + "\r\n\r\nfirst\n");
            RawHttp.Head head = c.readHead();
            assertThat(head.statusLine()).isEqualTo("HTTP/1.1 101 UPGRADED");
            assertThat(head.header("Connection")).isEqualTo("Upgrade");
            assertThat(head.header("Upgrade")).isEqualTo("tcp");
            assertThat(head.header("Content-Type")).isEqualTo(StreamMediaType.MULTIPLEXED);

            FrameReader frames = new FrameReader(c.in());
            assertFrame(frames.next(), StreamType.STDOUT, "out:first\n");
            assertFrame(frames.next(), StreamType.STDERR, "err:first\n");
            c.send("second\n");
            assertFrame(frames.next(), StreamType.STDOUT, "out:second\n");
            assertFrame(frames.next(), StreamType.STDERR, "err:second\n");

            c.shutdownOutput();
            assertFrame(frames.next(), StreamType.STDOUT, "bye\n");
            assertThat(frames.next()).as("end of stream after the session").isNull();
        }
    }

    @Test
    void withATtyTheStreamIsRawAndSaysSo() throws Exception {
        try (RawHttp c = RawHttp.connect(host("tcp"))) {
            c.request("POST", "/v1.45/test/echo?tty=1", UPGRADE, CONNECTION);
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Content-Type")).isEqualTo(StreamMediaType.RAW);
            c.send("x\n");
            assertThat(new String(c.readBytes(12), StandardCharsets.UTF_8)).isEqualTo("out:x\nerr:x\n");
            c.shutdownOutput();
            assertThat(new String(c.in().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye\n");
        }
    }

    @Test
    void clientsBelowApi142AreToldRawButStillGetFrames() throws Exception {
        try (RawHttp c = RawHttp.connect(host("tcp"))) {
            c.request("POST", "/v1.41/test/hello", UPGRADE, CONNECTION);
            RawHttp.Head head = c.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Content-Type")).isEqualTo(StreamMediaType.RAW);
            FrameReader.Demuxed all = new FrameReader(c.in()).readAll();
            assertThat(all.stdoutText()).isEqualTo("hello\n");
            assertThat(all.stderrText()).isEqualTo("oops\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void theServerEndingFirstHalfClosesWhileTheClientStillHoldsItsSide(String transport) throws Exception {
        try (RawHttp c = RawHttp.connect(host(transport))) {
            c.request("POST", "/test/hello", UPGRADE, CONNECTION);
            assertThat(c.readHead().status()).isEqualTo(101);
            FrameReader frames = new FrameReader(c.in());
            assertFrame(frames.next(), StreamType.STDOUT, "hello\n");
            assertFrame(frames.next(), StreamType.STDERR, "oops\n");
            assertThat(frames.next()).isNull();
            // Our side is still open for writing: the half-close left it so, as the docker CLI expects.
            c.send("late input\n");
        }
    }

    @Test
    void withoutUpgradeAnswers200WithTheStreamAsBody() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host("tcp").getPort() + "/v1.45/test/hello"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue(StreamMediaType.RAW);
        FrameReader.Demuxed all = new FrameReader(new java.io.ByteArrayInputStream(res.body())).readAll();
        assertThat(all.stdoutText()).isEqualTo("hello\n");
        assertThat(all.stderrText()).isEqualTo("oops\n");
    }

    @Test
    void sessionsReleaseTheirThreadsWhenClientsVanish() throws Exception {
        for (int i = 0; i < 20; i++) {
            RawHttp c = RawHttp.connect(host(i % 2 == 0 ? "tcp" : "unix"));
            c.request("POST", "/test/echo", UPGRADE, CONNECTION);
            assertThat(c.readHead().status()).isEqualTo(101);
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.streams().active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.streams().active()).isZero();
    }

    private static void assertFrame(FrameReader.Frame f, StreamType type, String text) {
        assertThat(f).isNotNull();
        assertThat(f.type()).isEqualTo(type);
        assertThat(f.text()).isEqualTo(text);
    }
}
