package dev.drydock.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frozen namespace ({@code docker pause}) runs nothing: its sleeps do not end and its output stops while frozen;
 * at thaw an overdue sleep ends at once, as a real one under the cgroup freezer does, and the process goes on.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FreezerTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    /** Output collected from the process's thread, read from the test's. */
    private static final class Out extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aSleepDueWhileFrozenEndsOnlyAtThaw() throws Exception {
        Out out = new Out();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done")
                .stdout(out).build());
        await(() -> out.text().contains("tick 0") && rig.clock.pendingTimers() == 1, "first tick, then sleeping");
        rig.clock.advance(Duration.ofSeconds(1));
        await(() -> out.text().contains("tick 1") && rig.clock.pendingTimers() == 1, "second tick");

        p.namespace().freezer().freeze();
        rig.clock.advance(Duration.ofSeconds(5));
        Thread.sleep(200);
        assertThat(out.text()).as("nothing runs while frozen").isEqualTo("tick 0\ntick 1\n");
        assertThat(p.isRunning()).isTrue();

        p.namespace().freezer().thaw();
        await(() -> out.text().contains("tick 2"), "the overdue sleep ending at thaw");
        await(() -> rig.clock.pendingTimers() == 1, "sleeping again");
        assertThat(out.text()).isEqualTo("tick 0\ntick 1\ntick 2\n");
        rig.clock.advance(Duration.ofSeconds(1));
        await(() -> out.text().contains("tick 3"), "ticking on after thaw");
        p.signal(Signals.SIGKILL);
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
    }

    @Test
    void aBusyWriterStopsWhileFrozenAndAKillStillEndsIt() throws Exception {
        Out out = new Out();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "while true; do echo x; done").stdout(out).build());
        await(() -> out.size() > 100, "output");
        p.namespace().freezer().freeze();
        // freeze() returns once the write under way has landed (as runc waits for FROZEN): not one byte after it.
        int frozenAt = out.size();
        Thread.sleep(200);
        assertThat(out.size()).as("output while frozen").isEqualTo(frozenAt);
        p.namespace().freezer().thaw();
        await(() -> out.size() > frozenAt + 100, "output after thaw");

        p.namespace().freezer().freeze();
        p.signal(Signals.SIGKILL);
        assertThat(p.exit().get(5, TimeUnit.SECONDS)).as("SIGKILL ends a frozen process").isEqualTo(137);
    }

    @Test
    void anExecJoinsTheContainersFreezer() throws Exception {
        Out out = new Out();
        SimProcess init = rig.rt.start(rig.spec("sleep", "1000").build());
        init.namespace().freezer().freeze();
        SimProcess exec = rig.rt.start(rig.spec("sh", "-c", "echo started").namespace(init.namespace()).stdout(out)
                .build());
        Thread.sleep(200);
        assertThat(out.text()).isEmpty();
        init.namespace().freezer().thaw();
        assertThat(exec.exit().get(5, TimeUnit.SECONDS)).isZero();
        assertThat(out.text()).isEqualTo("started\n");
        init.signal(Signals.SIGKILL);
    }

    /** Whether some thread is held at the freezer's safepoint (a computing shell that the freeze stopped). */
    private static boolean heldAtSafepoint() {
        return Thread.getAllStackTraces().values().stream().anyMatch(st -> java.util.Arrays.stream(st)
                .anyMatch(f -> f.getClassName().equals(Freezer.class.getName()) && f.getMethodName().equals("hold")));
    }

    @Test
    void aLoopThatNeitherWritesNorSleepsStopsAtTheNextShellStep() throws Exception {
        rig.write("/count", "");
        SimProcess spin = rig.rt.start(rig.spec("sh", "-c", "while true; do :; done").build());
        SimProcess count = rig.rt.start(rig.spec("sh", "-c", "i=0; while :; do i=$((i+1)); echo $i >> /count; done")
                .namespace(spin.namespace()).build());
        await(() -> rig.read("/count").length() > 100, "counting");

        spin.namespace().freezer().freeze();
        await(() -> Thread.getAllStackTraces().values().stream().filter(st -> java.util.Arrays.stream(st)
                .anyMatch(f -> f.getMethodName().equals("hold") && f.getClassName().equals(Freezer.class.getName())))
                .count() >= 2, "both loops held at the safepoint");
        int atFreeze = rig.read("/count").length();
        Thread.sleep(200);
        assertThat(rig.read("/count").length()).as("the counter while frozen").isEqualTo(atFreeze);
        assertThat(spin.isRunning() && count.isRunning()).isTrue();

        spin.namespace().freezer().thaw();
        await(() -> rig.read("/count").length() > atFreeze + 100, "counting after thaw");
        await(() -> !heldAtSafepoint(), "nothing held after thaw");

        spin.namespace().freezer().freeze();
        await(FreezerTest::heldAtSafepoint, "held again");
        spin.signal(Signals.SIGKILL);
        count.signal(Signals.SIGKILL);
        assertThat(spin.exit().get(5, TimeUnit.SECONDS)).as("SIGKILL ends a held loop").isEqualTo(137);
        assertThat(count.exit().get(5, TimeUnit.SECONDS)).isEqualTo(137);
        await(() -> !heldAtSafepoint(), "no thread left held after the kill");
    }
}
