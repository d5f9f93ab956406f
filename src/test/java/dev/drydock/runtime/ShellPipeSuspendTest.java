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
 * A shell blocked inside a pipeline or a command substitution holds no thread, and neither does a stage of a
 * pipeline that is itself a shell construct: exit codes ({@code pipefail}, {@code !}), output order, expansions
 * around a substitution and signals are as when a thread waited.
 */
class ShellPipeSuspendTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private SimProcess sh(String script, Capture out) throws Exception {
        return rig.rt.start(rig.spec("sh", "-c", script).stdout(out).build());
    }

    @Test
    void idleShellsInPipelinesAndSubstitutionsHoldNoThread() throws Exception {
        // each shape with the number of sleeps it leaves pending once idle
        Object[][] shapes = {
            {"x=$(sleep 100); echo done", 1},
            {"while :; do sleep 5; done | while read l; do echo \"$l\"; done", 1},
            {"sleep 100 | sleep 200; echo after", 2},
            {"while true; do echo ok | { read x; sleep 30; }; done", 1},
            {"echo \"a=$(echo b $(sleep 9))\" c=$((1 + $(sleep 4; echo 2)))", 1},
            {"f() { sleep 7 | (sleep 8); }; v=$(f); echo $v", 2},
            {"for i in 1 2; do echo \"$(sleep 60 | sleep 61)\"; done", 2},
            {"set -o pipefail; ! sleep 3 | sleep 4 | sleep 5", 3},
            // no sleep to count: parked once their processes are there (sh, tail, cat; sh, nc) and no worker is busy
            {"tail -f /dev/null | cat", 0, 3},
            {"tail -f /etc/hosts | cat; echo never", 1},
            {"while true; do echo ok | nc -l -p 8080; done", 0, 2},
        };
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<SimProcess> procs = new ArrayList<>();
        int timers = 0;
        for (int i = 0; i < 110; i++) {
            Object[] s = shapes[i % shapes.length];
            SimProcess p = sh((String) s[0], new Capture());
            procs.add(p);
            timers += (Integer) s[1];
            if (s.length > 2) {
                int n = (Integer) s[2];
                Rig.until(s[0] + " started", () -> p.namespace().processes().size() == n);
            }
            rig.idleWith(timers);
        }
        rig.noThreadInShell();
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(after - before).as("threads added by 110 idle shells").isLessThanOrEqualTo(8);
        for (SimProcess p : procs) {
            assertThat(p.isRunning()).isTrue();
        }
        for (SimProcess p : procs) {
            p.signal(Signals.SIGKILL);
        }
        for (SimProcess p : procs) {
            assertThat(Rig.exitCode(p)).isEqualTo(137);
            Rig.until("the container's processes ended", () -> p.namespace().processes().isEmpty());
        }
    }

    @Test
    void aPipelineKeepsItsStatusesAndOutputOrderAcrossWaits() throws Exception {
        Capture out = new Capture();
        SimProcess p = sh("""
            echo start
            sleep 1 | (sleep 2; exit 3); echo "last=$?"
            (sleep 1; exit 4) | sleep 2; echo "first ignored=$?"
            ! sleep 1 | sleep 1; echo "bang=$?"
            set -o pipefail
            (sleep 1; exit 4) | sleep 2; echo "pipefail=$?"
            seq 3 | while read n; do sleep 1; echo "n=$n"; done | while read l; do echo "[$l]"; done
            exit 9
            """, out);
        // extra advances only end sleeps early, which changes no output
        for (int i = 0; i < 100 && p.isRunning(); i++) {
            Rig.until("a pending sleep", () -> (rig.clock.pendingTimers() > 0 && rig.rt.tasksInFlight() == 0)
                || !p.isRunning());
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isEqualTo(9);
        assertThat(out.text()).isEqualTo("start\nlast=3\nfirst ignored=0\nbang=1\npipefail=4\n[n=1]\n[n=2]\n[n=3]\n");
    }

    @Test
    void aSubstitutionThatWaitsSeesEachExpansionOnce() throws Exception {
        Capture out = new Capture();
        SimProcess p = sh("""
            i=0; a=1
            a=$a.x b=$((i += 1))$(sleep 1; echo B)$((i += 1)) c=${c:=C}$(sleep 1; echo D)
            echo "a=$a b=$b c=$c i=$i st=$?"
            y=$(sleep 1; exit 7); echo "st=$?"
            echo "[$(echo out; sleep 1; echo more)]" "$(sleep 1)" end
            w=$(sleep 1; echo w) z=$(exit 5); echo "w=$w z=$z st=$?"
            exec 3>/tmp/f; echo "$(sleep 1; echo to3)" >&3; cat /tmp/f
            """, out);
        for (int i = 0; i < 7; i++) {
            rig.idleWith(1);
            rig.noThreadInShell();
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("a=1.x b=1B2 c=CD i=2 st=0\nst=7\n[out\nmore]  end\nw=w z= st=5\n"
            + "to3\n");
    }

    @Test
    void aTrapRunsAfterTheForegroundPipelineOrSubstitutionEnds() throws Exception {
        Capture out = new Capture();
        SimProcess p = sh("trap 'echo hup' HUP; echo ready; sleep 5 | sleep 5; echo after; x=$(sleep 5); echo end",
            out);
        out.await("ready\n");
        rig.idleWith(2);
        p.signal(Signals.SIGHUP);
        rig.clock.advance(Duration.ofSeconds(5));
        rig.idleWith(1);
        assertThat(out.text()).isEqualTo("ready\nhup\nafter\n");
        p.signal(Signals.SIGHUP);
        rig.clock.advance(Duration.ofSeconds(5));
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("ready\nhup\nafter\nhup\nend\n");
    }

    @Test
    void untrappedSignalsEndAShellSuspendedInAPipelineOrSubstitution() throws Exception {
        SimProcess init = rig.rt.start(rig.spec("sh", "-c", "sleep 100 | sleep 100").build());
        rig.idleWith(2);
        SimProcess term = rig.rt.start(rig.spec("sh", "-c", "x=$(sleep 100 | sleep 100)")
            .namespace(init.namespace()).build());
        SimProcess hup = rig.rt.start(rig.spec("sh", "-c", "while :; do sleep 5; done | cat")
            .namespace(init.namespace()).build());
        Rig.until("three shells parked", () -> rig.clock.pendingTimers() == 5);
        term.signal(Signals.SIGTERM);
        hup.signal(Signals.SIGHUP);
        assertThat(Rig.exitCode(term)).isEqualTo(143);
        assertThat(Rig.exitCode(hup)).isEqualTo(129);
        init.signal(Signals.SIGTERM);
        Thread.sleep(20);
        assertThat(init.isRunning()).as("PID 1 ignores signals it does not handle").isTrue();
        init.signal(Signals.SIGKILL);
        assertThat(Rig.exitCode(init)).isEqualTo(137);
        Rig.until("every process gone", () -> init.namespace().processes().isEmpty());
        Rig.until("no task in flight", () -> rig.rt.tasksInFlight() == 0);
        rig.noThreadInShell();
    }

    @Test
    void aServerLoopOnNcInAPipelineServesEachConnectionAndWaitsWithoutAThread() throws Exception {
        dev.drydock.runtime.net.NetStack net = rig.rt.loopbackNet("c0ffee");
        SimProcess server = rig.rt.start(rig.spec("sh", "-c",
            "i=0; while true; do i=$((i + 1)); echo \"ok $i\" | nc -l -p 8080; done").net(net).build());
        for (int i = 1; i <= 3; i++) {
            Rig.until("the server parked", () -> rig.rt.tasksInFlight() == 0 && Rig.threadsInShell().isEmpty()
                && server.namespace().processes().size() == 2);
            // the client keeps its stdin open: it ends when the server, at its stdin's EOF, closes the connection;
            // it tries again while the new nc is not listening yet
            Capture got = new Capture();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                SimProcess client = rig.rt.start(rig.spec("nc", "127.0.0.1", "8080").net(net).stdinOpen(true)
                    .stdout(got).namespace(server.namespace()).build());
                if (Rig.exitCode(client) == 0 || System.nanoTime() > end) {
                    break;
                }
            }
            assertThat(got.text()).isEqualTo("ok " + i + "\n");
        }
        server.signal(Signals.SIGKILL);
        assertThat(Rig.exitCode(server)).isEqualTo(137);
    }

    @Test
    void catInAPipelineCopiesWhatArrivesAndEndsAtEof() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c", "cat | cat; echo \"st=$?\"").stdinOpen(true).stdout(out)
            .build());
        Rig.until("the pipeline parked", () -> rig.rt.tasksInFlight() == 0 && p.namespace().processes().size() == 3);
        p.stdin().write("a\nb".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().flush();
        out.await("a\nb");
        p.stdin().write("c\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().close();
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("a\nbc\nst=0\n");
    }

    @Test
    void aReadWhoseLineArrivesInPiecesWaitsForTheWholeLineWithoutAThread() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-c",
            "while read -r l; do echo \"got $l\"; done; echo \"eof $l\"").stdinOpen(true).stdout(out).build());
        String[] pieces = {"hel", "lo\nwor", "ld\\", "\n", "las"};
        for (String piece : pieces) {
            rig.noThreadInShell();
            p.stdin().write(piece.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.stdin().flush();
        }
        rig.noThreadInShell();
        assertThat(out.text()).isEqualTo("got hello\ngot world\\\n");
        p.stdin().write("t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().close();
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("got hello\ngot world\\\neof last\n");
    }

    @Test
    void aReadLoopStageGetsLinesWrittenInPieces() throws Exception {
        Capture out = new Capture();
        SimProcess p = sh("for i in 1 2; do printf 'a%s' $i; sleep 1; echo b; sleep 1; done | "
            + "while read l; do echo \"[$l]\"; done; echo end", out);
        for (int i = 0; i < 100 && p.isRunning(); i++) {
            Rig.until("a pending sleep", () -> (rig.clock.pendingTimers() > 0 && rig.rt.tasksInFlight() == 0
                && Rig.threadsInShell().isEmpty()) || !p.isRunning());
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("[a1b]\n[a2b]\nend\n");
    }

    @Test
    void anInteractiveShellWaitsForItsNextLineWithoutAThread() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh").tty(true).stdinOpen(true).stdout(out).build());
        parkedAfter(out, "/ # ");
        type(p, "echo hi; x=$(sleep 2; echo late)\r");
        rig.idleWith(1);
        rig.noThreadInShell();
        rig.clock.advance(Duration.ofSeconds(2));
        parkedAfter(out, "hi\r\n/ # ");
        type(p, "echo \"$x\" | cat\r");
        parkedAfter(out, "late\r\n/ # ");
        type(p, "for i in 1 2\r");
        parkedAfter(out, "2\r\n> ");
        type(p, "do echo $i; done\r");
        parkedAfter(out, "1\r\n2\r\n/ # ");
        type(p, "exit 4\r");
        assertThat(Rig.exitCode(p)).isEqualTo(4);
        assertThat(out.text()).isEqualTo("/ # echo hi; x=$(sleep 2; echo late)\r\nhi\r\n/ # echo \"$x\" | cat\r\n"
            + "late\r\n/ # for i in 1 2\r\n> do echo $i; done\r\n1\r\n2\r\n/ # exit 4\r\n");
    }

    private static void type(SimProcess p, String keys) throws Exception {
        p.stdin().write(keys.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().flush();
    }

    /** Waits until the output ends with {@code tail} and the shell waits for input without a thread. */
    private void parkedAfter(Capture out, String tail) throws InterruptedException {
        Rig.until("the shell parked after \"" + tail + "\"", () -> out.text().endsWith(tail)
            && rig.rt.tasksInFlight() == 0 && Rig.threadsInShell().isEmpty());
    }

    @Test
    void commandsPipedIntoAShellRunAsTheyArrive() throws Exception {
        Capture out = new Capture();
        SimProcess p = rig.rt.start(rig.spec("sh", "-s").stdinOpen(true).stdout(out).build());
        Rig.until("the shell parked on stdin", () -> rig.rt.tasksInFlight() == 0 && Rig.threadsInShell().isEmpty()
            && p.isRunning());
        p.stdin().write("echo one\nif true\nthen echo t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().flush();
        out.await("one\n");
        rig.noThreadInShell();
        p.stdin().write("wo; fi\nbreak; echo after\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().write("if then".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.stdin().close();
        assertThat(Rig.exitCode(p)).isEqualTo(2);
        assertThat(out.text()).isEqualTo("one\ntwo\nafter\n");
    }

    @Test
    void evalAndSourcedFilesWaitWithoutAThread() throws Exception {
        rig.write("/lib.sh", "echo \"in lib $# $1\"; sleep 1; [ \"$1\" = stop ] && return 3; echo \"lib end\"\n");
        Capture out = new Capture();
        SimProcess p = sh("""
            set -- a b
            X=1 eval 'sleep 1; echo "eval $X $#"'
            . /lib.sh go; echo "st=$? args=$*"
            . /lib.sh stop; echo "st=$? args=$*"
            f() { eval 'sleep 1; return 5'; echo unreachable; }; f; echo "f=$?"
            for i in 1 2 3; do eval 'sleep 1; [ $i = 2 ] && break'; done; echo "i=$i"
            eval 'sleep 1; if' ; echo never
            """, out);
        for (int i = 0; i < 100 && p.isRunning(); i++) {
            Rig.until("a pending sleep", () -> (rig.clock.pendingTimers() > 0 && rig.rt.tasksInFlight() == 0
                && Rig.threadsInShell().isEmpty()) || !p.isRunning());
            rig.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(Rig.exitCode(p)).isEqualTo(2);
        assertThat(out.text()).isEqualTo("eval 1 2\nin lib 1 go\nlib end\nst=0 args=a b\nin lib 1 stop\n"
            + "st=3 args=a b\nf=5\ni=2\n");
    }

    @Test
    void aStageThatEndsEarlyBreaksTheWriterLikeSigpipe() throws Exception {
        Capture out = new Capture();
        SimProcess p = sh("while :; do echo y; done | head -n 2; echo \"st=$?\"", out);
        assertThat(Rig.exitCode(p)).isZero();
        assertThat(out.text()).isEqualTo("y\ny\nst=0\n");
    }
}
