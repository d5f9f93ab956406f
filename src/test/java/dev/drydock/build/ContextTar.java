package dev.drydock.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds build-context tars for tests: files by path, text or bytes. */
final class ContextTar {
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    static ContextTar of(String dockerfile) {
        return new ContextTar().file("Dockerfile", dockerfile);
    }

    ContextTar file(String path, String text) {
        return file(path, text.getBytes(StandardCharsets.UTF_8));
    }

    ContextTar file(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    byte[] tar() {
        return tar(files);
    }

    static byte[] tar(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(buf)) {
                t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (var e : files.entrySet()) {
                    TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                    te.setSize(e.getValue().length);
                    te.setMode(0100644);
                    t.putArchiveEntry(te);
                    t.write(e.getValue());
                    t.closeArchiveEntry();
                }
            }
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(data);
            }
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
