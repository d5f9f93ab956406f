package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.engine.containers.Container;
import dev.drydock.fs.FsTar;
import dev.drydock.fs.FsView;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.drydock.integration.Wired.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /containers/{id}/export} and {@code GET /archive} stream the tar as it is written: with a 100 MB file in
 * the container, a client that has read only the first megabyte leaves the server holding far less than the file
 * (an archive built in memory first held all of it), and the whole body is still the same tar.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ArchiveStreamingTest {
    private static final int MB = 1 << 20;
    private static final int FILE_MB = 100;
    private static Drydock d;
    private static String fileSha;

    @BeforeAll
    static void start() throws Exception {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        create(d, "big", "{\"Image\":\"busybox\"}");
        Container c = d.engine().containers().get("big");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[MB];
        Random random = new Random(42);
        try (OutputStream out = d.engine().containers().files(c).write("/big.bin", false)) {
            for (int i = 0; i < FILE_MB; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        fileSha = HexFormat.of().formatHex(sha.digest());
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** What the route streams, and what it held while the client had read only its first megabyte. */
    private record Streamed(long heapGrowth, String bodySha, long bigSize, String bigSha, int entries) {
    }

    private static Streamed download(String path) throws Exception {
        long before = heapAfterGc();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.port() + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).as("a streamed body has no length up front").isEmpty();
        MessageDigest body = MessageDigest.getInstance("SHA-256");
        try (InputStream raw = new DigestInputStream(r.body(), body)) {
            byte[] first = raw.readNBytes(MB);
            assertThat(first).hasSize(MB);
            long growth = heapAfterGc() - before;
            // The rest of the tar, read on from where the client paused.
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(first), raw);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(whole)) {
                long bigSize = -1;
                String bigSha = null;
                int entries = 0;
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    entries++;
                    if (e.getName().endsWith("big.bin")) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        bigSize = new DigestInputStream(tar, sha).transferTo(OutputStream.nullOutputStream());
                        bigSha = HexFormat.of().formatHex(sha.digest());
                    }
                }
                whole.transferTo(OutputStream.nullOutputStream());
                return new Streamed(growth, HexFormat.of().formatHex(body.digest()), bigSize, bigSha, entries);
            }
        }
    }

    private static String sha(FsTarWriter writer) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            writer.write(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @FunctionalInterface
    private interface FsTarWriter {
        void write(OutputStream out) throws Exception;
    }

    @Test
    void exportStreamsAHundredMegabyteFileWithoutHoldingIt() throws Exception {
        Streamed s = download("/containers/big/export");
        assertThat(s.heapGrowth()).as("heap held by the server while the client paused after 1 MB")
                .isLessThan(24L * MB);
        assertThat(s.bigSize()).isEqualTo((long) FILE_MB * MB);
        assertThat(s.bigSha()).isEqualTo(fileSha);
        assertThat(s.entries()).as("the image's files come along").isGreaterThan(100);
        Container c = d.engine().containers().get("big");
        assertThat(s.bodySha()).as("the same tar the archive writer makes in one piece")
                .isEqualTo(sha(out -> FsTar.writeContents(c.fs(), "/", out)));
    }

    @Test
    void archiveOfAPathStreamsTheSameWay() throws Exception {
        Streamed s = download("/containers/big/archive?path=/big.bin");
        assertThat(s.heapGrowth()).as("heap held by the server while the client paused after 1 MB")
                .isLessThan(24L * MB);
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.bigSize()).isEqualTo((long) FILE_MB * MB);
        assertThat(s.bigSha()).isEqualTo(fileSha);
        FsView fs = d.engine().containers().files(d.engine().containers().get("big"));
        assertThat(s.bodySha()).isEqualTo(sha(out -> FsTar.write(fs, "/big.bin", "big.bin", out)));
    }
}
