package dev.drydock.engine.volumes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --bind-root} and the listener-dependent default, as a server applies them at container create. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BindRootConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "f".repeat(64);

    @TempDir
    Path tmp;

    private static ContainerMounts bind(Drydock d, String source) throws Exception {
        return d.engine().volumes().planMounts(ID, MountRequest.fromJson(null,
                JSON.readTree("{\"Binds\":[\"" + source + ":/mnt\"]}"), null), ContainerLookup.none());
    }

    @Test
    void configuredRootsConfineBindsAtCreate() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("fixtures")).toRealPath();
        Files.createSymbolicLink(allowed.resolve("escape"), tmp);
        try (Drydock d = Drydock.start(DrydockConfig.builder().bindRoot(allowed).build())) {
            assertThat(bind(d, allowed + "/data").toApi()).hasSize(1);
            assertThatThrownBy(() -> bind(d, tmp.toString())).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.getMessage()).isEqualTo("bind source path " + tmp + " is outside the allowed bind roots ["
                        + allowed + "] (--bind-root)");
            });
            assertThatThrownBy(() -> bind(d, allowed + "/escape/x")).isInstanceOf(EngineException.class);
            assertThatThrownBy(() -> bind(d, allowed + "/../x")).isInstanceOf(EngineException.class);
            assertThat(d.engine().volumes().inUseBy("anything")).isEmpty();
        }
    }

    @Test
    void onTheNetworkWithoutRootsBindMountsAreRefusedButVolumesWork() throws Exception {
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://0.0.0.0:0").build())) {
            assertThatThrownBy(() -> bind(d, tmp.toString())).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.getMessage()).startsWith("bind mounts are disabled: Drydock listens on a"
                            + " non-loopback address and no --bind-root is configured"));
            assertThat(bind(d, "named").volumeNames()).containsExactly("named");
        }
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            assertThat(bind(d, tmp.toString()).toApi()).hasSize(1);
        }
    }
}
