package dev.drydock.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The byte-level stream formats: multiplexed frames, raw TTY output, JSON lines. */
class FramesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void multiplexedFramesCarryTheStreamAndABigEndianLength() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.multiplexed(wire);
        w.stream(StreamType.STDOUT).write(utf8("hi\n"));
        w.stream(StreamType.STDERR).write(utf8("oops"));

        byte[] expected = {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n', 2, 0, 0, 0, 0, 0, 0, 4, 'o', 'o', 'p', 's'};
        assertThat(wire.toByteArray()).containsExactly(expected);
    }

    @Test
    void theLengthUsesAllFourBytes() {
        assertThat(FrameWriter.header(StreamType.STDERR, 0x01020304)).containsExactly(2, 0, 0, 0, 1, 2, 3, 4);
        assertThat(FrameWriter.header(StreamType.STDOUT, 300)).containsExactly(1, 0, 0, 0, 0, 0, 1, 44);
    }

    @Test
    void rawModePassesBytesThroughForBothStreams() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.of(wire, true);
        w.stream(StreamType.STDOUT).write(utf8("out "));
        w.stream(StreamType.STDERR).write(utf8("err"));
        assertThat(wire.toString(StandardCharsets.UTF_8)).isEqualTo("out err");
        assertThat(w.isMultiplexed()).isFalse();
    }

    @Test
    void emptyWritesSendNoFrame() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter.multiplexed(wire).write(StreamType.STDOUT, new byte[0]);
        assertThat(wire.size()).isZero();
    }

    @Test
    void everyWriteIsFlushed() throws IOException {
        List<Integer> sizesAtFlush = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        OutputStream flushing = new OutputStream() {
            @Override
            public void write(int b) {
                wire.write(b);
            }

            @Override
            public void flush() {
                sizesAtFlush.add(wire.size());
            }
        };
        FrameWriter w = FrameWriter.multiplexed(flushing);
        w.write(StreamType.STDOUT, utf8("a"));
        w.write(StreamType.STDERR, utf8("bc"));
        assertThat(sizesAtFlush).containsExactly(9, 19);
    }

    @Test
    void readerRoundTripsFramesIncludingLargeOnes() throws IOException {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'x');
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.multiplexed(wire);
        w.write(StreamType.STDOUT, utf8("one"));
        w.write(StreamType.STDERR, utf8("two"));
        w.write(StreamType.STDOUT, big);

        FrameReader r = new FrameReader(new ByteArrayInputStream(wire.toByteArray()));
        FrameReader.Frame f = r.next();
        assertThat(f.type()).isEqualTo(StreamType.STDOUT);
        assertThat(f.text()).isEqualTo("one");
        assertThat(r.next().type()).isEqualTo(StreamType.STDERR);
        FrameReader.Demuxed rest = r.readAll();
        assertThat(rest.stdout()).hasSize(100_000).containsOnly('x');
        assertThat(rest.stderr()).isEmpty();
    }

    @Test
    void aStreamCutInsideAFrameIsAnError() {
        byte[] cut = {1, 0, 0, 0, 0, 0, 0, 5, 'a', 'b'};
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(cut)).next())
                .isInstanceOf(EOFException.class);
        byte[] header = {1, 0, 0};
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(header)).next())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void anUnknownStreamTypeIsAnError() {
        byte[] bad = {7, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(bad)).next())
                .isInstanceOf(IOException.class).hasMessageContaining("unknown stream type 7");
    }

    @Test
    void cleanEndBetweenFramesIsNull() throws IOException {
        assertThat(new FrameReader(new ByteArrayInputStream(new byte[0])).next()).isNull();
    }

    @Test
    void jsonLinesAreOnePerLineAndEachIsFlushed() throws IOException {
        List<String> atFlush = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                wire.write(b);
            }

            @Override
            public void flush() {
                atFlush.add(wire.toString(StandardCharsets.UTF_8));
            }
        };
        JsonLinesWriter w = new JsonLinesWriter(out, new ObjectMapper());
        w.write(Map.of("status", "Pulling"));
        w.write(Map.of("id", "abc"));
        assertThat(atFlush).containsExactly("{\"status\":\"Pulling\"}\n", "{\"status\":\"Pulling\"}\n{\"id\":\"abc\"}\n");
    }

    @Test
    void jsonSequenceRecordsStartWithARecordSeparator() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new JsonLinesWriter(wire, new ObjectMapper(), true).write(Map.of("a", 1));
        assertThat(wire.toString(StandardCharsets.UTF_8)).isEqualTo("\u001e{\"a\":1}\n");
    }

    @Test
    void mediaTypesFollowTheDaemon() {
        assertThat(StreamMediaType.of(false, true)).isEqualTo("application/vnd.docker.multiplexed-stream");
        assertThat(StreamMediaType.of(true, true)).isEqualTo("application/vnd.docker.raw-stream");
        assertThat(StreamMediaType.of(false, false)).isEqualTo("application/vnd.docker.raw-stream");
    }
}
