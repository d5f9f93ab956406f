package dev.drydock.build;

import dev.drydock.engine.EngineException;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.LayerStore;
import dev.drydock.fs.LayerTar;
import dev.drydock.fs.PathFsView;
import dev.drydock.fs.Paths;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The build context a client sent: its tar (plain, gzip, bzip2 or xz; or a bare Dockerfile) unpacked into a
 * scratch directory of the engine's Jimfs, read-only for the build, with its {@code .dockerignore}.
 */
public final class BuildContext implements AutoCloseable {
    private final Path root;
    private final FsView view;
    private final DockerIgnore ignore;
    private final String fingerprint;

    private BuildContext(Path root, String fingerprint) {
        this.root = root;
        this.fingerprint = fingerprint;
        this.view = new PathFsView(root, true);
        this.ignore = view.exists("/.dockerignore")
                ? DockerIgnore.parse(new String(readQuietly("/.dockerignore"), StandardCharsets.UTF_8))
                : DockerIgnore.none();
    }

    /**
     * Unpacks a context. Entries that would land outside the root ({@code ../}, absolute names, symlinks
     * climbing out) and more than {@code maxBytes} of content are refused with a 400 and nothing is kept.
     *
     * @param dockerfileName where a bare Dockerfile body is stored in the context
     */
    public static BuildContext receive(InputStream body, LayerStore store, long maxBytes, String dockerfileName) {
        Path dir;
        try {
            dir = store.newScratchDir("build-context-");
        } catch (IOException e) {
            throw EngineException.internal(e.getMessage());
        }
        try {
            BufferedInputStream in = new BufferedInputStream(body, 65536);
            InputStream tar = decompress(in);
            BufferedInputStream t = new BufferedInputStream(tar, 65536);
            t.mark(1024);
            byte[] head = t.readNBytes(512);
            t.reset();
            if (head.length == 0) {
                // An empty body: an empty context (the Dockerfile lookup then fails as Docker's does).
                return new BuildContext(dir, null);
            }
            String fingerprint = null;
            if (isTar(head)) {
                // Hashed as it streams in (the bytes are at hand), so the same context sent again is known as such.
                FingerprintIn fp = new FingerprintIn(t);
                LayerTar.extract(fp, dir, maxBytes);
                fingerprint = fp.fingerprint();
            } else {
                byte[] text = t.readNBytes((int) Math.min(maxBytes + 1, 16L << 20));
                if (text.length > maxBytes) {
                    throw new LayerTar.UnsafeArchiveException("Dockerfile exceeds the size limit");
                }
                Path file = dir.resolve(Paths.normalize("/" + dockerfileName).substring(1));
                Files.createDirectories(file.getParent());
                Files.write(file, text);
            }
            return new BuildContext(dir, fingerprint);
        } catch (LayerTar.UnsafeArchiveException e) {
            discard(dir);
            String msg = e.getMessage();
            if (msg.contains("size limit")) {
                msg = "the build context exceeds the limit of " + maxBytes
                        + " bytes (Drydock's maxArchiveBytes setting)";
            }
            throw EngineException.badRequest("Error processing tar file(exit status 1): " + msg);
        } catch (IOException e) {
            discard(dir);
            throw EngineException.internal(e.getMessage() == null ? "unexpected EOF" : e.getMessage());
        } catch (RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    private static InputStream decompress(BufferedInputStream in) throws IOException {
        in.mark(16);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        if (magic.length == 6 && Arrays.equals(magic, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
            return new XZCompressorInputStream(in, true);
        }
        return in;
    }

    /** A ustar/GNU/PAX header, or the zero block of an empty archive. */
    static boolean isTar(byte[] head) {
        if (head.length < 512) {
            return false;
        }
        if (new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return true;
        }
        for (byte b : head) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void discard(Path dir) {
        try {
            LayerTar.deleteTree(dir);
        } catch (IOException ignored) {
            // Unreachable scratch either way.
        }
    }

    /** The context as a read-only view rooted at its top: symlinks resolve inside it. */
    public FsView view() {
        return view;
    }

    /**
     * The SHA-256 of the whole (uncompressed) tar as it arrived, or null (a bare Dockerfile, or a tar over
     * {@link FingerprintIn#LIMIT}): two contexts with the same fingerprint unpack to the same tree.
     */
    String fingerprint() {
        return fingerprint;
    }

    public DockerIgnore ignore() {
        return ignore;
    }

    /** The Dockerfile's text, or 500 {@code Cannot locate specified Dockerfile: X} as the daemon answers. */
    public String dockerfile(String name) {
        String path = Paths.normalize("/" + name);
        try {
            if (view.stat(path, true).map(s -> s.isFile()).orElse(false)) {
                return new String(view.readAll(path), StandardCharsets.UTF_8);
            }
        } catch (FsException e) {
            // Falls through to Docker's answer.
        }
        throw EngineException.internal("Cannot locate specified Dockerfile: " + name);
    }

    private byte[] readQuietly(String path) {
        try {
            return view.readAll(path);
        } catch (FsException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
        discard(root);
    }

    /** Hashes what it passes on, up to {@link #LIMIT} bytes: a bigger context gets no fingerprint. */
    private static final class FingerprintIn extends java.io.FilterInputStream {
        static final long LIMIT = 16L << 20;
        private final java.security.MessageDigest md;
        private long seen;

        FingerprintIn(InputStream in) {
            super(in);
            try {
                md = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++seen <= LIMIT) {
                md.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (seen + n <= LIMIT) {
                    md.update(b, off, n);
                }
                seen += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must count too: read them through.
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        String fingerprint() {
            return seen > LIMIT ? null : java.util.HexFormat.of().formatHex(md.digest());
        }
    }
}
