package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShellSmokeTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void echoAndExit() {
        SimRuntime.Result r = rig.sh("echo hi; exit 3");
        assertThat(r.stdout()).isEqualTo("hi\n");
        assertThat(r.exitCode()).isEqualTo(3);
    }
}
