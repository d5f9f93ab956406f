package dev.drydock.engine.containers;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLogTest {
    private final ContainerLog log = new ContainerLog(Clock.systemUTC(), 1 << 20);

    private final List<String> seen = new ArrayList<>();
    private final ContainerLog.Listener follower = new ContainerLog.Listener() {
        @Override
        public void entry(LogEntry e) {
            seen.add(new String(e.data(), StandardCharsets.UTF_8));
        }

        @Override
        public void ended() {
            seen.add("END");
        }
    };

    private void print(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        log.append(LogEntry.STDOUT, b, 0, b.length);
    }

    @Test
    void aFollowerOfALiveRunIsToldItsLaterOutputAndItsEnd() {
        log.beginRun();
        print("one\n");
        ContainerLog.Follow f = log.follow(follower);
        print("two\nthr");
        log.endRun();

        assertThat(f.live()).isTrue();
        assertThat(f.snapshot()).hasSize(1);
        assertThat(seen).containsExactly("two\n", "thr", "END");
    }

    @Test
    void aFollowerArrivingAfterTheEndGetsEverythingInTheSnapshotAndIsNotLeftWaiting() {
        // The container still looks running here (its exit is reported after the drain): logs -f must not wait.
        log.beginRun();
        print("hello\nno newline");
        log.endRun();
        ContainerLog.Follow f = log.follow(follower);

        assertThat(f.live()).isFalse();
        assertThat(f.snapshot()).extracting(e -> new String(e.data(), StandardCharsets.UTF_8))
                .containsExactly("hello\n", "no newline");
        print("late\n");
        assertThat(seen).as("not registered").isEmpty();
    }

    @Test
    void aRestartMakesTheLogLiveAgain() {
        log.beginRun();
        log.endRun();
        log.beginRun();
        assertThat(log.follow(follower).live()).isTrue();
        log.endRun();
        assertThat(seen).containsExactly("END");
    }
}
