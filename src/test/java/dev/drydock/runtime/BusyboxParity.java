package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a subclass's static {@code cases()} (script, expected stdout, stderr, exit code recorded from real
 * BusyBox) as {@code sh -c} on one {@link Rig} per test class, with {@code /tmp/data.txt} reset before each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BusyboxParity {
    private Rig rig;

    @BeforeAll
    void start() {
        rig = new Rig();
    }

    @AfterAll
    void stop() throws Exception {
        rig.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesLikeBusybox(String script, String stdout, String stderr, int exitCode) {
        rig.write("/tmp/data.txt", "b\na\nb\nc\n");
        SimRuntime.Result r = rig.sh(script);
        assertThat(r.stdout()).as("stdout").isEqualTo(stdout);
        assertThat(r.stderr()).as("stderr").isEqualTo(stderr);
        assertThat(r.exitCode()).as("exit code").isEqualTo(exitCode);
    }
}
