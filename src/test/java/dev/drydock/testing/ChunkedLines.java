package dev.drydock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a chunked streaming body line by line, as a client following a stream (events, progress) does. */
public final class ChunkedLines {
    private final RawHttp http;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean ended;

    public ChunkedLines(RawHttp http) {
        this.http = http;
    }

    /** The next line without its newline; null when the body ended. Blocks until a line arrives. */
    public String next() throws IOException {
        while (true) {
            byte[] buf = pending.toByteArray();
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    pending.reset();
                    pending.write(buf, i + 1, buf.length - i - 1);
                    return new String(buf, 0, i, StandardCharsets.UTF_8);
                }
            }
            if (ended) {
                return null;
            }
            byte[] chunk = http.readChunk();
            if (chunk == null) {
                ended = true;
            } else {
                pending.write(chunk);
            }
        }
    }
}
