package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessModelTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    /** A thread-safe capture of a process's output. */
    static final class Capture extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }

        String await(String needle) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text().contains(needle)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("never saw \"" + needle + "\" in: " + text());
                }
                Thread.sleep(2);
            }
            return text();
        }
    }

    private static int exitCode(SimProcess p) throws Exception {
        return p.exit().get(10, TimeUnit.SECONDS);
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(30);
    }

    /** Waits (10 s at most) until no worker task is in flight: a process holding its thread never gets there. */
    private void awaitNoTaskInFlight() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rig.rt.tasksInFlight() != 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError(rig.rt.tasksInFlight() + " worker tasks still in flight after 10 s");
            }
            Thread.sleep(2);
        }
    }

    @Test
    void aBackgroundCommandIsInThePsTableWithItsArgvBeforeTheShellGoesOn() {
        for (int i = 0; i < 20; i++) {
            SimRuntime.Result r = rig.sh("sleep 123 & pid=$!; ps -o pid,comm,args | grep \"^ *$pid \"; kill $pid");
            assertThat(r.stdout()).as("run " + i).matches(" *[1-9]\\d* sleep +sleep 123\n");
        }
        // a job that never execs nor waits must not hold its parent: it shows as the shell, as a fork does
        SimRuntime.Result r = rig.sh("while :; do :; done & pid=$!; ps -o pid,comm | grep \"^ *$pid \"; kill $pid");
        assertThat(r.stdout()).matches(" *[1-9]\\d* sh\n");
        assertThat(rig.sh("nosuch & wait $!; echo rc=$?").stdout()).isEqualTo("rc=127\n");
    }

    @Test
    void missingCommandIsTheOciNotFoundFailureWith127() {
        assertThatThrownBy(() -> rig.rt.start(rig.spec("nosuch").build()))
            .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("exec: \"nosuch\": executable file not found in $PATH");
                assertThat(e.exitCode()).isEqualTo(127);
                assertThat(e.reason()).isEqualTo(ProcessStartException.Reason.NOT_FOUND);
            });
        assertThatThrownBy(() -> rig.rt.start(rig.spec("/nope").build()))
            .hasMessage("exec: \"/nope\": stat /nope: no such file or directory");
    }

    @Test
    void nonExecutableFileAndDirectoryAre126PermissionDenied() {
        assertThatThrownBy(() -> rig.rt.start(rig.spec("/etc/passwd").build()))
            .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("exec: \"/etc/passwd\": permission denied");
                assertThat(e.exitCode()).isEqualTo(126);
            });
        assertThatThrownBy(() -> rig.rt.start(rig.spec("/etc").build())).hasMessage("exec: \"/etc\": permission denied");
    }

    @Test
    void unknownUserAndMissingWorkdirFailLikeDocker() {
        assertThatThrownBy(() -> rig.rt.start(rig.spec("true").user("nobody2").build()))
            .hasMessage("unable to find user nobody2: no matching entries in passwd file");
        assertThatThrownBy(() -> rig.rt.start(rig.spec("true").workdir("/nope").build()))
            .hasMessage("chdir to cwd (\"/nope\") set in config.json failed: no such file or directory");
    }

    @Test
    void userResolvesFromPasswdAndGroupAndNumericIds() {
        assertThat(rig.run(rig.spec("id").user("www-data").build()).stdout())
            .isEqualTo("uid=33(www-data) gid=33(www-data) groups=33(www-data)\n");
        assertThat(rig.run(rig.spec("id").user("1000:33").build()).stdout())
            .isEqualTo("uid=1000 gid=33(www-data) groups=33(www-data)\n");
        assertThat(rig.run(rig.spec("sh", "-c", "echo $HOME; whoami").user("nobody").build()).stdout())
            .isEqualTo("/root\nnobody\n");
        assertThat(rig.run(rig.spec("whoami").user("1234").build()).stderr()).isEqualTo("whoami: unknown uid 1234\n");
    }

    @Test
    void shebangScriptsRunInTheirInterpreterAndTextScriptsAreExecFormatErrors() throws Exception {
        rig.write("/entrypoint.sh", "#!/bin/sh\necho \"entry $1 $0\"\nexec \"$@\"\n");
        rig.fs.chmod("/entrypoint.sh", 0755);
        SimRuntime.Result r = rig.run(rig.spec("/entrypoint.sh", "echo", "done").build());
        assertThat(r.stdout()).isEqualTo("entry echo /entrypoint.sh\ndone\n");
        rig.write("/t", "echo from text\n");
        rig.fs.chmod("/t", 0755);
        assertThatThrownBy(() -> rig.rt.start(rig.spec("/t").build())).hasMessage("exec /t: exec format error");
        assertThat(rig.sh("/t; echo rc=$?").stdout()).isEqualTo("from text\nrc=0\n");
    }

    @Test
    void stdoutAndStderrAreSeparateAndTtyMergesThemWithCrlf() throws Exception {
        SimRuntime.Result r = rig.sh("echo out; echo err >&2; exit 5");
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.exitCode()).isEqualTo(5);
        Capture tty = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "echo out; echo err >&2").tty(true).stdout(tty).build());
        assertThat(exitCode(p)).isZero();
        assertThat(tty.text()).isEqualTo("out\r\nerr\r\n");
    }

    @Test
    void stdinIsStreamedToTheProcess() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "while read l; do echo \"got $l\"; done; echo eof")
            .stdinOpen(true).stdout(out).build());
        p.stdin().write("a\nb\n".getBytes(StandardCharsets.UTF_8));
        out.await("got b\n");
        p.stdin().close();
        assertThat(exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("got a\ngot b\neof\n");
    }

    @Test
    void pid1WithoutHandlerIgnoresTermAndIntButSigkillGives137() throws Exception {
        SimProcess p = rig.rt.start(rig.spec("sleep", "1000").build());
        assertThat(p.pid()).isEqualTo(1);
        p.signal(Signals.SIGTERM);
        p.signal(Signals.SIGINT);
        settle();
        assertThat(p.isRunning()).isTrue();
        p.signal(Signals.SIGKILL);
        assertThat(exitCode(p)).isEqualTo(137);
    }

    @Test
    void nonPid1ProcessDiesOfUnhandledTermWith143() throws Exception {
        SimProcess init = rig.rt.start(rig.spec("sleep", "1000").build());
        SimProcess exec = rig.rt.start(rig.spec("sleep", "1000").namespace(init.namespace()).build());
        assertThat(exec.pid()).isEqualTo(2);
        exec.signal(Signals.SIGTERM);
        assertThat(exitCode(exec)).isEqualTo(143);
        SimProcess hup = rig.rt.start(rig.spec("sleep", "1000").namespace(init.namespace()).build());
        hup.signal(Signals.SIGHUP);
        assertThat(exitCode(hup)).isEqualTo(129);
        assertThat(init.isRunning()).isTrue();
    }

    @Test
    void whenPid1ExitsEveryOtherProcessIsKilled() throws Exception {
        SimProcess init = rig.rt.start(rig.spec("sleep", "1000").build());
        SimProcess other = rig.rt.start(rig.spec("sleep", "1000").namespace(init.namespace()).build());
        init.signal(Signals.SIGKILL);
        assertThat(exitCode(other)).isEqualTo(137);
        assertThat(init.namespace().processes()).isEmpty();
    }

    @Test
    void sleepFollowsTheSimulatedClockAndHoldsNoThread() throws Exception {
        SimProcess[] ps = new SimProcess[200];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = rig.rt.start(rig.spec("sleep", "1000").build());
        }
        awaitNoTaskInFlight();
        assertThat(rig.clock.pendingTimers()).isEqualTo(200);
        rig.clock.advance(Duration.ofSeconds(999));
        assertThat(ps[0].isRunning()).isTrue();
        rig.clock.advance(Duration.ofSeconds(1));
        for (SimProcess p : ps) {
            assertThat(exitCode(p)).isZero();
        }
    }

    @Test
    void aShellEndingInALongCommandExecsItAndFreesItsThread() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "echo started; sleep 1000").stdout(out).build());
        out.await("started\n");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.argv().get(0).equals("sleep") && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertThat(p.argv()).containsExactly("sleep", "1000");
        // The shell's thread finishes its exec a moment after argv changed: 30 ms was not always enough under load.
        awaitNoTaskInFlight();
        assertThat(rig.clock.pendingTimers()).isEqualTo(1);
        rig.clock.advance(Duration.ofSeconds(1000));
        assertThat(exitCode(p)).isZero();
    }

    @Test
    void scaledClockMakesLongSleepsShortButNotInstant() throws Exception {
        try (Rig fast = new Rig(RuntimeConfig.defaults(), false)) {
            SimRuntime rt = new SimRuntime(RuntimeConfig.defaults().withClock(
                RuntimeClock.scaled(fast.rt.scheduler(), 1000)));
            try {
                long t0 = System.nanoTime();
                SimProcess p = rt.start(fast.spec("sleep", "500").build());
                assertThat(p.isRunning()).isTrue();
                assertThat(exitCode(p)).isZero();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(ms).as("500 simulated seconds at 1000x").isBetween(450L, 9000L);
            } finally {
                rt.close();
            }
        }
    }

    @Test
    void trapInPid1ShellHandlesTermDuringWait() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "trap 'echo bye; exit 0' TERM; echo ready; sleep 1000 & wait")
            .stdout(out).build());
        out.await("ready\n");
        settle();
        p.signal(Signals.SIGTERM);
        assertThat(exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("ready\nbye\n");
    }

    @Test
    void busyLoopIsAlwaysStoppableBySignal() throws Exception {
        SimProcess init = rig.rt.start(rig.spec("sh", "-c", "while true; do :; done").build());
        settle();
        init.signal(Signals.SIGTERM);
        settle();
        assertThat(init.isRunning()).as("PID 1 without trap ignores TERM").isTrue();
        init.signal(Signals.SIGKILL);
        assertThat(exitCode(init)).isEqualTo(137);
        SimProcess other = rig.rt.start(rig.spec("sh", "-c", "i=0; while :; do i=$((i+1)); done").build());
        SimProcess exec = rig.rt.start(rig.spec("sh", "-c", "while true; do :; done").namespace(other.namespace())
            .build());
        settle();
        exec.signal(Signals.SIGTERM);
        assertThat(exitCode(exec)).isEqualTo(143);
        other.signal(Signals.SIGKILL);
        assertThat(exitCode(other)).isEqualTo(137);
    }

    @Test
    void stepBudgetEndsARunawayScript() throws Exception {
        try (Rig small = new Rig(RuntimeConfig.defaults().withStepBudget(20_000), true)) {
            SimRuntime.Result r = small.sh("while true; do :; done");
            assertThat(r.exitCode()).isEqualTo(137);
            assertThat(r.stderr()).isEqualTo("sh: step budget exceeded, killed\n");
        }
    }

    @Test
    void forkBombIsBoundedByTheProcessLimitAndDiesWithPid1() throws Exception {
        try (Rig small = new Rig(RuntimeConfig.defaults().withMaxProcesses(64), true)) {
            Capture err = new Capture();
            SimProcess p = small.rt.start(small.spec("sh", "-c", "f() { f | f & }; f; sleep 1000").stderr(err)
                .build());
            err.await("can't fork");
            for (int i = 0; i < 20; i++) {
                assertThat(p.namespace().processes().size()).isLessThanOrEqualTo(64);
                Thread.sleep(5);
            }
            p.signal(Signals.SIGKILL);
            assertThat(exitCode(p)).isEqualTo(137);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!p.namespace().processes().isEmpty() && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(p.namespace().processes()).isEmpty();
        }
    }

    @Test
    void childrenAreVisibleToPsAndTheProcessTree() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "sleep 100 & sleep 200 & echo up; wait").stdout(out).build());
        out.await("up\n");
        settle();
        assertThat(p.children()).extracting(SimProcess::commandLine).contains("sleep 100", "sleep 200");
        SimRuntime.Result ps = rig.run(rig.spec("ps").namespace(p.namespace()).build());
        // As the busybox image's ps prints it (no TIME column there).
        assertThat(ps.stdout()).startsWith("PID   USER     COMMAND\n    1 root     sh -c sleep 100 & ")
            .contains(" root     sleep 100\n").contains(" root     sleep 200\n")
            .contains(" root     ps\n");
        p.signal(Signals.SIGKILL);
    }

    @Test
    void pipelineStreamsAndEpipeEndsTheWriter() {
        assertThat(rig.sh("yes | head -n 3").stdout()).isEqualTo("y\ny\ny\n");
        assertThat(rig.sh("seq 1 100000 | wc -l").stdout()).isEqualTo("100000\n");
        assertThat(rig.sh("seq 1 300000 | tail -n 1").stdout()).isEqualTo("300000\n");
    }

    @Test
    void largeOutputIsStreamedThroughABlockingSinkNotBuffered() throws Exception {
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                seen.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                seen.addAndGet(len);
            }
        };
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "yes 0123456789 | head -c 50000000").stdout(slow).build());
        assertThat(exitCode(p)).isZero();
        assertThat(seen.get()).isEqualTo(50_000_000L);
    }

    @Test
    void interactiveTtyShellShowsPromptEchoesAndExitsWithCode() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh").tty(true).stdinOpen(true).stdout(out).build());
        out.await("/ # ");
        p.stdin().write("echo $((1+2))\r".getBytes(StandardCharsets.UTF_8));
        out.await("3\r\n/ # ");
        p.stdin().write("cd /tmp\r".getBytes(StandardCharsets.UTF_8));
        out.await("/tmp # ");
        p.stdin().write("exit 3\r".getBytes(StandardCharsets.UTF_8));
        assertThat(exitCode(p)).isEqualTo(3);
        assertThat(out.text()).isEqualTo("/ # echo $((1+2))\r\n3\r\n/ # cd /tmp\r\n/tmp # exit 3\r\n");
    }

    @Test
    void nonRootPromptIsDollarAndCtrlCInterruptsTheForegroundCommand() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh").user("nobody").tty(true).stdinOpen(true).stdout(out).build());
        out.await("/ $ ");
        p.stdin().write("sleep 1000\r".getBytes(StandardCharsets.UTF_8));
        // ^C once sleep runs (its timer is pending), not after a guess at how long the shell takes to start it.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (rig.clock.pendingTimers() != 1) {
            assertThat(System.nanoTime()).as("sleep 1000 started within 10 s").isLessThan(end);
            Thread.sleep(2);
        }
        p.stdin().write(3);
        out.await("^C\r\n/ $ ");
        p.stdin().write("echo $?\r".getBytes(StandardCharsets.UTF_8));
        out.await("130\r\n");
        p.stdin().write(4);
        assertThat(exitCode(p)).isZero();
    }

    @Test
    void execReplacesTheProgramKeepingThePid() throws Exception {
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "exec sleep 100").build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!p.argv().get(0).equals("sleep") && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertThat(p.argv()).containsExactly("sleep", "100");
        assertThat(p.pid()).isEqualTo(1);
        rig.clock.advance(Duration.ofSeconds(100));
        assertThat(exitCode(p)).isZero();
    }

    @Test
    void procNetTcpAndEnvironmentComeFromTheProcess() {
        SimRuntime.Result r = rig.run(rig.spec("sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; env | sort")
            .env("A", "1").build());
        assertThat(r.stdout()).isEqualTo("sh -c cat /proc/1/cmdline | tr '\\0' ' '; echo; env | sort \n"
            + "A=1\nHOME=/root\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=/\nSHLVL=1\n");
    }
}
