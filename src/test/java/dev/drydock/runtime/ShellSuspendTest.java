package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.drydock.runtime.ProcessModelTest.Capture;

/**
 * A shell blocked mid-script on {@code sleep}, a nested script, a subshell or {@code wait} holds no thread: the
 * script's position is saved and a timer or the child's exit resumes it. Signals, traps, output and exit codes
 * behave as when a thread waited.
 */
class ShellSuspendTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void twoHundredIdleShellsOfEveryCommonShapeHoldNoThread() throws Exception {
        String[] shapes = {
            "while true; do sleep 5; done",
            "echo started; sleep 3600; echo never",
            "trap 'exit 0' TERM; while :; do sleep 1; done",
            "for i in $(seq 100); do echo $i; sleep 1; done",
            "f() { sleep 2; echo tick; }; while :; do f; done",
            "(while :; do sleep 5; done); echo after",
            "sh -c 'while :; do sleep 5; done'",
            "sleep 3600 & wait",
            "until false; do if [ -e /nope ]; then :; else sleep 7 > /dev/null; fi; done",
            "case x in x) { sleep 9 && echo ok; } ;; esac; tail -f /etc/hosts",
        };
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<SimProcess> procs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            procs.add(rig.rt.start(rig.spec("sh", "-c", shapes[i % shapes.length]).build()));
            // one at a time, so the pool reuses one worker and a leak would show as one thread per shell
            rig.idleWith(i + 1);
        }
        rig.noThreadInShell();
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(after - before).as("threads added by 200 idle shells").isLessThanOrEqualTo(8);
        for (SimProcess p : procs) {
            assertThat(p.isRunning()).isTrue();
        }
        for (SimProcess p : procs) {
            p.signal(Signals.SIGKILL);
        }
        for (SimProcess p : procs) {
            assertThat(Rig.exitCode(p)).isEqualTo(137);
        }
    }

    @Test
    void aLoopKeepsItsOutputOrderAndExitCodeAcrossWaits() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c",
            "for i in $(seq 5); do echo $i; sleep 1; done; echo done; exit 3").stdout(out).build());
        for (int i = 1; i <= 5; i++) {
            rig.idleWith(1);
            assertThat(out.text()).endsWith(i + "\n");
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isEqualTo(3);
        assertThat(out.text()).isEqualTo("1\n2\n3\n4\n5\ndone\n");
    }

    @Test
    void functionsRedirectionsAndBreakSurviveAWait() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", """
            count=0
            tick() { local n=$1; sleep 1; echo "tick $n"; return 4; }
            while :; do
              count=$((count + 1))
              tick $count > /tmp/last
              st=$?
              [ $count -ge 3 ] && break
              if [ $count -eq 2 ]; then continue; fi
              echo "after $count st=$st n=${n:-unset}"
            done
            echo "loop over $count"; cat /tmp/last
            """).stdout(out).build());
        for (int i = 0; i < 3; i++) {
            rig.idleWith(1);
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("after 1 st=4 n=unset\nloop over 3\ntick 3\n");
    }

    @Test
    void aTrapRunsOnceTheForegroundSleepEndsAsInAsh() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c",
            "trap 'echo got TERM; exit 0' TERM; echo ready; while :; do sleep 1; done").stdout(out).build());
        out.await("ready\n");
        rig.idleWith(1);
        p.signal(Signals.SIGTERM);
        Thread.sleep(20);
        assertThat(p.isRunning()).as("ash runs the trap after the foreground command").isTrue();
        rig.clock.advance(Duration.ofSeconds(1));
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("ready\ngot TERM\n");
    }

    @Test
    void aTrappedSignalEndsASuspendedWaitAtOnce() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c",
            "trap 'echo bye; exit 3' TERM; sleep 3600 & wait; echo unreachable").stdout(out).build());
        rig.idleWith(1);
        rig.noThreadInShell();
        p.signal(Signals.SIGHUP);
        p.signal(Signals.SIGTERM);
        assertThat(Rig.exitCode(p)).isEqualTo(3);
        assertThat(out.text()).isEqualTo("bye\n");
    }

    @Test
    void waitReturnsTheJobsStatusWhenItEnds() throws Exception {
        Capture err = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c",
            "(sleep 2; exit 5) & pid=$!; wait $pid; st=$?; echo \"st=$st\" >&2; exit $((st + 1))").stderr(err)
            .build());
        rig.idleWith(1);
        rig.noThreadInShell();
        rig.clock.advance(Duration.ofSeconds(2));
        assertThat(Rig.exitCode(p)).isEqualTo(6);
        assertThat(err.text()).isEqualTo("st=5\n");
    }

    @Test
    void aReadLoopOnAnEmptyStdinPipeHoldsNoThread() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "while read line; do echo \"got $line\"; done; echo eof")
            .stdinOpen(true).stdout(out).build());
        rig.noThreadInShell();
        p.stdin().write("a\nb c\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().flush();
        out.await("got b c\n");
        rig.noThreadInShell();
        p.stdin().write("last".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().close();
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("got a\ngot b c\neof\n");
    }

    @Test
    void untrappedSignalsEndASuspendedShellWithTheirCodes() throws Exception {
        SimProcess init = rig.rt.start(rig.spec("sh", "-c", "while true; do sleep 5; done").build());
        rig.idleWith(1);
        init.signal(Signals.SIGTERM);
        init.signal(Signals.SIGHUP);
        Thread.sleep(20);
        assertThat(init.isRunning()).as("PID 1 ignores signals it does not handle").isTrue();
        SimProcess term = rig.rt.start(rig.spec("sh", "-c", "while true; do sleep 5; done")
            .namespace(init.namespace()).build());
        SimProcess hup = rig.rt.start(rig.spec("sh", "-c", "while true; do sleep 5; done")
            .namespace(init.namespace()).build());
        rig.idleWith(3);
        term.signal(Signals.SIGTERM);
        hup.signal(Signals.SIGHUP);
        assertThat(Rig.exitCode(term)).isEqualTo(143);
        assertThat(Rig.exitCode(hup)).isEqualTo(129);
        init.signal(Signals.SIGKILL);
        assertThat(Rig.exitCode(init)).isEqualTo(137);
        // the shells' resumptions unwind on workers and leave nothing behind
        Rig.until("no task in flight", () -> rig.rt.tasksInFlight() == 0);
        rig.noThreadInShell();
    }

    @Test
    void theStepBudgetStillStopsARunawayLoopBetweenWaits() throws Exception {
        try (Rig small = new Rig(RuntimeConfig.defaults().withStepBudget(1000), true)) {
            Capture err = new Capture();
            SimProcess p = small.rt.start(small.spec("sh", "-c", "while :; do sleep 1; done").stderr(err).build());
            for (int i = 0; i < 600 && p.isRunning(); i++) {
                int n = i;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (p.isRunning() && small.clock.pendingTimers() == 0 && System.nanoTime() < end) {
                    Thread.sleep(1);
                }
                small.clock.advance(Duration.ofSeconds(1));
                assertThat(n).isLessThan(599);
            }
            assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
            assertThat(err.text()).isEqualTo("sh: step budget exceeded, killed\n");
        }
    }
}
