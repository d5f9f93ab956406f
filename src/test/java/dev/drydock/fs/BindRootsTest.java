package dev.drydock.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bind-root confinement on the real host filesystem: cleaned paths, resolved host symlinks, missing tails. */
class BindRootsTest {
    @TempDir
    Path tmp;

    private Path root() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("allowed"));
        Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(tmp.resolve("secret/key"), "s3cret");
        return root.toRealPath();
    }

    @Test
    void pathsUnderARootResolveToTheirCanonicalHostPath() throws Exception {
        Path root = root();
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("a"));
        BindRoots roots = BindRoots.of(List.of(root));
        assertThat(roots.resolve(root + "/a/b")).isEqualTo(root.resolve("a/b"));
        assertThat(roots.resolve(root + "/link/b")).isEqualTo(root.resolve("a/b"));
        assertThat(roots.resolve(root + "/a/./b/../b")).isEqualTo(root.resolve("a/b"));
        assertThat(roots.resolve(root + "/missing/dir")).isEqualTo(root.resolve("missing/dir"));
        assertThat(roots.resolve(root.toString())).isEqualTo(root);
    }

    @Test
    void neitherDotDotNorHostSymlinksEscapeTheRoots() throws Exception {
        Path root = root();
        Files.createSymbolicLink(root.resolve("out"), tmp.resolve("secret"));
        Files.createSymbolicLink(root.resolve("dangling"), tmp.resolve("nowhere"));
        BindRoots roots = BindRoots.of(List.of(root));
        assertThatThrownBy(() -> roots.resolve(root + "/../secret")).isInstanceOf(MountSpecException.class)
                .hasMessage("bind source path " + tmp.toRealPath().resolve("secret") + " is outside the allowed bind"
                        + " roots [" + root + "] (--bind-root)");
        assertThatThrownBy(() -> roots.resolve(root + "/out")).isInstanceOf(MountSpecException.class)
                .hasMessageContaining("is outside the allowed bind roots");
        assertThatThrownBy(() -> roots.resolve(root + "/out/key")).isInstanceOf(MountSpecException.class);
        // A missing directory under a link that leads outside is outside too, and is never created.
        assertThatThrownBy(() -> roots.ensureDirectory(root + "/out/new/dir")).isInstanceOf(MountSpecException.class);
        assertThat(Files.exists(tmp.resolve("secret/new"))).isFalse();
        assertThatThrownBy(() -> roots.resolve(root + "/dangling")).isInstanceOf(MountSpecException.class)
                .hasMessageContaining("cannot be resolved");
        assertThatThrownBy(() -> roots.resolve("/etc")).isInstanceOf(MountSpecException.class);
        // A sibling whose name starts like the root is not under it.
        Files.createDirectories(tmp.resolve("allowed-not"));
        assertThatThrownBy(() -> roots.resolve(tmp.toRealPath() + "/allowed-not"))
                .isInstanceOf(MountSpecException.class);
    }

    @Test
    void ensureDirectoryCreatesAMissingSourceInsideTheRoot() throws Exception {
        Path root = root();
        BindRoots roots = BindRoots.of(List.of(root));
        Path made = roots.ensureDirectory(root + "/x/y");
        assertThat(made).isEqualTo(root.resolve("x/y"));
        assertThat(Files.isDirectory(made)).isTrue();
    }

    @Test
    void theDefaultDependsOnWhereDrydockListens() throws Exception {
        Path root = root();
        assertThat(BindRoots.forListeners(List.of(), true).allowsAny()).isTrue();
        assertThat(BindRoots.forListeners(List.of(), true).resolve(tmp + "/secret/key"))
                .isEqualTo(tmp.toRealPath().resolve("secret/key"));
        BindRoots network = BindRoots.forListeners(List.of(), false);
        assertThatThrownBy(() -> network.resolve(root.toString())).isInstanceOf(MountSpecException.class)
                .hasMessage("bind mounts are disabled: Drydock listens on a non-loopback address and no --bind-root"
                        + " is configured (cannot mount " + root + ")");
        BindRoots configured = BindRoots.forListeners(List.of(root), false);
        assertThat(configured.resolve(root.toString())).isEqualTo(root);
        assertThat(configured.roots()).containsExactly(root);
    }
}
