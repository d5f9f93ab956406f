package dev.drydock.engine.containers;

/**
 * One mount of a container, as inspect's and the list's {@code Mounts} show it.
 *
 * @param type        bind, volume or tmpfs
 * @param name        the volume's name ("" for binds and tmpfs)
 * @param source      the host path (or the volume's data path)
 * @param destination the path inside the container
 * @param driver      the volume driver ("local"), "" for binds and tmpfs
 * @param mode        the mode as given ("ro", "z", ...)
 * @param rw          writable
 * @param propagation bind propagation ("rprivate" for binds)
 * @param anonymous   a volume created for this container only (removed with {@code rm -v})
 */
public record MountPoint(String type, String name, String source, String destination, String driver, String mode,
                         boolean rw, String propagation, boolean anonymous) {
}
