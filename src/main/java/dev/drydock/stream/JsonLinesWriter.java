package dev.drydock.stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a stream of JSON objects one per line (events, pull and build progress), each flushed as it is
 * written so the client sees it at once.
 */
public final class JsonLinesWriter {
    /** The record separator that opens each record of an {@code application/json-seq} stream (RFC 7464). */
    private static final int RS = 0x1E;

    private final OutputStream out;
    private final ObjectMapper mapper;
    private final boolean sequence;

    /** Newline-delimited JSON. */
    public JsonLinesWriter(OutputStream out, ObjectMapper mapper) {
        this(out, mapper, false);
    }

    /** Newline-delimited JSON, or with {@code sequence} a JSON text sequence (each record after an RS byte). */
    public JsonLinesWriter(OutputStream out, ObjectMapper mapper, boolean sequence) {
        this.out = out;
        this.mapper = mapper;
        this.sequence = sequence;
    }

    /** Writes one value as a line and flushes it. */
    public synchronized void write(Object value) throws IOException {
        byte[] json = mapper.writeValueAsBytes(value);
        byte[] line = new byte[json.length + (sequence ? 2 : 1)];
        int pos = 0;
        if (sequence) {
            line[pos++] = RS;
        }
        System.arraycopy(json, 0, line, pos, json.length);
        line[line.length - 1] = '\n';
        out.write(line);
        out.flush();
    }
}
