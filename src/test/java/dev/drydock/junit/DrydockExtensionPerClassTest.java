package dev.drydock.junit;

import com.github.dockerjava.api.DockerClient;
import dev.drydock.Drydock;
import dev.drydock.admin.Fault;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A static {@code @RegisterExtension} field: one server for the class, reset before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrydockExtensionPerClassTest {
    @RegisterExtension
    static DrydockExtension drydock = DrydockExtension.newInstance()
            .configure(c -> c.apiVersion("1.47").journalSize(50))
            .build();

    private static final AtomicInteger firstPort = new AtomicInteger();

    @Test
    @Order(1)
    void injectsRuntimeInfoAndADockerClient(DrydockRuntimeInfo info, DockerClient docker, Drydock handle) {
        firstPort.set(info.port());
        assertThat(info.tcpHost().toString()).isEqualTo("tcp://127.0.0.1:" + info.port());
        assertThat(info.unixHost()).hasValueSatisfying(u -> assertThat(u.getScheme()).isEqualTo("unix"));
        assertThat(info.environment()).containsEntry("DOCKER_HOST", info.dockerHost());
        assertThat(handle).isSameAs(drydock.drydock());

        drydock.faults().add(Fault.on("GET", "/_ping").respond(500, "down"));
        assertThatThrownBy(() -> docker.pingCmd().exec()).hasMessageContaining("down");
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/_ping")));
        assertThat(docker.versionCmd().exec().getApiVersion()).isEqualTo("1.47");
    }

    @Test
    @Order(2)
    void theSameServerIsResetBeforeTheNextTest(DockerClient docker, DrydockRuntimeInfo info) {
        assertThat(info.port()).isEqualTo(firstPort.get());
        assertThat(drydock.faults().list()).isEmpty();
        assertThat(drydock.journal().all()).isEmpty();
        docker.pingCmd().exec();
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/_ping")));
    }

    @Test
    @Order(3)
    void theAdminClientDrivesTheSameServer(DrydockRuntimeInfo info) {
        var admin = info.adminClient();
        String id = admin.addFault(Fault.on("GET", "/info").respond(503, "maintenance").times(1));
        assertThat(drydock.faults().get(id)).isPresent();
        assertThat(admin.faults().get(0).get("respond").get("status").asInt()).isEqualTo(503);
        admin.reset();
        assertThat(drydock.faults().list()).isEmpty();
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheOuterServer(DrydockRuntimeInfo info) {
            assertThat(info.port()).isEqualTo(drydock.port());
        }
    }
}
