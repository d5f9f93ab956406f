package dev.drydock.images;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.Ids;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageChanges;
import dev.drydock.fs.OverlayFsView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The images-to-fs seam the containers and build helpers use: resolve, overlay the layers, commit a layer. */
class ImageLayersSeamTest {
    private static Engine engine() {
        return new Engine(new EngineConfig("29.7.2", "1.55", "1.24", Clock.systemUTC(), new Ids(1), false, 100, Map.of()));
    }

    @Test
    void overlayOverImageLayersSeesTheMergedTree() throws Exception {
        Engine engine = engine();
        var images = engine.images();
        images.planPull("nginx", "latest", null, null).forEach(images::completePull);
        Image nginx = images.resolve("nginx");
        Path upper = images.layers().newScratchDir("container-");
        OverlayFsView view = new OverlayFsView(upper, nginx.layerRootsTopFirst());
        assertThat(new String(view.readAll("/etc/passwd"), StandardCharsets.UTF_8)).contains("nginx:x:101:101");
        assertThat(new String(view.readAll("/usr/share/nginx/html/index.html"), StandardCharsets.UTF_8))
                .contains("Welcome to nginx!");
        assertThat(view.realPath("/bin/sh")).isEqualTo("/usr/bin/dash");
        assertThat(new String(view.readAll("/usr/sbin/nginx"), StandardCharsets.UTF_8))
                .startsWith("\u007FELF\ndrydock-program: nginx\n");
        assertThat(view.stat("/usr/sbin/nginx", true).orElseThrow().mode()).isEqualTo(0755);
    }

    @Test
    void commitMakesAChildImageFromTheUpperDir() throws Exception {
        Engine engine = engine();
        var images = engine.images();
        images.planPull("busybox", "latest", null, null).forEach(images::completePull);
        Image base = images.resolve("busybox");
        Path upper = images.layers().newScratchDir("container-");
        OverlayFsView view = new OverlayFsView(upper, base.layerRootsTopFirst());
        view.writeAll("/hello.txt", "hi\n".getBytes(StandardCharsets.UTF_8));
        view.delete("/etc/shadow");
        var layer = images.layerFromDirectory(upper);
        var config = ImageChanges.apply(base.config(), List.of("CMD [\"cat\", \"/hello.txt\"]", "ENV A=1"));
        Image child = images.createImage(base, layer, config, "me", "a commit", "sh", false, "committed:v1");
        assertThat(child.parent()).isEqualTo(base.id());
        assertThat(child.layers()).hasSize(2).startsWith(base.layers().get(0));
        assertThat(child.config().cmd()).containsExactly("cat", "/hello.txt");
        assertThat(child.config().env()).contains("A=1");
        assertThat(images.resolve("committed:v1").id()).isEqualTo(child.id());
        OverlayFsView fresh = new OverlayFsView(images.layers().newScratchDir("c2-"), child.layerRootsTopFirst());
        assertThat(fresh.exists("/hello.txt")).isTrue();
        assertThat(fresh.exists("/etc/shadow")).isFalse();
        // The base cannot go while its child exists.
        var conflict = org.junit.jupiter.api.Assertions.assertThrows(dev.drydock.engine.EngineException.class,
                () -> images.remove(base.id(), true, false));
        assertThat(conflict.getMessage()).endsWith("(cannot be forced) - image has dependent child images");
        engine.close();
    }

    /** An archive a real Engine 20.10 wrote with {@code docker save} (classic layout) of Drydock's nginx:alpine. */
    @Test
    void loadsAClassicArchiveARealDockerSaveWrote() throws Exception {
        Engine engine = engine();
        try (var in = getClass().getResourceAsStream("/images/docker-20.10-save-nginx-alpine.tar")) {
            var loaded = engine.imageArchive().load(in);
            assertThat(loaded.get(0).messages()).containsExactly("Loaded image: drydock-compat:probe");
        }
        var images = engine.images();
        images.planPull("nginx", "alpine", null, null).forEach(images::completePull);
        // Same content, same address: the real Engine kept our config and layer bytes exactly.
        assertThat(images.resolve("drydock-compat:probe").id()).isEqualTo(images.resolve("nginx:alpine").id());
        engine.close();
    }
}
