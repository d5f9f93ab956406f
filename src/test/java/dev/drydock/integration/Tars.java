package dev.drydock.integration;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small tars for archive tests: name to content ("->target" makes a symlink, a trailing / a directory). */
final class Tars {
    private Tars() {
    }

    static byte[] of(String... nameContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < nameContent.length; i += 2) {
                String name = nameContent[i];
                String content = nameContent[i + 1];
                TarArchiveEntry e;
                if (content.startsWith("->")) {
                    e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    e.setLinkName(content.substring(2));
                    tar.putArchiveEntry(e);
                } else if (name.endsWith("/")) {
                    e = new TarArchiveEntry(name);
                    tar.putArchiveEntry(e);
                } else {
                    byte[] b = content.getBytes(StandardCharsets.UTF_8);
                    e = new TarArchiveEntry(name);
                    e.setSize(b.length);
                    tar.putArchiveEntry(e);
                    tar.write(b);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Entry name to content ("" for directories, "->target" for symlinks). */
    static Map<String, String> read(byte[] tar) {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), e.isSymbolicLink() ? "->" + e.getLinkName()
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
