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

class OverlayFsViewTest {
    private FileSystem jimfs;
    private Path base;
    private Path top;
    private Path upper;
    private OverlayFsView fs;

    @BeforeEach
    void setUp() throws Exception {
        jimfs = JimfsFactory.newFileSystem("overlay-test");
        base = Files.createDirectories(jimfs.getPath("/layers/base"));
        top = Files.createDirectories(jimfs.getPath("/layers/top"));
        upper = Files.createDirectories(jimfs.getPath("/containers/c1"));
        PathFsView b = new PathFsView(base);
        b.mkdirs("/etc");
        b.writeAll("/etc/os-release", utf8("base\n"));
        b.writeAll("/etc/hosts", utf8("127.0.0.1 localhost\n"));
        b.mkdirs("/usr/bin");
        b.writeAll("/usr/bin/tool", utf8("tool"));
        b.symlink("/bin", "usr/bin");
        b.mkdirs("/opt/old/deep");
        b.writeAll("/opt/old/deep/f", utf8("old"));
        PathFsView t = new PathFsView(top);
        t.mkdirs("/etc");
        t.writeAll("/etc/os-release", utf8("top\n"));
        t.writeAll("/etc/" + OverlayFsView.WHITEOUT + "hosts", new byte[0]);
        t.mkdirs("/opt/old");
        t.writeAll("/opt/old/" + OverlayFsView.OPAQUE, new byte[0]);
        t.writeAll("/opt/old/new", utf8("new"));
        fs = view(upper, List.of(top, base));
    }

    /** The view under test (a subclass runs every test again over the indexed form). */
    OverlayFsView view(Path upperDir, List<Path> lowers) {
        return new OverlayFsView(upperDir, lowers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String read(String p) throws FsException {
        return new String(fs.readAll(p), StandardCharsets.UTF_8);
    }

    @Test
    void readsFallThroughToTheTopmostLayer() throws Exception {
        assertThat(read("/etc/os-release")).isEqualTo("top\n");
        assertThat(read("/bin/tool")).isEqualTo("tool");
        assertThat(fs.stat("/etc/hosts", true)).isEmpty();
        assertThat(fs.list("/etc")).containsExactly("os-release");
        assertThat(fs.list("/opt/old")).containsExactly("new");
        assertThat(fs.stat("/opt/old/deep/f", true)).isEmpty();
        assertThat(fs.list("/")).containsExactly("bin", "etc", "opt", "usr");
    }

    @Test
    void writesCopyUpAndNeverTouchLowerLayers() throws Exception {
        fs.writeAll("/etc/os-release", utf8("mine\n"));
        try (var out = fs.write("/usr/bin/tool", true)) {
            out.write(utf8("+more"));
        }
        assertThat(read("/etc/os-release")).isEqualTo("mine\n");
        assertThat(read("/bin/tool")).isEqualTo("tool+more");
        assertThat(Files.readString(top.resolve("etc/os-release"))).isEqualTo("top\n");
        assertThat(Files.readString(base.resolve("usr/bin/tool"))).isEqualTo("tool");
        assertThat(Files.readString(upper.resolve("usr/bin/tool"))).isEqualTo("tool+more");
    }

    @Test
    void creatingAViewCopiesNothing() throws Exception {
        try (var s = Files.list(upper)) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void deletesOfLowerFilesLeaveWhiteouts() throws Exception {
        fs.delete("/usr/bin/tool");
        assertThat(fs.stat("/usr/bin/tool", true)).isEmpty();
        assertThat(fs.list("/usr/bin")).isEmpty();
        assertThat(Files.exists(upper.resolve("usr/bin/.wh.tool"))).isTrue();
        assertThat(Files.exists(base.resolve("usr/bin/tool"))).isTrue();
        fs.writeAll("/usr/bin/tool", utf8("again"));
        assertThat(read("/usr/bin/tool")).isEqualTo("again");
        assertThat(Files.exists(upper.resolve("usr/bin/.wh.tool"))).isFalse();
    }

    @Test
    void aRecreatedDirectoryHidesItsOldContent() throws Exception {
        fs.delete("/usr/bin/tool");
        fs.delete("/usr/bin");
        assertThat(fs.stat("/usr/bin", true)).isEmpty();
        fs.mkdir("/usr/bin");
        assertThat(fs.list("/usr/bin")).isEmpty();
        assertThat(fs.stat("/bin/tool", true)).isEmpty();
    }

    @Test
    void refusesToDeleteNonEmptyDirectories() {
        assertThatThrownBy(() -> fs.delete("/etc"))
                .satisfies(e -> assertThat(((FsException) e).errno()).isEqualTo(Errno.ENOTEMPTY));
    }

    @Test
    void renamesMoveAcrossLayers() throws Exception {
        fs.rename("/etc/os-release", "/etc/renamed");
        assertThat(read("/etc/renamed")).isEqualTo("top\n");
        assertThat(fs.stat("/etc/os-release", true)).isEmpty();
        fs.rename("/opt/old", "/opt/moved");
        assertThat(fs.list("/opt")).containsExactly("moved");
        assertThat(read("/opt/moved/new")).isEqualTo("new");
    }

    @Test
    void chmodCopiesUpWithContent() throws Exception {
        fs.chmod("/usr/bin/tool", 0700);
        assertThat(fs.stat("/usr/bin/tool", true).orElseThrow().mode()).isEqualTo(0700);
        assertThat(read("/usr/bin/tool")).isEqualTo("tool");
    }

    @Test
    void symlinksCannotEscapeTheView() throws Exception {
        fs.symlink("/esc", "../../../layers/top");
        assertThat(fs.stat("/esc", true)).isEmpty();
    }
}
