package dev.drydock.examples;

import com.github.dockerjava.api.DockerClient;
import dev.drydock.admin.Fault;
import dev.drydock.junit.DrydockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The programmatic form: one server for the class, configured in code, reset before each test. A fault can
 * also answer with any body, which makes "an old daemon" one line.
 */
class ApiCompatibilityTest {
    @RegisterExtension
    static DrydockExtension drydock = DrydockExtension.newInstance()
            .configure(c -> c.apiVersion("1.47"))
            .build();

    @Test
    void acceptsARecentDaemon(DockerClient docker) {
        assertThat(ApiCompatibility.requireApi(docker, "1.41")).isEqualTo("1.47");
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/version")));
    }

    @Test
    void refusesAnOldDaemon(DockerClient docker) {
        drydock.faults().add(Fault.on("GET", "/version")
                .respondWith(200, "application/json", "{\"Version\":\"1.13.1\",\"ApiVersion\":\"1.26\"}"));

        assertThatThrownBy(() -> ApiCompatibility.requireApi(docker, "1.41"))
                .hasMessage("Docker API 1.26 is too old: 1.41 or newer is needed");
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/version")));
    }
}
