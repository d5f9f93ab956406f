package dev.drydock.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;

import java.nio.file.FileSystem;
import java.nio.file.attribute.FileTime;
import java.time.Clock;

/** Creates the in-memory filesystems that hold layers, container writes, volumes and tmpfs mounts. */
public final class JimfsFactory {
    private JimfsFactory() {
    }

    /**
     * A new Unix-like Jimfs with POSIX permissions and owners. Each gets a unique URI: Jimfs registers
     * filesystems JVM-wide by name, and two Drydock instances must never share one.
     */
    public static FileSystem newFileSystem(String purpose) {
        return newFileSystem(purpose, null);
    }

    /**
     * {@link #newFileSystem(String)} whose files take their times from {@code clock} (null: the system clock), so
     * an engine with a fixed clock writes the same times, hence the same layer tars and image IDs, on every run.
     */
    public static FileSystem newFileSystem(String purpose, Clock clock) {
        Configuration.Builder builder = Configuration.unix().toBuilder();
        if (clock != null) {
            builder.setFileTimeSource(() -> FileTime.from(clock.instant()));
        }
        Configuration config = builder
                .setAttributeViews("basic", "owner", "posix", "unix")
                .setMaxSize(64L * 1024 * 1024 * 1024)
                .setMaxCacheSize(16L * 1024 * 1024)
                .setBlockSize(8192)
                .build();
        return Jimfs.newFileSystem(purpose + "-" + java.util.UUID.randomUUID(), config);
    }
}
