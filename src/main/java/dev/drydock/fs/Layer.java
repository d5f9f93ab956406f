package dev.drydock.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One read-only image layer: an immutable tree in the engine's Jimfs, and its DiffID (the sha256 of its
 * uncompressed tar). Shared by every image and container that uses it; never copied, never written.
 *
 * <p>Whiteouts are kept as files named {@code .wh.NAME} (and {@code .wh..wh..opq} for an opaque directory),
 * the OCI layer convention, for an overlay view to interpret.
 */
public final class Layer {
    private final String diffId;
    private final long size;
    private final Path root;
    private final byte[] originalTar;
    private volatile long tarSize = -1;

    Layer(String diffId, long size, Path root, byte[] originalTar) {
        this.diffId = diffId;
        this.size = size;
        this.root = root;
        this.originalTar = originalTar;
    }

    /** {@code sha256:<hex>} of the uncompressed layer tar. */
    public String diffId() {
        return diffId;
    }

    /** The bytes of its contents (regular files and symlink targets). */
    public long size() {
        return size;
    }

    /** The layer's tree: a directory in the engine's Jimfs; read-only by contract. */
    public Path root() {
        return root;
    }

    /** Writes the layer tar: byte for byte the tar it was loaded from, or the reproducible tar of its tree. */
    public void writeTar(OutputStream out) throws IOException {
        if (originalTar != null) {
            out.write(originalTar);
        } else {
            LayerTar.write(root, out);
        }
    }

    /** The size of the layer tar in bytes. */
    public long tarSize() {
        long n = tarSize;
        if (n >= 0) {
            return n;
        }
        if (originalTar != null) {
            n = originalTar.length;
        } else {
            CountingOutputStream c = new CountingOutputStream();
            try {
                LayerTar.write(root, c);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            n = c.count;
        }
        tarSize = n;
        return n;
    }

    @Override
    public String toString() {
        return diffId;
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
