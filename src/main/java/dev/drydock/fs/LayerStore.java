package dev.drydock.fs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's layers: one Jimfs filesystem per engine holding every layer tree, deduplicated by DiffID.
 *
 * <p>Layers come from a {@link TreeSpec} (catalog images), from a directory (a container's upper dir on
 * commit, a build step) or from a tar (load, import). Containers create their writable dirs with
 * {@link #newScratchDir(String)} in the same filesystem, so an overlay can stack them on the layers.
 */
public final class LayerStore implements AutoCloseable {
    private final FileSystem fs;
    private final Map<String, Layer> layers = new ConcurrentHashMap<>();
    private final Map<TreeSpec, Layer> specLayers = new ConcurrentHashMap<>();
    private final Map<TreeSpec, String[]> specDigests;
    private final AtomicLong scratch = new AtomicLong();
    private final Map<Path, LayerIndex> indexes = new ConcurrentHashMap<>();
    private final Map<List<Path>, LayerStack> stacks = new ConcurrentHashMap<>();

    /**
     * @param specDigests a cache of {@link TreeSpec} DiffIDs and sizes, shareable between engines: a spec's
     *                    tar is a pure function of the immutable spec
     */
    public LayerStore(Map<TreeSpec, String[]> specDigests) {
        this(specDigests, null);
    }

    /** A store whose files (layers, build steps' changes) take their times from {@code clock}. */
    public LayerStore(Map<TreeSpec, String[]> specDigests, java.time.Clock clock) {
        this.fs = JimfsFactory.newFileSystem("drydock-layers", clock);
        this.specDigests = specDigests;
        try {
            Files.createDirectories(fs.getPath("/layers"));
            Files.createDirectories(fs.getPath("/scratch"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Jimfs filesystem every layer and scratch dir lives in. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** The layer with this DiffID, or null. */
    public Layer get(String diffId) {
        return layers.get(diffId);
    }

    /** How many distinct layers are stored. */
    public int count() {
        return layers.size();
    }

    /** The layer of a spec, materialized on first use and then shared. */
    public Layer fromSpec(TreeSpec spec) {
        return specLayers.computeIfAbsent(spec, s -> {
            try {
                Path dir = newDir("/layers/tmp-");
                s.writeTo(dir);
                String[] known = specDigests.get(s);
                if (known == null) {
                    known = new String[] {digestOf(dir), Long.toString(LayerTar.treeSize(dir))};
                    specDigests.put(s, known);
                }
                return adopt(dir, known[0], Long.parseLong(known[1]), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The layer of a one-off spec (not cached by spec identity), deduplicated by DiffID. */
    public Layer fromSpecUncached(TreeSpec spec) {
        try {
            Path dir = newDir("/layers/tmp-");
            spec.writeTo(dir);
            return adopt(dir, digestOf(dir), LayerTar.treeSize(dir), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new layer holding a copy of the tree under {@code dir} (from any filesystem). */
    public Layer fromDirectory(Path dir) throws IOException {
        Path copy = newDir("/layers/tmp-");
        LayerTar.copyTree(dir, copy);
        return adopt(copy, digestOf(copy), LayerTar.treeSize(copy), null);
    }

    /**
     * A new layer extracted from a tar; its DiffID is the sha256 of the tar bytes as given, which are kept so
     * a save reproduces them. Nothing is left behind when the tar is refused.
     */
    public Layer fromTar(InputStream tar, long maxBytes) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long n = tar.transferTo(new LimitedOutput(buf, maxBytes + 1024 * 1024));
        byte[] bytes = buf.toByteArray();
        Path dir = newDir("/layers/tmp-");
        try {
            LayerTar.extract(new ByteArrayInputStream(bytes, 0, (int) n), dir, maxBytes);
        } catch (IOException | RuntimeException e) {
            LayerTar.deleteTree(dir);
            throw e;
        }
        return adopt(dir, "sha256:" + sha256Hex(bytes), LayerTar.treeSize(dir), bytes);
    }

    /** A new empty directory for a container's writable layer or a build step. */
    public Path newScratchDir(String prefix) throws IOException {
        Path p = fs.getPath("/scratch", prefix + scratch.incrementAndGet());
        Files.createDirectories(p);
        return p;
    }

    /**
     * The index of a stored layer's tree (built once, shared by every view over it), or null for any other
     * directory, such as a container's own or init layer, which may still change.
     */
    public LayerIndex index(Path root) {
        Path parent = root.getParent();
        Path name = root.getFileName();
        if (parent == null || name == null || !parent.equals(fs.getPath("/layers"))
                || layers.get("sha256:" + name) == null) {
            return null;
        }
        return indexes.computeIfAbsent(root, LayerIndex::of);
    }

    /**
     * The shared lookups of stored layers stacked topmost first (an image's layers), or null when one of them is
     * not a stored layer.
     */
    public LayerStack stack(List<Path> roots) {
        LayerStack known = stacks.get(roots);
        if (known != null) {
            return known;
        }
        LayerIndex[] idx = new LayerIndex[roots.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = index(roots.get(i));
            if (idx[i] == null) {
                return null;
            }
        }
        LayerStack s = new LayerStack(roots, idx);
        LayerStack raced = stacks.putIfAbsent(s.layers(), s);
        return raced != null ? raced : s;
    }

    /** Drops a layer no image uses any more (catalog layers stay: they are cheap to keep and likely reused). */
    public void release(Layer layer) {
        if (specLayers.containsValue(layer)) {
            return;
        }
        if (layers.remove(layer.diffId(), layer)) {
            indexes.remove(layer.root());
            stacks.values().removeIf(s -> s.contains(layer.root()));
            try {
                LayerTar.deleteTree(layer.root());
            } catch (IOException ignored) {
                // The tree is unreachable either way.
            }
        }
    }

    private Layer adopt(Path dir, String diffId, long size, byte[] originalTar) throws IOException {
        Layer existing = layers.get(diffId);
        if (existing != null) {
            LayerTar.deleteTree(dir);
            return existing;
        }
        Path target = fs.getPath("/layers", diffId.substring("sha256:".length()));
        synchronized (layers) {
            existing = layers.get(diffId);
            if (existing != null) {
                LayerTar.deleteTree(dir);
                return existing;
            }
            Files.move(dir, target);
            Layer layer = new Layer(diffId, size, target, originalTar);
            layers.put(diffId, layer);
            return layer;
        }
    }

    private Path newDir(String prefix) throws IOException {
        Path p = fs.getPath(prefix + scratch.incrementAndGet());
        Files.createDirectories(p);
        return p;
    }

    /** The DiffID of a tree: sha256 of its reproducible tar. */
    public static String digestOf(Path root) throws IOException {
        MessageDigest md = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            LayerTar.write(root, out);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** Lowercase hex sha256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }

    private static final class LimitedOutput extends OutputStream {
        private final OutputStream out;
        private long left;

        LimitedOutput(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            left -= len;
            if (left < 0) {
                throw new LayerTar.UnsafeArchiveException("archive exceeds the size limit");
            }
            out.write(b, off, len);
        }
    }
}
