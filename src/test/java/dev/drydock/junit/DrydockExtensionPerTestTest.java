package dev.drydock.junit;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An instance {@code @RegisterExtension} field: a fresh server for every test, closed after it. */
class DrydockExtensionPerTestTest {
    private static final List<Integer> ports = new CopyOnWriteArrayList<>();

    @RegisterExtension
    DrydockExtension drydock = DrydockExtension.newInstance().build();

    @RepeatedTest(3)
    void eachTestHasItsOwnServer(Drydock handle) throws IOException {
        assertThat(handle).isSameAs(drydock.drydock());
        assertThat(ports).doesNotContain(drydock.port());
        for (int previous : ports) {
            assertThatThrownBy(() -> new Socket("127.0.0.1", previous).close()).isInstanceOf(IOException.class);
        }
        ports.add(drydock.port());
        new Socket("127.0.0.1", drydock.port()).close();
    }

    @AfterAll
    static void threeServers() {
        assertThat(ports).hasSize(3).doesNotHaveDuplicates();
    }
}
