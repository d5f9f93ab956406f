package dev.drydock.fs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountFsViewTest {
    private Path volume;
    private Path config;
    private MountFsView fs;

    @BeforeEach
    void setUp() throws Exception {
        FileSystem jimfs = JimfsFactory.newFileSystem("mount-test");
        Path rootDir = Files.createDirectories(jimfs.getPath("/rootfs"));
        volume = Files.createDirectories(jimfs.getPath("/volumes/data/_data"));
        config = Files.createDirectories(jimfs.getPath("/host/config"));
        Files.writeString(config.resolve("app.conf"), "port=80\n");
        PathFsView root = new PathFsView(rootDir);
        root.mkdirs("/data");
        root.mkdirs("/etc/app");
        root.symlink("/current", "/data/v1");
        fs = new MountFsView(root, List.of(
                new MountFsView.Mount("/data", new PathFsView(volume)),
                new MountFsView.Mount("/etc/app", new PathFsView(config, true))));
    }

    @Test
    void writesUnderAMountReachTheMountedDirectory() throws Exception {
        fs.mkdirs("/data/v1");
        fs.writeAll("/current/file", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(volume.resolve("v1/file"))).isEqualTo("hello");
        assertThat(fs.list("/data")).containsExactly("v1");
        assertThat(fs.realPath("/current/file")).isEqualTo("/data/v1/file");
    }

    @Test
    void readOnlyMountsRefuseWrites() throws Exception {
        assertThat(new String(fs.readAll("/etc/app/app.conf"), StandardCharsets.UTF_8)).isEqualTo("port=80\n");
        assertThat(fs.isReadOnly("/etc/app/app.conf")).isTrue();
        assertThat(fs.isReadOnly("/data/x")).isFalse();
        assertThatThrownBy(() -> fs.writeAll("/etc/app/app.conf", new byte[0]))
                .hasMessageContaining("Read-only file system");
    }

    @Test
    void mountPointsCannotBeRemovedOrRenamedAcross() throws Exception {
        assertThatThrownBy(() -> fs.delete("/data"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.EBUSY));
        fs.writeAll("/data/f", new byte[]{1});
        assertThatThrownBy(() -> fs.rename("/data/f", "/f"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.EXDEV));
    }

    @Test
    void listingTheParentShowsMountPoints() throws Exception {
        assertThat(fs.list("/")).contains("data", "etc", "current");
        assertThat(fs.stat("/data", true).orElseThrow().isDirectory()).isTrue();
    }
}
