package dev.drydock.build;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The build's JSON progress stream, one message per line as the classic builder writes it: {@code stream}
 * text, {@code aux} results, pull {@code status} lines and an in-band {@code errorDetail}. Strings are escaped
 * as Go's encoder escapes them ({@code >} as {@code \u003e}). In quiet mode the text is held back and only
 * written when the build fails, as the daemon does.
 *
 * <p>Messages collect in a buffer that {@link #flush} sends: the builder flushes before work that takes time (a
 * command, a copy) and at the end, so a fully cached build goes out in one write instead of one per line.
 */
public final class BuildOutput {
    private static final ObjectMapper GO_JSON = goMapper();

    private final OutputStream out;
    private final boolean quiet;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(4096);

    public BuildOutput(OutputStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    /** A {@code {"stream": text}} message. */
    public void stream(String text) {
        write(Map.of("stream", text));
    }

    /** Process stderr as the builder shows it: wrapped in a red colour escape. */
    public void stderr(String text) {
        stream("\u001b[91m" + text + "\u001b[0m");
    }

    /** A {@code {"aux":{"ID":...}}} message. */
    public void auxId(String imageId) {
        write(Map.of("aux", Map.of("ID", imageId)));
    }

    /** A pull status line ({@code status}, optional {@code id}). */
    public void status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) {
            m.put("id", id);
        }
        write(m);
    }

    /** A pull progress line for one layer ({@code status}, empty {@code progressDetail}, {@code id}). */
    public void progress(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("progressDetail", Map.of());
        m.put("id", id);
        write(m);
    }

    /** The final image ID in quiet mode: the one line a quiet build prints. */
    public void quietResult(String imageId) {
        writeNow(Map.of("stream", imageId + "\n"));
        flush();
    }

    /** Sends what was written so far to the client. */
    public void flush() {
        synchronized (pending) {
            if (pending.size() == 0) {
                return;
            }
            try {
                synchronized (out) {
                    pending.writeTo(out);
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                pending.reset();
            }
        }
    }

    /** The in-band error that ends a failed build; with {@code code} when a command failed. */
    public void error(String message, Integer code) {
        if (quiet) {
            flushHeld();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        if (code != null) {
            detail.put("code", code);
        }
        detail.put("message", message);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", detail);
        m.put("error", message);
        writeNow(m);
        flush();
    }

    private void write(Object message) {
        if (quiet) {
            synchronized (held) {
                held.writeBytes(line(message));
            }
            return;
        }
        writeNow(message);
    }

    private void flushHeld() {
        synchronized (held) {
            synchronized (pending) {
                pending.writeBytes(held.toByteArray());
            }
            held.reset();
        }
    }

    private void writeNow(Object message) {
        byte[] line = line(message);
        synchronized (pending) {
            pending.writeBytes(line);
        }
    }

    /** One JSON line in Go's encoding. */
    public static byte[] line(Object message) {
        try {
            byte[] json = GO_JSON.writeValueAsBytes(message);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper goMapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setCharacterEscapes(new GoEscapes());
        return m;
    }

    /** Go's json.Marshal escapes &lt;, &gt;, &amp; and U+2028/U+2029 besides what JSON requires. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table;

        GoEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    table[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
