package dev.drydock.fs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathFsViewTest {
    private FileSystem jimfs;
    private Path root;
    private PathFsView fs;

    @BeforeEach
    void setUp() throws Exception {
        jimfs = JimfsFactory.newFileSystem("test");
        root = Files.createDirectories(jimfs.getPath("/containers/c1"));
        Files.createDirectories(jimfs.getPath("/secret"));
        Files.writeString(jimfs.getPath("/secret/key"), "outside");
        fs = new PathFsView(root);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReadsAndListsFiles() throws Exception {
        fs.mkdirs("/etc/app");
        fs.writeAll("/etc/app/conf", utf8("a=1\n"));
        assertThat(new String(fs.readAll("/etc/app/conf"), StandardCharsets.UTF_8)).isEqualTo("a=1\n");
        assertThat(fs.list("/etc")).containsExactly("app");
        FileStat st = fs.stat("/etc/app/conf", true).orElseThrow();
        assertThat(st.isFile()).isTrue();
        assertThat(st.size()).isEqualTo(4);
        assertThat(st.mode()).isEqualTo(0644);
        assertThat(fs.stat("/etc/app", true).orElseThrow().mode()).isEqualTo(0755);
    }

    @Test
    void missingPathsFailWithLinuxErrnos() throws Exception {
        assertThat(fs.stat("/nope", true)).isEmpty();
        assertThatThrownBy(() -> fs.read("/nope")).isInstanceOf(FsException.class)
                .hasMessage("/nope: No such file or directory");
        fs.writeAll("/file", utf8("x"));
        assertThatThrownBy(() -> fs.read("/file/child"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ENOTDIR));
        assertThatThrownBy(() -> fs.writeAll("/missing/dir/f", utf8("x")))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ENOENT));
        fs.mkdir("/d");
        fs.writeAll("/d/f", utf8("x"));
        assertThatThrownBy(() -> fs.delete("/d"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ENOTEMPTY));
        assertThatThrownBy(() -> fs.mkdir("/d"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> fs.read("/d"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.EISDIR));
    }

    @Test
    void symlinksResolveInsideTheRootOnly() throws Exception {
        fs.symlink("/escape", "/../../secret");
        fs.symlink("/rel", "../../../secret/key");
        assertThat(fs.stat("/escape", true)).isEmpty();
        assertThat(fs.stat("/rel", true)).isEmpty();
        assertThatThrownBy(() -> fs.writeAll("/escape/key", utf8("pwned")))
                .isInstanceOf(FsException.class);
        assertThat(Files.readString(jimfs.getPath("/secret/key"))).isEqualTo("outside");

        fs.mkdirs("/usr/bin");
        fs.writeAll("/usr/bin/tool", utf8("bin"));
        fs.symlink("/bin", "usr/bin");
        assertThat(new String(fs.readAll("/bin/tool"), StandardCharsets.UTF_8)).isEqualTo("bin");
        assertThat(fs.realPath("/bin/tool")).isEqualTo("/usr/bin/tool");
        FileStat link = fs.stat("/bin", false).orElseThrow();
        assertThat(link.isSymlink()).isTrue();
        assertThat(link.linkTarget()).isEqualTo("usr/bin");
    }

    @Test
    void symlinkLoopsFailWithEloop() throws Exception {
        fs.symlink("/a", "/b");
        fs.symlink("/b", "/a");
        assertThatThrownBy(() -> fs.read("/a"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ELOOP));
    }

    @Test
    void dotDotNeverClimbsAboveRoot() throws Exception {
        fs.writeAll("/../../../top", utf8("t"));
        assertThat(Files.exists(root.resolve("top"))).isTrue();
        assertThat(Paths.normalize("/a/../../b/./c//")).isEqualTo("/b/c");
    }

    @Test
    void readOnlyViewsRefuseWrites() throws Exception {
        fs.writeAll("/f", utf8("x"));
        PathFsView ro = new PathFsView(root, true);
        assertThat(ro.readAll("/f")).isEqualTo(utf8("x"));
        assertThatThrownBy(() -> ro.writeAll("/f", utf8("y"))).hasMessage("/f: Read-only file system");
        assertThatThrownBy(() -> ro.mkdir("/g")).hasMessage("/g: Read-only file system");
    }

    @Test
    void keepsOwnersModesAndTimes() throws Exception {
        fs.writeAll("/f", utf8("x"));
        fs.chown("/f", 1000, 1001);
        fs.chmod("/f", 0750);
        fs.setModified("/f", java.time.Instant.parse("2020-01-02T03:04:05Z"));
        FileStat st = fs.stat("/f", true).orElseThrow();
        assertThat(st.uid()).isEqualTo(1000);
        assertThat(st.gid()).isEqualTo(1001);
        assertThat(st.mode()).isEqualTo(0750);
        assertThat(st.fullMode()).isEqualTo(0100750);
        assertThat(st.modified()).isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05Z"));
    }

    @Test
    void renamesReplaceFiles() throws Exception {
        fs.writeAll("/a", utf8("A"));
        fs.writeAll("/b", utf8("B"));
        fs.rename("/a", "/b");
        assertThat(fs.exists("/a")).isFalse();
        assertThat(fs.readAll("/b")).isEqualTo(utf8("A"));
    }
}
