package dev.drydock.fs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link OverlayFsViewTest} again over {@link OverlayFsView#soleWriter}, whose upper layer answers lookups
 * from an index it keeps as it writes: the index must never disagree with the directory it describes.
 */
class SoleWriterOverlayFsViewTest extends OverlayFsViewTest {
    @Override
    OverlayFsView view(Path upperDir, List<Path> lowers) {
        return OverlayFsView.soleWriter(upperDir, lowers, layer -> LayerIndex.of(layer));
    }

    @Test
    void deletedAndRecreatedEntriesAreSeenAtOnce() throws Exception {
        Path root = JimfsFactory.newFileSystem("sole-writer").getPath("/");
        Path lower = Files.createDirectories(root.resolve("lower"));
        Files.createDirectories(lower.resolve("usr/bin"));
        Files.writeString(lower.resolve("usr/bin/tool"), "lower");
        Path upperDir = Files.createDirectories(root.resolve("upper"));
        // A view made over a non-empty upper directory indexes what is already there.
        Files.createDirectories(upperDir.resolve("data"));
        Files.writeString(upperDir.resolve("data/kept"), "kept");
        OverlayFsView v = view(upperDir, List.of(lower));
        assertThat(v.stat("/data/kept", false)).isPresent();

        v.delete("/usr/bin/tool");
        assertThat(v.stat("/usr/bin/tool", false)).isEmpty();
        v.writeAll("/usr/bin/tool", "mine".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(v.readAll("/usr/bin/tool"), StandardCharsets.UTF_8)).isEqualTo("mine");

        v.delete("/usr/bin/tool");
        v.delete("/usr/bin");
        assertThat(v.stat("/usr/bin", false)).isEmpty();
        v.mkdir("/usr/bin");
        assertThat(v.list("/usr/bin")).isEmpty();
        v.symlink("/usr/bin/sh", "/bin/busybox");
        assertThat(v.stat("/usr/bin/sh", false).orElseThrow().isSymlink()).isTrue();

        v.mkdirs("/a/b");
        v.writeAll("/a/b/f", new byte[] {1});
        v.rename("/a", "/z");
        assertThat(v.stat("/a/b/f", false)).isEmpty();
        assertThat(v.readAll("/z/b/f")).containsExactly(1);
        v.delete("/z/b/f");
        v.delete("/z/b");
        v.delete("/z");
        assertThat(v.stat("/z", false)).isEmpty();
        assertThat(v.list("/")).containsExactly("data", "usr");
    }
}
