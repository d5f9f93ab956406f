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
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The build context a client sent: its tar (plain, gzip, bzip2 or xz; or a bare Dockerfile) unpacked into a
 * scratch directory of the engine's Jimfs, read-only for the build, with its {@code .dockerignore}.
 *
 * <p>A tar of up to {@link #SPOOL_LIMIT} bytes is read whole first and fingerprinted. When the same tar (same
 * fingerprint) unpacked cleanly before, it is kept as bytes and unpacked only when a step needs its files (a
 * COPY that misses the cache): a fully cached build never writes it into Jimfs. The Dockerfile and
 * {@code .dockerignore} of such a context come from what the first unpack recorded.
 */
public final class BuildContext implements AutoCloseable {
    /** Tars up to this size are spooled in memory and fingerprinted; bigger ones stream straight into Jimfs. */
    static final int SPOOL_LIMIT = 16 << 20;
    private static final String IGNORE_KEY = "context-ignore:";
    private static final String DOCKERFILE_KEY = "context-dockerfile:";

    private final LayerStore store;
    private final long maxBytes;
    private final String fingerprint;
    private final Map<String, String> memo;
    private Path root;
    private FsView view;
    private Spool spooled;
    private DockerIgnore ignore;

    private BuildContext(LayerStore store, long maxBytes, Path root, String fingerprint, Map<String, String> memo) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.root = root;
        this.fingerprint = fingerprint;
        this.memo = memo;
        this.view = root == null ? null : new PathFsView(root, true);
    }

    /** {@link #receive(InputStream, LayerStore, long, String, long, Map)} without a size hint or memo. */
    public static BuildContext receive(InputStream body, LayerStore store, long maxBytes, String dockerfileName) {
        return receive(body, store, maxBytes, dockerfileName, -1, null);
    }

    /**
     * Receives a context. Entries that would land outside the root ({@code ../}, absolute names, symlinks
     * climbing out) and more than {@code maxBytes} of content are refused with a 400 and nothing is kept.
     *
     * @param dockerfileName where a bare Dockerfile body is stored in the context
     * @param sizeHint       the request's Content-Length, or -1
     * @param memo           what earlier builds learnt about contexts by fingerprint (callers' LRU, synchronized
     *                       on), or null: a known context is not unpacked until a step needs it
     */
    public static BuildContext receive(InputStream body, LayerStore store, long maxBytes, String dockerfileName,
                                       long sizeHint, Map<String, String> memo) {
        try {
            PushbackInputStream in = new PushbackInputStream(body, 6);
            InputStream tar = decompress(in);
            if (sizeHint > SPOOL_LIMIT && tar == in) {
                // Known to be too big to hold: straight into Jimfs as it arrives, without a fingerprint.
                return unpacked(tar, store, maxBytes, null, null);
            }
            // The whole plain body fits one chunk when its length is known (one more byte sees the end); otherwise
            // it grows by chunks, never copied, so the heap holds it once.
            Spool spool = Spool.read(tar, sizeHint > 0 && tar == in ? (int) sizeHint + 1 : 256 << 10);
            int n = spool.length;
            if (n > SPOOL_LIMIT) {
                // Too big to hold: the rest streams straight into Jimfs, without a fingerprint; each spooled chunk
                // is let go once it is unpacked.
                return unpacked(new SequenceInputStream(spool.stream(), tar), store, maxBytes, null, null);
            }
            if (n == 0) {
                // An empty body: an empty context (the Dockerfile lookup then fails as Docker's does).
                return unpacked(InputStream.nullInputStream(), store, maxBytes, null, null);
            }
            if (!isTar(spool.head(512))) {
                return bareDockerfile(spool.head(n), n, store, maxBytes, dockerfileName);
            }
            String fingerprint = spool.sha256();
            if (memo != null) {
                synchronized (memo) {
                    if (memo.get(IGNORE_KEY + fingerprint) != null) {
                        BuildContext known = new BuildContext(store, maxBytes, null, fingerprint, memo);
                        known.spooled = spool;
                        return known;
                    }
                }
            }
            BuildContext c = unpacked(spool.stream(), store, maxBytes, fingerprint, memo);
            if (memo != null) {
                String ignoreText = c.view.exists("/.dockerignore")
                        ? new String(c.readQuietly("/.dockerignore"), StandardCharsets.UTF_8) : "";
                synchronized (memo) {
                    memo.put(IGNORE_KEY + fingerprint, ignoreText);
                }
            }
            return c;
        } catch (IOException e) {
            throw EngineException.internal(e.getMessage() == null ? "unexpected EOF" : e.getMessage());
        }
    }

    /** A tar unpacked now into a new scratch directory (nothing kept on failure). */
    private static BuildContext unpacked(InputStream tar, LayerStore store, long maxBytes, String fingerprint,
                                         Map<String, String> memo) {
        Path dir = newDir(store);
        try {
            LayerTar.extract(tar, dir, maxBytes);
            return new BuildContext(store, maxBytes, dir, fingerprint, memo);
        } catch (LayerTar.UnsafeArchiveException e) {
            discard(dir);
            throw unsafe(e, maxBytes);
        } catch (IOException e) {
            discard(dir);
            throw EngineException.internal(e.getMessage() == null ? "unexpected EOF" : e.getMessage());
        } catch (RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    private static BuildContext bareDockerfile(byte[] buf, int n, LayerStore store, long maxBytes, String name) {
        if (n > maxBytes) {
            throw unsafe(new LayerTar.UnsafeArchiveException("Dockerfile exceeds the size limit"), maxBytes);
        }
        Path dir = newDir(store);
        try {
            Path file = dir.resolve(Paths.normalize("/" + name).substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, n == buf.length ? buf : Arrays.copyOf(buf, n));
            return new BuildContext(store, maxBytes, dir, null, null);
        } catch (IOException | RuntimeException e) {
            discard(dir);
            throw e instanceof RuntimeException r ? r : EngineException.internal(e.getMessage());
        }
    }

    private static Path newDir(LayerStore store) {
        try {
            return store.newScratchDir("build-context-");
        } catch (IOException e) {
            throw EngineException.internal(e.getMessage());
        }
    }

    private static EngineException unsafe(LayerTar.UnsafeArchiveException e, long maxBytes) {
        String msg = e.getMessage();
        if (msg.contains("size limit")) {
            msg = "the build context exceeds the limit of " + maxBytes + " bytes (Drydock's maxArchiveBytes setting)";
        }
        return EngineException.badRequest("Error processing tar file(exit status 1): " + msg);
    }

    /** The tar inside the body: {@code in} itself when it is not compressed (no copy on the way). */
    private static InputStream decompress(PushbackInputStream in) throws IOException {
        byte[] magic = in.readNBytes(6);
        in.unread(magic);
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new BZip2CompressorInputStream(new BufferedInputStream(in, 65536), true);
        }
        if (magic.length == 6 && Arrays.equals(magic, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
            return new XZCompressorInputStream(new BufferedInputStream(in, 65536), true);
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

    /**
     * The context as a read-only view rooted at its top (symlinks resolve inside it); unpacks a spooled context
     * first.
     */
    public synchronized FsView view() {
        if (view == null) {
            Spool tar = spooled;
            spooled = null;
            BuildContext c;
            try {
                c = unpacked(tar == null ? InputStream.nullInputStream() : tar.stream(), store, maxBytes, null, null);
            } catch (EngineException e) {
                // It unpacked cleanly before; failing now is the store's fault, reported in-band.
                throw new BuildFailure(e.getMessage());
            }
            root = c.root;
            view = c.view;
        }
        return view;
    }

    /** True when {@code v} is this context's view (without unpacking a spooled context). */
    synchronized boolean isView(FsView v) {
        return v != null && v == view;
    }

    /** True while the context is still spooled (not unpacked): for tests and the benchmark. */
    synchronized boolean spooled() {
        return view == null;
    }

    /**
     * The SHA-256 of the whole (uncompressed) tar as it arrived, or null (a bare Dockerfile, or a tar over
     * {@link #SPOOL_LIMIT}): two contexts with the same fingerprint unpack to the same tree.
     */
    String fingerprint() {
        return fingerprint;
    }

    /** The context's {@code .dockerignore} rules (none without one). */
    public synchronized DockerIgnore ignore() {
        if (ignore == null) {
            String text = null;
            if (view == null && memo != null) {
                synchronized (memo) {
                    text = memo.get(IGNORE_KEY + fingerprint);
                }
            }
            if (text == null) {
                FsView v = view();
                text = v.exists("/.dockerignore")
                        ? new String(readQuietly("/.dockerignore"), StandardCharsets.UTF_8) : "";
            }
            ignore = text.isEmpty() ? DockerIgnore.none() : DockerIgnore.parse(text);
        }
        return ignore;
    }

    /** The Dockerfile's text, or 500 {@code Cannot locate specified Dockerfile: X} as the daemon answers. */
    public String dockerfile(String name) {
        String path = Paths.normalize("/" + name);
        String key = fingerprint == null || memo == null ? null : DOCKERFILE_KEY + fingerprint + "\0" + path;
        if (key != null) {
            synchronized (memo) {
                String known = memo.get(key);
                if (known != null) {
                    return known;
                }
            }
        }
        FsView v = view();
        try {
            if (v.stat(path, true).map(s -> s.isFile()).orElse(false)) {
                String text = new String(v.readAll(path), StandardCharsets.UTF_8);
                if (key != null) {
                    synchronized (memo) {
                        memo.put(key, text);
                    }
                }
                return text;
            }
        } catch (FsException e) {
            // Falls through to Docker's answer.
        }
        throw EngineException.internal("Cannot locate specified Dockerfile: " + name);
    }

    /** What earlier builds learnt about contexts (COPY source references by fingerprint), or null. */
    Map<String, String> memo() {
        return memo;
    }

    private byte[] readQuietly(String path) {
        try {
            return view.readAll(path);
        } catch (FsException e) {
            return new byte[0];
        }
    }

    @Override
    public synchronized void close() {
        spooled = null;
        if (root != null) {
            discard(root);
        }
    }

    /** The start of a body (up to {@link #SPOOL_LIMIT} and one byte) in chunks that are never copied to grow. */
    private static final class Spool {
        private final List<byte[]> chunks = new ArrayList<>();
        private int length;

        static Spool read(InputStream in, int firstChunk) throws IOException {
            Spool s = new Spool();
            byte[] chunk = new byte[Math.min(SPOOL_LIMIT + 1, Math.max(firstChunk, 1))];
            int fill = 0;
            while (s.length <= SPOOL_LIMIT) {
                if (fill == chunk.length) {
                    s.chunks.add(chunk);
                    chunk = new byte[Math.min(256 << 10, SPOOL_LIMIT + 1 - s.length)];
                    fill = 0;
                }
                int r = in.read(chunk, fill, chunk.length - fill);
                if (r < 0) {
                    break;
                }
                fill += r;
                s.length += r;
            }
            s.chunks.add(fill == chunk.length ? chunk : Arrays.copyOf(chunk, fill));
            return s;
        }

        /** The first {@code n} bytes (fewer when the body is shorter). */
        byte[] head(int n) {
            byte[] out = new byte[Math.min(n, length)];
            int done = 0;
            for (byte[] c : chunks) {
                if (done == out.length) {
                    break;
                }
                int k = Math.min(c.length, out.length - done);
                System.arraycopy(c, 0, out, done, k);
                done += k;
            }
            return out;
        }

        String sha256() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                chunks.forEach(md::update);
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The bytes once: each chunk is dropped when it has been read. */
        InputStream stream() {
            return new InputStream() {
                private int index;
                private int pos;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    while (index < chunks.size()) {
                        byte[] c = chunks.get(index);
                        if (pos < c.length) {
                            int k = Math.min(len, c.length - pos);
                            System.arraycopy(c, pos, b, off, k);
                            pos += k;
                            return k;
                        }
                        chunks.set(index++, null);
                        pos = 0;
                    }
                    return -1;
                }
            };
        }
    }
}
