package dev.drydock.fs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link OverlayFsViewTest} again over {@link OverlayFsView#soleWriterOfNew}, whose image layers answer from
 * a {@link LayerStack} shared by every view over them: what one view writes, deletes or hides must never reach
 * another through the stack's remembered answers.
 */
class SharedStackOverlayFsViewTest extends OverlayFsViewTest {
    @Override
    OverlayFsView view(Path upperDir, List<Path> lowers) {
        return OverlayFsView.soleWriterOfNew(upperDir, List.of(), layer -> null, stack(lowers));
    }

    private static LayerStack stack(List<Path> lowers) {
        LayerIndex[] idx = lowers.stream().map(LayerIndex::of).toArray(LayerIndex[]::new);
        return new LayerStack(lowers, idx);
    }

    @Test
    void viewsOverOneStackSeeOnlyTheirOwnChanges() throws Exception {
        Path root = JimfsFactory.newFileSystem("shared-stack").getPath("/");
        Path image = Files.createDirectories(root.resolve("image"));
        Files.createDirectories(image.resolve("usr/bin"));
        Files.writeString(image.resolve("usr/bin/tool"), "image");
        Files.createDirectories(image.resolve("etc"));
        Files.writeString(image.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path init = Files.createDirectories(root.resolve("init"));
        Files.createDirectories(init.resolve("etc"));
        Files.writeString(init.resolve("etc/hosts"), "");
        LayerStack stack = stack(List.of(image));
        LayerIndex initIndex = LayerIndex.of(init);
        OverlayFsView a = OverlayFsView.soleWriterOfNew(Files.createDirectories(root.resolve("a")), List.of(init),
                p -> initIndex, stack);
        OverlayFsView b = OverlayFsView.soleWriterOfNew(Files.createDirectories(root.resolve("b")), List.of(init),
                p -> initIndex, stack);
        // Both ask first, so the stack remembers the image's answers.
        for (OverlayFsView v : List.of(a, b)) {
            assertThat(v.stat("/usr/bin/tool", true)).isPresent();
            assertThat(v.stat("/usr/bin/other", true)).isEmpty();
            assertThat(v.stat("/etc/passwd", true)).isPresent();
            assertThat(v.stat("/etc/hosts", true)).isPresent();
        }

        a.delete("/usr/bin/tool");
        a.writeAll("/usr/bin/other", "a's".getBytes(StandardCharsets.UTF_8));
        a.writeAll("/etc/passwd", "app:x:1:1::/:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        assertThat(a.stat("/usr/bin/tool", true)).isEmpty();
        assertThat(a.readAll("/usr/bin/other")).asString(StandardCharsets.UTF_8).isEqualTo("a's");
        assertThat(a.readAll("/etc/passwd")).asString(StandardCharsets.UTF_8).startsWith("app:");

        assertThat(b.readAll("/usr/bin/tool")).asString(StandardCharsets.UTF_8).isEqualTo("image");
        assertThat(b.stat("/usr/bin/other", true)).isEmpty();
        assertThat(b.readAll("/etc/passwd")).asString(StandardCharsets.UTF_8).startsWith("root:");

        // A directory replaced in one view (opaque in its upper) hides the image's content there only.
        a.delete("/usr/bin/other");
        a.delete("/usr/bin");
        a.mkdir("/usr/bin");
        assertThat(a.list("/usr/bin")).isEmpty();
        assertThat(a.stat("/usr/bin/tool", true)).isEmpty();
        assertThat(b.list("/usr/bin")).containsExactly("tool");
    }
}
