package dev.drydock.junit;

import com.github.dockerjava.api.DockerClient;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.admin.Fault;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The declarative form: {@code @DrydockTest} with attributes and a configurer. */
@DrydockTest(apiVersion = "1.45", journalSize = 10, bindRoots = "/tmp",
        configurer = DrydockTestAnnotationTest.Debug.class)
class DrydockTestAnnotationTest {
    /** A configurer: for what the annotation has no attribute for. */
    public static final class Debug implements DrydockConfigurer {
        @Override
        public void configure(DrydockConfig.Builder builder) {
            builder.engineVersion("27.0.0");
        }
    }

    static final List<Integer> ports = new CopyOnWriteArrayList<>();

    @Test
    void configuredFromTheAnnotation(DockerClient docker, Drydock drydock) {
        var version = docker.versionCmd().exec();
        assertThat(version.getApiVersion()).isEqualTo("1.45");
        assertThat(version.getVersion()).isEqualTo("27.0.0");
        assertThat(drydock.journal().capacity()).isEqualTo(10);
        assertThat(drydock.engine().config().bindRoots().allowsAny()).isFalse();
        ports.add(drydock.port());
    }

    @Test
    void resetBeforeEachTest(Drydock drydock, DockerClient docker) {
        assertThat(drydock.journal().all()).isEmpty();
        drydock.faults().add(Fault.on("GET", "/_ping").respond(500).once());
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException expected) {
            // The first ping fails by design.
        }
        docker.pingCmd().exec();
        drydock.verify(exactly(2), getRequestedFor(urlPathEqualTo("/_ping")));
        ports.add(drydock.port());
        assertThat(ports).containsOnly(ports.get(0));
    }

    @Nested
    @DrydockTest(serverPerTest = true)
    class PerTest {
        @Test
        void getsItsOwnServer(DrydockRuntimeInfo info) {
            assertThat(ports).doesNotContain(info.port());
        }
    }
}
