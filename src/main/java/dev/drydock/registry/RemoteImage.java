package dev.drydock.registry;

import dev.drydock.fs.Layer;

import java.util.List;

/**
 * An image as a registry serves it: config JSON, layers and the manifest that ties them together.
 *
 * @param config         the image config JSON bytes (its sha256 is the image ID)
 * @param layers         the layers, lowest first
 * @param manifestDigest {@code sha256:...} of the manifest, the digest users pin
 * @param manifestSize   the manifest's length in bytes
 * @param synthesized    true when no catalog or pushed image backs the reference
 */
public record RemoteImage(byte[] config, List<Layer> layers, String manifestDigest, long manifestSize,
                         boolean synthesized) {
    public RemoteImage {
        layers = List.copyOf(layers);
    }
}
