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
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
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
    private static long fileSum;

    @BeforeAll
    static void start() throws Exception {
        d = Wired.start();
        Wired.pull(d, "busybox", "latest");
        create(d, "big", "{\"Image\":\"busybox\"}");
        Container c = d.engine().containers().get("big");
        CRC32C sum = new CRC32C();
        byte[] chunk = new byte[MB];
        Random random = new Random(42);
        try (OutputStream out = d.engine().containers().files(c).write("/big.bin", false)) {
            for (int i = 0; i < FILE_MB; i++) {
                random.nextBytes(chunk);
                sum.update(chunk);
                out.write(chunk);
            }
        }
        fileSum = sum.getValue();
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
    private record Streamed(long heapGrowth, long bodySum, long bigSize, long bigSum, int entries) {
    }

    private static Streamed download(String path) throws Exception {
        long before = heapAfterGc();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.port() + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).as("a streamed body has no length up front").isEmpty();
        CRC32C body = new CRC32C();
        try (InputStream raw = new CheckedInputStream(r.body(), body)) {
            byte[] first = raw.readNBytes(MB);
            assertThat(first).hasSize(MB);
            long growth = heapAfterGc() - before;
            System.out.printf("%s: heap held after 1 MB of a %d MB tar: %.1f MB%n", path, FILE_MB,
                    growth / (double) MB);
            // The rest of the tar, read on from where the client paused.
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(first), raw);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(whole)) {
                long bigSize = -1;
                long bigSum = -1;
                int entries = 0;
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    entries++;
                    if (e.getName().endsWith("big.bin")) {
                        CRC32C sum = new CRC32C();
                        bigSize = new CheckedInputStream(tar, sum).transferTo(OutputStream.nullOutputStream());
                        bigSum = sum.getValue();
                    }
                }
                whole.transferTo(OutputStream.nullOutputStream());
                return new Streamed(growth, body.getValue(), bigSize, bigSum, entries);
            }
        }
    }

    private static long sum(FsTarWriter writer) throws Exception {
        CRC32C sum = new CRC32C();
        try (OutputStream out = new CheckedOutputStream(OutputStream.nullOutputStream(), sum)) {
            writer.write(out);
        }
        return sum.getValue();
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
        assertThat(s.bigSum()).isEqualTo(fileSum);
        assertThat(s.entries()).as("the image's files come along").isGreaterThan(100);
        Container c = d.engine().containers().get("big");
        assertThat(s.bodySum()).as("the same tar the archive writer makes in one piece")
                .isEqualTo(sum(out -> FsTar.writeContents(c.fs(), "/", out)));
    }

    @Test
    void archiveOfAPathStreamsTheSameWay() throws Exception {
        Streamed s = download("/containers/big/archive?path=/big.bin");
        assertThat(s.heapGrowth()).as("heap held by the server while the client paused after 1 MB")
                .isLessThan(24L * MB);
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.bigSize()).isEqualTo((long) FILE_MB * MB);
        assertThat(s.bigSum()).isEqualTo(fileSum);
        FsView fs = d.engine().containers().files(d.engine().containers().get("big"));
        assertThat(s.bodySum()).isEqualTo(sum(out -> FsTar.write(fs, "/big.bin", "big.bin", out)));
    }
}
