package dev.drydock.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.nio.file.FileSystem;

/** Creates the in-memory filesystems that hold layers, container writes, volumes and tmpfs mounts. */
public final class JimfsFactory {
    private JimfsFactory() {
    }

    /**
     * A new Unix-like Jimfs with POSIX permissions and owners. Each gets a unique URI: Jimfs registers
     * filesystems JVM-wide by name, and two Drydock instances must never share one.
     */
    public static FileSystem newFileSystem(String purpose) {
        Configuration config = Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setMaxSize(64L * 1024 * 1024 * 1024)
                .setMaxCacheSize(16L * 1024 * 1024)
                .setBlockSize(8192)
                .build();
        return Jimfs.newFileSystem(purpose + "-" + java.util.UUID.randomUUID(), config);
    }
}
