package dev.drydock.registry;

/** Which images a pull can find. */
public enum RegistryMode {
    /** Catalog, pushed and loaded images, and any other well-formed reference as a synthesized image. */
    DEFAULT,
    /** Only catalog and pushed images exist; anything else fails as Docker does for a missing image. */
    STRICT
}
