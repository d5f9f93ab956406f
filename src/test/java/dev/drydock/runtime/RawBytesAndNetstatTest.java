package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.drydock.runtime.net.NetStack;

/** Escapes that name a byte write that byte, and netstat shows listeners as busybox does (checked on dockerd). */
class RawBytesAndNetstatTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void octalAndHexEscapesWriteRawBytesNotTheirUtf8() {
        SimRuntime.Result r = rig.sh("printf '\\377' | od -An -tx1; printf '\\377\\x41\\303\\n' | od -An -tx1;"
            + " echo -e '\\xff\\0101\\0303' | od -An -tx1; printf '%b' '\\0351\\n' | od -An -tx1;"
            + " echo -n 'é' | od -An -tx1; printf '\\777' | od -An -tx1; /bin/echo -e '\\xfe' | od -An -tx1");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo(" ff\n ff 41 c3 0a\n ff 41 c3 0a\n e9 0a\n c3 a9\n 3f 37\n fe 0a\n");
    }

    @Test
    void netstatShowsAListenerOnEveryAddressAsTheIpv6Wildcard() throws Exception {
        NetStack net = rig.rt.loopbackNet("c0ffee");
        SimProcess nc = rig.rt.start(rig.spec("nc", "-l", "-p", "8080").net(net).build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!net.listeningPorts().contains(8080) && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        SimRuntime.Result r = rig.run(rig.spec("netstat", "-tln").net(net).build());
        assertThat(r.stdout()).isEqualTo("Active Internet connections (only servers)\n"
            + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
            + "tcp        0      0 :::8080                 :::*                    LISTEN      \n");
        nc.signal(Signals.SIGKILL);
    }
}
