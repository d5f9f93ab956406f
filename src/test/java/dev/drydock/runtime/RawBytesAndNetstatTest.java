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

    @Test
    void netstatAndProcNetTcpShowTheAddressAProgramBound() throws Exception {
        NetStack net = rig.rt.loopbackNet("c0ffee");
        rig.write("/www/index.html", "hi\n");
        SimProcess nc = rig.rt.start(rig.spec("nc", "-l", "-p", "8080").net(net).build());
        SimProcess httpd = rig.rt.start(rig.spec("httpd", "-f", "-p", "127.0.0.1:8084", "-h", "/www").net(net).build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!net.listeningPorts().containsAll(java.util.List.of(8080, 8084)) && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        // As on dockerd: IPv4-bound sockets (from /proc/net/tcp) come first, then the dual-stack ones (tcp6).
        SimRuntime.Result r = rig.run(rig.spec("netstat", "-tln").net(net).build());
        assertThat(r.stdout()).isEqualTo("Active Internet connections (only servers)\n"
            + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
            + "tcp        0      0 127.0.0.1:8084          0.0.0.0:*               LISTEN      \n"
            + "tcp        0      0 :::8080                 :::*                    LISTEN      \n");
        String tcp = rig.run(rig.spec("sh", "-c", "awk 'NR > 1 {print $2}' /proc/net/tcp; echo --;"
            + " awk 'NR > 1 {print $2}' /proc/net/tcp6").net(net).build()).stdout();
        assertThat(tcp).isEqualTo("0100007F:1F94\n--\n00000000000000000000000000000000:1F90\n");
        nc.signal(Signals.SIGKILL);
        httpd.signal(Signals.SIGKILL);
    }
}
